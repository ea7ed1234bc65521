/**
 * audit: the tamper-evident log. An RFC 9162 Merkle tree over RFC 8785-canonical JSON entries
 * in one SQLite file (store.ts is the only better-sqlite3 user), C2SP signed checkpoints with
 * Ed25519 from node:crypto, offline proofs (C2SP tlog-proof) and a streaming verifier.
 * Other capabilities append through `openAuditLog(path).append(entry)`; this folder imports
 * only core/.
 */

export type { AppendedEntry, OpenAuditLogOptions, StoredEntry } from './audit-log.js';
export { AuditEntryError, AuditLog, openAuditLog } from './audit-log.js';
export {
  assetVerificationEntry,
  fixEntry,
  keyEntry,
  llmCallEntry,
  prEntry,
  revocationEntry,
  scanEntry,
  sha256Hex,
  triageEntry,
  verifyEntry,
} from './builders.js';
export type { Checkpoint } from './checkpoint.js';
export { CheckpointError, openCheckpoint, parseSignedCheckpoint, signCheckpoint } from './checkpoint.js';
export type { CiIdentity } from './ci-identity.js';
export { actorOf, ciIdentity, defaultOrigin } from './ci-identity.js';
export type {
  AssetVerificationFields,
  AuditEntry,
  Decision,
  EntryInput,
  EntryKind,
  FindingRef,
  FixFields,
  KeyFields,
  LlmCallFields,
  PrFields,
  RevocationFields,
  RunFields,
  ScanFields,
  TriageFields,
  VerifyFields,
} from './entries.js';
export { ENTRY_KINDS, ENTRY_SCHEMA } from './entries.js';
export { entryProblems } from './entry-schemas.js';
export type { Signer, Verifier } from './note.js';
export { formatVerifierKey, generateSignerKey, NoteError, parseSignerKey, parseVerifierKey } from './note.js';
export type { ProofBundle, ProofCheck } from './proof.js';
export { formatProof, ProofError, parseProof, proveEntry, verifyProof } from './proof.js';
export type { SignedHead } from './sign.js';
export { checkpointLog } from './sign.js';
export { LogBusyError, StoreError } from './store.js';
export type {
  FailureClass,
  TrustedCheckpoint,
  VerifyFailure,
  VerifyOptions,
  VerifyReport,
} from './verify.js';
export { FAILURE_CLASSES, verifyLog } from './verify.js';
