/**
 * proxy/envelope: AES-256-GCM envelope encryption of cache entries. Each entry gets a fresh
 * random data key; the content is sealed with it and the data key is wrapped by the org key.
 * Both seals bind the org and the entry's cache id as associated data, so an entry copied to
 * another id or org fails to open. Rotation re-wraps the data key and never touches content.
 *
 * Layout (bytes): version(1) | kid(8) | wrapIv(12) | wrappedKey(32) | wrapTag(16) | iv(12) | tag(16) | ciphertext
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 1;
const KID = 8;
const IV = 12;
const TAG = 16;
const KEY = 32;
const HEADER = 1 + KID + IV + KEY + TAG + IV + TAG;

export class EnvelopeError extends Error {}

export function associatedData(org: string, id: string): Buffer {
  return Buffer.from(`trust-proxy/v1\0${org}\0${id}`, 'utf8');
}

function seal(
  key: Buffer,
  plaintext: Buffer,
  aad: Buffer,
  iv = randomBytes(IV),
): { iv: Buffer; tag: Buffer; data: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data };
}

function unseal(key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, aad: Buffer): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch (error) {
    throw new EnvelopeError('entry does not decrypt (wrong key, shredded org or tampered entry)', {
      cause: error,
    });
  }
}

/** What seals an entry: the org key, the master key id (kid) and the associated data. */
export type SealWith = [orgKey: Buffer, kid: Buffer, aad: Buffer];

/**
 * Seal `plaintext` under a fresh data key wrapped by `orgKey` (identified by `kid`), in the
 * layout above. Self-contained (its only free names are its parameters and Buffer): the
 * SQLite store's writer thread runs this same function's source (proxy/sqlite-writer.ts), so
 * a miss's encryption need not run on the thread that serves requests.
 */
export function sealEnvelope(
  crypto: Pick<typeof import('node:crypto'), 'createCipheriv' | 'randomBytes'>,
  orgKey: Uint8Array,
  kid: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Buffer {
  // version(1) | kid(8) | wrapIv(12) | wrappedKey(32) | wrapTag(16) | iv(12) | tag(16) = 97
  const out = Buffer.allocUnsafe(97 + plaintext.length);
  // One draw from the CSPRNG for the data key and both IVs (three calls cost a miss more).
  const random = crypto.randomBytes(32 + 12 + 12);
  const dataKey = random.subarray(0, 32);
  const wrapIv = random.subarray(32, 44);
  const iv = random.subarray(44, 56);
  // Seal `data` under `key`: its ciphertext at `at` in `out`, its tag at `tagAt`.
  const gcm = (key: Uint8Array, iv: Uint8Array, data: Uint8Array, at: number, tagAt: number) => {
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    out.set(cipher.update(data), at);
    cipher.final();
    out.set(cipher.getAuthTag(), tagAt);
  };
  out[0] = 1;
  out.set(kid, 1);
  out.set(wrapIv, 9);
  gcm(orgKey, wrapIv, dataKey, 21, 53);
  out.set(iv, 69);
  gcm(dataKey, iv, plaintext, 97, 81);
  random.fill(0);
  return out;
}

const NODE_CRYPTO = { createCipheriv, randomBytes };

/** Encrypt `plaintext` under a fresh data key wrapped by `orgKey` (identified by `kid`). */
export function encryptEntry(orgKey: Buffer, kid: Buffer, aad: Buffer, plaintext: Buffer): Buffer {
  return sealEnvelope(NODE_CRYPTO, orgKey, kid, aad, plaintext);
}

interface Parts {
  kid: Buffer;
  wrapIv: Buffer;
  wrapped: Buffer;
  wrapTag: Buffer;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

function split(envelope: Buffer): Parts {
  if (envelope.length < HEADER || envelope[0] !== VERSION) throw new EnvelopeError('not a cache envelope');
  let at = 1;
  const take = (n: number) => {
    const part = envelope.subarray(at, at + n);
    at += n;
    return part;
  };
  return {
    kid: take(KID),
    wrapIv: take(IV),
    wrapped: take(KEY),
    wrapTag: take(TAG),
    iv: take(IV),
    tag: take(TAG),
    data: envelope.subarray(HEADER),
  };
}

/** The id of the master key an envelope's data key is wrapped under. */
export function envelopeKid(envelope: Buffer): Buffer {
  return split(envelope).kid;
}

export function decryptEntry(orgKey: Buffer, aad: Buffer, envelope: Buffer): Buffer {
  const p = split(envelope);
  const dataKey = unseal(orgKey, p.wrapIv, p.wrapTag, p.wrapped, aad);
  try {
    return unseal(dataKey, p.iv, p.tag, p.data, aad);
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wrap the data key from `oldKey` to `newKey`; the content bytes are copied as they are. */
export function rewrapEntry(
  oldKey: Buffer,
  newKey: Buffer,
  newKid: Buffer,
  aad: Buffer,
  envelope: Buffer,
): Buffer {
  const p = split(envelope);
  const dataKey = unseal(oldKey, p.wrapIv, p.wrapTag, p.wrapped, aad);
  const wrapped = seal(newKey, dataKey, aad);
  dataKey.fill(0);
  return Buffer.concat([
    Buffer.from([VERSION]),
    newKid,
    wrapped.iv,
    wrapped.data,
    wrapped.tag,
    p.iv,
    p.tag,
    p.data,
  ]);
}
