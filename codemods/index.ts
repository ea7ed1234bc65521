/**
 * The codemod catalogue. One import and one array entry per codemod; the order is the order
 * the engine tries codemods that answer the same finding, and the order changesets appear in.
 * JavaScript/TypeScript first, then Python, then Java (each section appended by its owner).
 */
import type { Catalogue, Codemod } from '../src/fix/codemod.js';
import javaHardenXxe from './java/harden-xxe.js';
import javaSecureCookie from './java/secure-cookie.js';
import javaSecureRandom from './java/secure-random.js';
import javaSqlParameterizer from './java/sql-parameterizer.js';
import javaStripNewlines from './java/strip-newlines.js';
import jsChildProcess from './js/child-process.js';
import jsCookieFlags from './js/cookie-flags.js';
import jsDomText from './js/dom-text.js';
import jsHtmlEscape from './js/html-escape.js';
import jsHttpsUrl from './js/https-url.js';
import jsJwtAlgorithms from './js/jwt-algorithms.js';
import jsLogInjection from './js/log-injection.js';
import jsPathContainment from './js/path-containment.js';
import jsPrototypeGuard from './js/prototype-guard.js';
import jsRegexpEscape from './js/regexp-escape.js';
import jsSecureRandom from './js/secure-random.js';
import jsSqlParameterize from './js/sql-parameterize.js';
import jsTimingSafeEqual from './js/timing-safe-equal.js';
import jsTlsVerification from './js/tls-verification.js';
import jsWeakHash from './js/weak-hash.js';
import pyFlaskDebugOff from './python/flask-debug.js';
import pyHardenPyyaml from './python/harden-pyyaml.js';
import pyJinja2Autoescape from './python/jinja2-autoescape.js';
import pyJwtVerify from './python/jwt-verify.js';
import pyRequestsTimeout from './python/requests-timeout.js';
import pyRequestsVerify from './python/requests-verify.js';
import pySecureRandom from './python/secure-random.js';
import pySecureTempfile from './python/secure-tempfile.js';
import pySqlParameterization from './python/sql-parameterization.js';
import pySubprocessShellFalse from './python/subprocess-shell-false.js';
import pyUnverifiedSslContext from './python/unverified-ssl-context.js';
import pyUseDefusedxml from './python/use-defusedxml.js';

export const CODEMODS: readonly Codemod[] = [
  // --- JavaScript / TypeScript ------------------------------------------------------------
  jsSecureRandom,
  jsTlsVerification,
  jsWeakHash,
  jsDomText,
  jsRegexpEscape,
  jsChildProcess,
  jsPathContainment,
  jsHtmlEscape,
  jsPrototypeGuard,
  jsCookieFlags,
  jsJwtAlgorithms,
  jsLogInjection,
  jsSqlParameterize,
  jsHttpsUrl,
  jsTimingSafeEqual,
  // --- Python -----------------------------------------------------------------------------
  pySecureRandom,
  pySubprocessShellFalse,
  pyHardenPyyaml,
  pyUseDefusedxml,
  pyRequestsVerify,
  pyRequestsTimeout,
  pySecureTempfile,
  pyJinja2Autoescape,
  pySqlParameterization,
  pyFlaskDebugOff,
  pyJwtVerify,
  pyUnverifiedSslContext,
  // --- Java -------------------------------------------------------------------------------
  javaSecureRandom,
  javaHardenXxe,
  javaSecureCookie,
  javaStripNewlines,
  javaSqlParameterizer,
];

/** The catalogue as composition roots hand it to the engine (fix pool workers import `url`). */
export const CATALOGUE: Catalogue = { codemods: CODEMODS, url: import.meta.url };

export function findCodemod(id: string): Codemod | undefined {
  return CODEMODS.find((c) => c.id === id || c.id === `trust:${id}`);
}
