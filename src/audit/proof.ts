/**
 * C2SP tlog-proof (c2sp.org/tlog-proof@v1): an offline bundle of the entry (as the `extra`
 * line: base64 of its canonical bytes), its index, the inclusion proof, and the signed
 * checkpoint. Anyone with the verifier key checks it without the database.
 */
import type { AuditLog } from './audit-log.js';
import { openCheckpoint } from './checkpoint.js';
import { hashLeaf, verifyInclusion } from './merkle.js';
import type { Verifier } from './note.js';

const HEADER = 'c2sp.org/tlog-proof@v1';

export class ProofError extends Error {}

export interface ProofBundle {
  index: number;
  entry?: Buffer;
  proof: Buffer[];
  checkpoint: string;
}

export function formatProof(bundle: ProofBundle): string {
  const lines = [HEADER];
  if (bundle.entry) lines.push(`extra ${bundle.entry.toString('base64')}`);
  lines.push(`index ${bundle.index}`, ...bundle.proof.map((h) => h.toString('base64')));
  return `${lines.join('\n')}\n\n${bundle.checkpoint}`;
}

export function parseProof(text: string): ProofBundle {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new ProofError('not a tlog-proof: no blank line before the checkpoint');
  const lines = text.slice(0, split).split('\n');
  if (lines[0] !== HEADER) throw new ProofError(`not a tlog-proof: the first line must be ${HEADER}`);
  let at = 1;
  let entry: Buffer | undefined;
  if (lines[at]?.startsWith('extra ')) {
    entry = base64(lines[at]!.slice(6), 'extra data');
    at++;
  }
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[at] ?? '');
  if (!m || !Number.isSafeInteger(Number(m[1])))
    throw new ProofError('not a tlog-proof: missing "index N" line');
  const proof = lines.slice(at + 1).map((l) => base64(l, 'proof hash'));
  return { index: Number(m[1]), entry, proof, checkpoint: text.slice(split + 2) };
}

/** Build the bundle for entry `index` against the newest stored checkpoint that covers it. */
export function proveEntry(log: AuditLog, index: number, atSize?: number): ProofBundle {
  const size = log.size();
  if (index >= size) throw new ProofError(`no entry ${index}: the log has ${size} entries`);
  const cps = log.checkpoints().filter((c) => c.size > index && (atSize === undefined || c.size === atSize));
  const cp = cps.at(-1);
  if (!cp) {
    throw new ProofError(
      atSize === undefined
        ? `entry ${index} is not covered by a signed checkpoint yet (run 'trust log checkpoint')`
        : `no stored checkpoint of size ${atSize} covers entry ${index}`,
    );
  }
  const stored = log.get(index)!;
  return { index, entry: stored.bytes, proof: log.inclusionProof(index, cp.size), checkpoint: cp.note };
}

export interface ProofCheck {
  origin: string;
  size: number;
  index: number;
  entry: Buffer;
}

/** Check a bundle: signed checkpoint by a trusted key, and the entry included under its root. */
export function verifyProof(text: string, verifiers: readonly Verifier[], origin?: string): ProofCheck {
  const bundle = parseProof(text);
  if (!bundle.entry) throw new ProofError('the proof carries no entry (no "extra" line)');
  const cp = openCheckpoint(bundle.checkpoint, verifiers, origin);
  if (!verifyInclusion(bundle.index, cp.size, hashLeaf(bundle.entry), bundle.proof, cp.root)) {
    throw new ProofError(`entry ${bundle.index} is not included in the checkpointed tree of size ${cp.size}`);
  }
  return { origin: cp.origin, size: cp.size, index: bundle.index, entry: bundle.entry };
}

function base64(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new ProofError(`not a tlog-proof: bad base64 ${what}`);
  return Buffer.from(text, 'base64');
}
