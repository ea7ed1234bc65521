/**
 * The per-entry checks of the verifier: leaf hash, canonical JSON, schema, and the entry's own
 * `seq` against its index, which tells a deletion, an insertion and a reordering apart (using
 * the following row as the only lookahead).
 */
import { entryProblems } from './entry-schemas.js';
import { canonicalBytes, parseCanonical } from './jcs.js';
import { hashLeaf } from './merkle.js';
import type { EntryRow } from './store.js';
import type { FailureClass, VerifyFailure } from './verify.js';

const failure = (cls: FailureClass, index: number, message: string): VerifyFailure => ({
  class: cls,
  index,
  message,
});

/** The first problem with one stored row, or undefined when it is sound. */
export function checkRow(row: EntryRow, following: EntryRow | undefined): VerifyFailure | undefined {
  const i = row.idx;
  const parsed = parseCanonical(row.body);
  if (!hashLeaf(row.body).equals(row.leaf_hash)) {
    if (parsed && !parsed.canonical && sameMeaningAsStored(parsed.value, row.leaf_hash)) {
      return failure(
        'non-canonical',
        i,
        `entry ${i} was rewritten as non-canonical JSON with the same meaning`,
      );
    }
    return failure(
      'modified',
      i,
      `entry ${i}: its body does not match its stored leaf hash (the body or the hash was changed)`,
    );
  }
  if (!parsed)
    return failure('modified', i, `entry ${i} is not JSON (its leaf hash was recomputed to match)`);
  if (!parsed.canonical) return failure('non-canonical', i, `entry ${i} is not in RFC 8785 canonical form`);
  const seq = (parsed.value as { seq?: unknown }).seq;
  if (typeof seq === 'number' && seq !== i) return classifyShift(i, seq, following);
  const problems = entryProblems(parsed.value);
  if (problems.length > 0)
    return failure('invalid-entry', i, `entry ${i} does not match its schema: ${problems.join('; ')}`);
  return undefined;
}

/** An entry at index i that says it is entry `seq`: which edit explains it? */
function classifyShift(i: number, seq: number, following: EntryRow | undefined): VerifyFailure {
  const nextSeq = following ? seqOf(following) : undefined;
  if (seq > i && (following === undefined || nextSeq === seq + 1)) {
    const what = seq - 1 === i ? `entry ${i} was` : `entries ${i}..${seq - 1} were`;
    return failure(
      'deleted',
      i,
      `${what} deleted and the later entries renumbered (index ${i} holds entry ${seq})`,
    );
  }
  if (seq < i && (following === undefined || nextSeq === i)) {
    return failure('inserted', i, `an extra entry was inserted at index ${i} (a copy of entry ${seq})`);
  }
  return failure('reordered', i, `entries were reordered: index ${i} holds entry ${seq}`);
}

function sameMeaningAsStored(value: unknown, leafHash: Buffer): boolean {
  try {
    return hashLeaf(canonicalBytes(value)).equals(leafHash);
  } catch {
    return false;
  }
}

function seqOf(row: EntryRow): number | undefined {
  try {
    const seq = (JSON.parse(row.body.toString('utf8')) as { seq?: unknown }).seq;
    return typeof seq === 'number' ? seq : undefined;
  } catch {
    return undefined;
  }
}
