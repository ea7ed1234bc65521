import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  formatCheckpointBody,
  openCheckpoint,
  parseCheckpointBody,
  signCheckpoint,
} from './checkpoint.js';
import { EMPTY_ROOT } from './merkle.js';
import {
  generateSignerKey,
  NoteError,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.js';

const origin = 'github.com/acme/app/trust-audit';

describe('keys and notes', () => {
  const a = generateSignerKey(origin);
  const b = generateSignerKey(origin);
  const signerA = parseSignerKey(a.signerKey);
  const signerB = parseSignerKey(b.signerKey);
  const vA = parseVerifierKey(a.verifierKey);
  const vB = parseVerifierKey(b.verifierKey);

  it('generates a key pair whose verifier key matches', () => {
    expect(signerA.verifierKey).toBe(a.verifierKey);
    expect(a.verifierKey.startsWith(`${origin}+`)).toBe(true);
    expect(a.signerKey.startsWith(`PRIVATE+KEY+${origin}+`)).toBe(true);
  });

  it('accepts dual-signed notes during rotation and ignores unknown keys', () => {
    const note = signNote('rotate\n', [signerA, signerB]);
    expect(openNote(note, [vA]).verifiedBy).toEqual([vA]);
    expect(openNote(note, [vB]).verifiedBy).toEqual([vB]);
    expect(() => openNote(signNote('x\n', [signerB]), [vA])).toThrow(NoteError);
  });

  it('names a bad signature and an unknown key', () => {
    const note = signNote('hello\n', [signerA]);
    const flipped = note.replace('hello', 'hellp');
    expect(() => openNote(flipped, [vA])).toThrow(expect.objectContaining({ reason: 'bad-signature' }));
    expect(() => openNote(note, [vB])).toThrow(expect.objectContaining({ reason: 'unknown-key' }));
  });

  it('rejects every single-character change to a verifier key', () => {
    for (let i = 0; i < a.verifierKey.length; i++) {
      const c = a.verifierKey[i] === 'A' ? 'B' : 'A';
      const changed = a.verifierKey.slice(0, i) + c + a.verifierKey.slice(i + 1);
      let accepted = false;
      try {
        const v = parseVerifierKey(changed);
        accepted = openNote(signNote('m\n', [signerA]), [v]).verifiedBy.length > 0;
      } catch {
        accepted = false;
      }
      expect(accepted, `position ${i}`).toBe(false);
    }
  });

  it('never echoes a signing key in its error', () => {
    const bad = `${a.signerKey}x`;
    expect(() => parseSignerKey(bad)).toThrow(NoteError);
    try {
      parseSignerKey(bad);
    } catch (error) {
      expect(String(error)).not.toContain(a.signerKey.split('+')[4]);
    }
  });
});

describe('checkpoints', () => {
  const key = generateSignerKey(origin);
  const signer = parseSignerKey(key.signerKey);
  const verifier = parseVerifierKey(key.verifierKey);

  it('round-trips and checks the origin', () => {
    const note = signCheckpoint({ origin, size: 3, root: EMPTY_ROOT }, [signer]);
    expect(openCheckpoint(note, [verifier], origin).size).toBe(3);
    expect(() => openCheckpoint(note, [verifier], 'github.com/other/repo/trust-audit')).toThrow(
      expect.objectContaining({ reason: 'wrong-origin' }),
    );
  });

  it('rejects malformed bodies', () => {
    const root = EMPTY_ROOT.toString('base64');
    for (const body of [
      `${origin}\n3\n`,
      `\n3\n${root}\n`,
      `${origin}\n-1\n${root}\n`,
      `${origin}\n03\n${root}\n`,
      `${origin}\nx\n${root}\n`,
      `${origin}\n99999999999999999999\n${root}\n`,
      `${origin}\n3\nnot base64\n`,
      `${origin}\n3\n${root}`,
    ]) {
      expect(() => parseCheckpointBody(body), JSON.stringify(body)).toThrow(CheckpointError);
    }
    expect(parseCheckpointBody(formatCheckpointBody({ origin, size: 0, root: EMPTY_ROOT })).size).toBe(0);
  });
});
