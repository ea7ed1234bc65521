/**
 * C2SP signed-note (c2sp.org/signed-note) with Ed25519 keys from node:crypto:
 * verifier keys `<name>+<hex key id>+base64(0x01 || public key)`, signer keys
 * `PRIVATE+KEY+<name>+<hex key id>+base64(0x01 || seed)` (the Go sumdb/note encodings), and
 * notes `text \n — <name> base64(key id || signature) \n ...`.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { sha256 } from './merkle.js';

const ALG_ED25519 = 0x01;
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SIG_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;

export type NoteFailure = 'malformed' | 'unknown-key' | 'bad-signature';

export class NoteError extends Error {
  constructor(
    readonly reason: NoteFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface Note {
  /** The signed message, ending with "\n". */
  text: string;
  signatures: NoteSignature[];
}

export interface Verifier {
  name: string;
  keyId: Buffer;
  publicKey: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface Signer {
  name: string;
  keyId: Buffer;
  /** The matching verifier key string, to publish. */
  verifierKey: string;
  sign(message: Uint8Array): Buffer;
}

/** SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export function keyIdOf(name: string, publicKey: Uint8Array): Buffer {
  return sha256(Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ALG_ED25519]), publicKey).subarray(0, 4);
}

/** Ed25519 verification that never throws: a malformed key or signature is just "false". */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && isWellFormed(name);
}

export function parseVerifierKey(vkey: string): Verifier {
  const parts = splitKey(vkey.trim());
  if (!parts) throw new NoteError('malformed', 'a verifier key has the form <name>+<key id>+<key>');
  const [name, hexId, b64] = parts;
  const raw = decodeBase64(b64);
  if (
    !isKeyName(name) ||
    !/^[0-9a-f]{8}$/.test(hexId) ||
    !raw ||
    raw.length !== 33 ||
    raw[0] !== ALG_ED25519
  ) {
    throw new NoteError('malformed', 'not an Ed25519 verifier key (<name>+<8 hex>+base64(0x01||key))');
  }
  const publicKey = raw.subarray(1);
  const keyId = keyIdOf(name, publicKey);
  if (keyId.toString('hex') !== hexId)
    throw new NoteError('malformed', 'verifier key id does not match its key');
  let key: KeyObject;
  try {
    key = publicKeyObject(publicKey);
  } catch {
    throw new NoteError('malformed', 'verifier key is not a valid Ed25519 public key');
  }
  return {
    name,
    keyId,
    publicKey,
    verify: (message, signature) => {
      if (signature.length !== 64) return false;
      try {
        return verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = keyIdOf(name, publicKey).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.from([ALG_ED25519]), publicKey]).toString('base64')}`;
}

export function parseSignerKey(skey: string): Signer {
  const text = skey.trim();
  const parts = text.startsWith('PRIVATE+KEY+') ? splitKey(text.slice('PRIVATE+KEY+'.length)) : undefined;
  const [name, hexId, b64] = parts ?? ['', '', ''];
  const raw = decodeBase64(b64);
  if (!parts || !isKeyName(name) || !raw || raw.length !== 33 || raw[0] !== ALG_ED25519) {
    // Never echo the value: it is a secret.
    throw new NoteError('malformed', 'not an Ed25519 signing key (PRIVATE+KEY+<name>+<key id>+<key>)');
  }
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, raw.subarray(1)]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey)
    .export({ format: 'der', type: 'spki' })
    .subarray(SPKI_ED25519.length);
  const keyId = keyIdOf(name, publicKey);
  if (keyId.toString('hex') !== hexId)
    throw new NoteError('malformed', 'signing key id does not match its key');
  return {
    name,
    keyId,
    verifierKey: formatVerifierKey(name, publicKey),
    sign: (message) => sign(null, message, privateKey),
  };
}

/** A fresh key pair named `name`: the secret signer key and the public verifier key. */
export function generateSignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isKeyName(name))
    throw new NoteError('malformed', `key name "${name}" must be non-empty, without spaces or "+"`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
  const id = keyIdOf(name, pub).toString('hex');
  const body = Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64');
  return { signerKey: `PRIVATE+KEY+${name}+${id}+${body}`, verifierKey: formatVerifierKey(name, pub) };
}

/** Split a note into its text and signature lines. Throws NoteError('malformed'). */
export function parseNote(note: string | Uint8Array): Note {
  const text = typeof note === 'string' ? note : decodeUtf8(note);
  if (text === undefined) throw new NoteError('malformed', 'note is not valid UTF-8');
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text))
    throw new NoteError('malformed', 'note has control characters');
  const split = text.lastIndexOf('\n\n');
  if (split < 0 || !text.endsWith('\n')) throw new NoteError('malformed', 'note has no signature block');
  const body = text.slice(0, split + 1);
  const lines = text.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed', 'note has too many signatures');
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed', 'malformed signature line');
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const raw = decodeBase64(rest.slice(space + 1));
    if (space <= 0 || !isKeyName(name) || !raw || raw.length < 5) {
      throw new NoteError('malformed', 'malformed signature line');
    }
    return { name, keyId: raw.subarray(0, 4), signature: raw.subarray(4) };
  });
  return { text: body, signatures };
}

export function formatNote(note: Note): string {
  const lines = note.signatures.map(
    (s) => `${SIG_PREFIX}${s.name} ${Buffer.concat([s.keyId, s.signature]).toString('base64')}\n`,
  );
  return `${note.text}\n${lines.join('')}`;
}

export function signNote(text: string, signers: readonly Signer[]): string {
  if (!text.endsWith('\n') || text.includes('\n\n'))
    throw new NoteError('malformed', 'note text must end in one newline');
  const message = Buffer.from(text, 'utf8');
  return formatNote({
    text,
    signatures: signers.map((s) => ({ name: s.name, keyId: s.keyId, signature: s.sign(message) })),
  });
}

/**
 * Parse and check a note against trusted verifiers. Signatures by unknown keys are ignored
 * (that is how rotation by dual-signing works); a known key with a bad signature fails; a note
 * with no signature by any known key fails with 'unknown-key'.
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly Verifier[],
): Note & { verifiedBy: Verifier[] } {
  const parsed = parseNote(note);
  const message = Buffer.from(parsed.text, 'utf8');
  const verifiedBy: Verifier[] = [];
  for (const sig of parsed.signatures) {
    const matches = verifiers.filter((v) => v.name === sig.name && v.keyId.equals(sig.keyId));
    if (matches.length > 1) throw new NoteError('malformed', `ambiguous verifier keys for ${sig.name}`);
    const v = matches[0];
    if (!v) continue;
    if (!v.verify(message, sig.signature))
      throw new NoteError('bad-signature', `signature by ${sig.name} does not verify`);
    verifiedBy.push(v);
  }
  if (verifiedBy.length === 0) {
    const names = [...new Set(parsed.signatures.map((s) => `${s.name}+${s.keyId.toString('hex')}`))].join(
      ', ',
    );
    throw new NoteError('unknown-key', `no signature by a trusted key (signed by ${names})`);
  }
  return { ...parsed, verifiedBy };
}

/** `<name>+<id>+<base64>`: the base64 part may itself contain "+". */
function splitKey(text: string): [string, string, string] | undefined {
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first <= 0 || second < 0) return undefined;
  return [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isWellFormed(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}
