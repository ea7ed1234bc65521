/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): `origin\nsize\nbase64(root)\n[extension
 * lines]`, carried as the text of a signed note. We write no extension lines.
 */
import { HASH_SIZE } from './merkle.js';
import { NoteError, openNote, parseNote, type Signer, signNote, type Verifier } from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions: string[];
}

export class CheckpointError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-origin',
    message: string,
  ) {
    super(message);
  }
}

export function formatCheckpointBody(c: Pick<Checkpoint, 'origin' | 'size' | 'root'>): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;
}

export function parseCheckpointBody(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('malformed', 'checkpoint body must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('malformed', 'checkpoint has fewer than three lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) throw new CheckpointError('malformed', 'checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new CheckpointError('malformed', `checkpoint size "${sizeText}" is not a decimal size`);
  }
  const root = Buffer.from(rootText, 'base64');
  if (!/^[A-Za-z0-9+/]{43}=$/.test(rootText) || root.length !== HASH_SIZE) {
    throw new CheckpointError('malformed', 'checkpoint root is not a base64 SHA-256 hash');
  }
  if (extensions.some((l) => l.length === 0))
    throw new CheckpointError('malformed', 'empty checkpoint extension line');
  return { origin, size: Number(sizeText), root, extensions };
}

/** Parse a signed checkpoint without checking signatures (for display and for vectors). */
export function parseSignedCheckpoint(note: string | Uint8Array): Checkpoint & { note: Note } {
  const parsed = rethrow(() => parseNote(note));
  return { ...parseCheckpointBody(parsed.text), note: parsed };
}

type Note = ReturnType<typeof parseNote>;

export function signCheckpoint(
  c: Pick<Checkpoint, 'origin' | 'size' | 'root'>,
  signers: readonly Signer[],
): string {
  return signNote(formatCheckpointBody(c), signers);
}

/**
 * Open a signed checkpoint: well-formed, from `origin` (when given), and signed by at least one
 * trusted key with no failing signature by a trusted key.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly Verifier[],
  origin?: string,
): Checkpoint {
  const parsedNote = rethrow(() => parseNote(note));
  const checkpoint = parseCheckpointBody(parsedNote.text);
  if (origin !== undefined && checkpoint.origin !== origin) {
    throw new CheckpointError(
      'wrong-origin',
      `checkpoint is for origin "${checkpoint.origin}", not "${origin}"`,
    );
  }
  rethrow(() => openNote(note, verifiers));
  return checkpoint;
}

function rethrow<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof NoteError) throw new CheckpointError(error.reason, error.message);
    throw error;
  }
}
