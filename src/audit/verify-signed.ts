/**
 * The verifier's fast pass over the part of the log that signed checkpoints cover: per entry
 * only the leaf hash (computed from the body, compared with the stored one) folded into the
 * compact range, and at each checkpoint size the root compared with every signed checkpoint
 * of that size. No JSON parse, no canonical form, no schema.
 *
 * Why that is enough to call those entries verified: a checkpoint whose signature a trusted key
 * made commits, through SHA-256, to the exact bytes and order of entries [0, size). Equal roots
 * mean the bodies are byte for byte the ones the key holder's log held when it signed, so
 * every edit an attacker can make to them afterwards (modify, delete, insert, reorder,
 * truncate, roll back) changes a root and is caught. What a root does not prove is that
 * those signed bytes were canonical and schema-valid in the first place: the appender checks
 * that before it writes (audit-log.ts), and the pass over the entries after the newest
 * checkpoint checks it before they are signed next time, but a log that was edited (with
 * recomputed hashes) before it was signed would carry its bad entries under a good root.
 * `trust log verify --deep` checks every entry in full for that case.
 *
 * Any disagreement stops the pass at the last checkpoint that agreed, and the caller re-reads
 * from there with every check, so failures are named exactly as a full pass names them.
 */
import { type CompactRange, HASH_SIZE, sha256 } from './merkle.js';
import type { LogStore } from './store.js';

/** Rows per read: large enough to amortise the query, small enough to keep memory flat. */
const CHUNK = 512;

/**
 * Fold entries from `range.size` up to each size in `sizes` (ascending), asking `agrees` at
 * each one. Returns the range at the largest size where every row was sound and `agrees` said
 * yes (a copy: `range` itself may have moved past it).
 */
export function foldSignedPrefix(
  store: LogStore,
  range: CompactRange,
  sizes: readonly number[],
  agrees: (size: number, root: Buffer) => boolean,
): CompactRange {
  let verified = range.clone();
  for (const size of sizes) {
    if (size <= range.size) continue;
    while (range.size < size) {
      const from = range.size;
      const to = Math.min(size, from + CHUNK);
      const inputs = store.leafInputs(from, to);
      // A gap, the end of the log, an odd row or an odd file: the full pass says which.
      if (!inputs || inputs.length !== to - from) return verified;
      for (const input of inputs) {
        const end = input.length - HASH_SIZE;
        const leaf = sha256(input.subarray(0, end));
        if (leaf.compare(input, end) !== 0) return verified;
        range.append(leaf);
      }
    }
    if (!agrees(size, range.root())) return verified;
    verified = range.clone();
  }
  return verified;
}
