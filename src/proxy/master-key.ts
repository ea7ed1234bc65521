/**
 * proxy/master-key: the user's master key (TRUST_MASTER_KEY, 32 bytes as hex or base64) and
 * everything derived from it with HKDF-SHA256. Org keys also take the org's random secret,
 * which the store keeps: destroying it (shred) makes that org's keys unrecoverable.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../core/errors.js';

export interface MasterKey {
  key: Buffer;
  /** 8-byte id stored in each envelope and in the store's check record. */
  kid: Buffer;
}

export function parseMasterKey(text: string | undefined, name = 'TRUST_MASTER_KEY'): MasterKey {
  const value = text?.trim();
  if (!value) {
    throw new ConfigError(
      `${name} is not set: the proxy cache is encrypted with it (32 bytes, hex or base64; e.g. openssl rand -base64 32)`,
    );
  }
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(value)) {
    const decoded = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (decoded.length === 32) key = decoded;
  }
  if (!key) throw new ConfigError(`${name} must be 32 bytes as 64 hex digits or base64`);
  const none = Buffer.alloc(0);
  return { key, kid: derive(key, none, 'kid').subarray(0, 8) };
}

function derive(ikm: Buffer, salt: Buffer, info: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from(`trust-proxy/v1/${info}`, 'utf8'), length));
}

export interface OrgKeys {
  /** Wraps the data keys of the org's entries. */
  wrap: Buffer;
  /** Keys the HMAC that turns a request into the org's cache id (so ids are no oracle). */
  index: Buffer;
}

const SALT = 32;

/**
 * An org's secret as the store keeps it: a random salt, and the org's random index key
 * sealed under the org wrap key (HKDF of the master key and the salt). The index key is
 * random rather than derived so cache ids survive a master-key rotation.
 */
export function newOrgSecret(master: MasterKey, org: string): Buffer {
  const salt = randomBytes(SALT);
  return Buffer.concat([salt, sealIndex(wrapKey(master, salt, org), randomBytes(32), org)]);
}

function wrapKey(master: MasterKey, salt: Buffer, org: string): Buffer {
  return derive(master.key, salt, `org-wrap\0${org}`);
}

function sealIndex(key: Buffer, index: Buffer, org: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(`trust-proxy/v1/org-index\0${org}`, 'utf8'));
  const data = Buffer.concat([c.update(index), c.final()]);
  return Buffer.concat([iv, data, c.getAuthTag()]);
}

function openIndex(key: Buffer, sealed: Buffer, org: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(Buffer.from(`trust-proxy/v1/org-index\0${org}`, 'utf8'));
  d.setAuthTag(sealed.subarray(44, 60));
  return Buffer.concat([d.update(sealed.subarray(12, 44)), d.final()]);
}

/** The org's keys; throws when the secret was sealed under another master key. */
export function deriveOrgKeys(master: MasterKey, secret: Buffer, org: string): OrgKeys {
  const salt = secret.subarray(0, SALT);
  const wrap = wrapKey(master, salt, org);
  return { wrap, index: openIndex(wrap, secret.subarray(SALT), org) };
}

/** The same org secret (salt and index key) sealed under `next` instead of `current`. */
export function rewrapOrgSecret(current: MasterKey, next: MasterKey, secret: Buffer, org: string): Buffer {
  const salt = secret.subarray(0, SALT);
  const index = openIndex(wrapKey(current, salt, org), secret.subarray(SALT), org);
  return Buffer.concat([salt, sealIndex(wrapKey(next, salt, org), index, org)]);
}
