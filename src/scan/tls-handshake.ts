/**
 * scan/tls-handshake: one TLS handshake to a pinned address and nothing else (no HTTP
 * request), for the protocol probes and the certificate facts. ScanClient.handshake is the
 * only caller, so the rate limit, the budget and the pinning hold for it.
 *
 * What can be probed: Node 20 links OpenSSL 3, which refuses TLS 1.0 and 1.1 below security
 * level 0 (the handshake fails with ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED, which a
 * naive probe would read as "not offered"). A probe for those versions therefore sets
 * `@SECLEVEL=0`. SSLv2 and SSLv3 are compiled out of Node's OpenSSL: they cannot be probed
 * at all, and no finding ever claims they are off.
 */
import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate, type SecureVersion } from 'node:tls';
import type { PinnedTarget } from './target.js';

export interface HandshakeOptions {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /** An OpenSSL cipher string, e.g. "DEFAULT:@SECLEVEL=0" to allow TLS 1.0/1.1. */
  ciphers?: string;
}

export interface Handshake {
  ok: boolean;
  /** "TLSv1.3", … when the handshake completed. */
  protocol?: string;
  cipher?: string;
  cert?: DetailedPeerCertificate;
  /** OpenSSL's own verdict against the trusted roots (and the scan's extra CA). */
  authorized?: boolean;
  authorizationError?: string;
  /** Why the handshake failed: an OpenSSL or socket error code. */
  error?: string;
}

export function handshake(
  target: URL,
  pinned: PinnedTarget,
  options: HandshakeOptions & { timeoutMs: number; ca?: string[] },
): Promise<Handshake> {
  const bare = pinned.host.replace(/^\[|\]$/g, '');
  return new Promise<Handshake>((resolve) => {
    const socket = connect({
      host: pinned.address,
      port: Number(target.port || 443),
      servername: isIP(bare) ? undefined : bare,
      // Verification is judged from the result (authorized, the chain), never by refusing.
      rejectUnauthorized: false,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      ...(options.ciphers ? { ciphers: options.ciphers } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      timeout: options.timeoutMs,
    });
    let done = false;
    const finish = (result: Handshake) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(result);
    };
    socket.on('secureConnect', () =>
      finish({
        ok: true,
        protocol: socket.getProtocol() ?? undefined,
        cipher: socket.getCipher()?.name,
        cert: socket.getPeerCertificate(true),
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
      }),
    );
    socket.on('timeout', () => finish({ ok: false, error: 'ETIMEDOUT' }));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
  });
}
