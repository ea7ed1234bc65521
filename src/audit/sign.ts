/**
 * Signing the log: a `run` entry binding this checkpoint to the CI run (and to the previous
 * checkpoint), then a C2SP checkpoint over the new size and root, stored in the log.
 */
import type { AuditLog } from './audit-log.js';
import { parseSignedCheckpoint, signCheckpoint } from './checkpoint.js';
import type { Signer } from './note.js';

export interface SignedHead {
  size: number;
  root: Buffer;
  note: string;
}

export function checkpointLog(
  log: AuditLog,
  signers: readonly Signer[],
  run: { command: string; trustVersion: string },
): SignedHead {
  const previous = log.checkpoints().at(-1);
  const prev = previous ? parseSignedCheckpoint(previous.note) : undefined;
  log.append({
    kind: 'run',
    command: run.command,
    trustVersion: run.trustVersion,
    ci: log.ci,
    ...(prev ? { previousCheckpoint: { size: prev.size, root: prev.root.toString('base64') } } : {}),
  });
  const size = log.size();
  const root = log.root(size);
  const note = signCheckpoint({ origin: log.origin, size, root }, signers);
  log.addCheckpoint(size, note);
  // Informational only: verification trusts the committed keys, never the file's own copy.
  log.setMeta('verifierKeys', signers.map((k) => k.verifierKey).join('\n'));
  return { size, root, note };
}
