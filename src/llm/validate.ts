/**
 * llm/validate: the mechanical checks every generated fix passes before an evaluator sees it.
 * They compare the file before and after (both with real values restored) and need no model:
 * the file still parses; no network, process or eval facility appears that was not there;
 * no check (if/throw/raise/assert, an authorization call or decorator) disappears; no scanner
 * suppression is added; and no added text addresses a reviewer or a model.
 */
import type { LanguageId } from '../fix/codemod.js';
import { familyOf, firstSyntaxError, parseSource } from '../fix/languages.js';
import { addedLines, unifiedDiff } from './diff.js';
import type { Rejection } from './edits.js';

type Family = ReturnType<typeof familyOf>;
type Category = 'network' | 'process' | 'eval';

const JS: Record<Category, RegExp[]> = {
  network: [
    /['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns)['"]/,
    /['"](?:axios|node-fetch|got|undici|request|superagent|ws|socket\.io-client|needle|ky)['"]/,
    /\bfetch\s*\(/,
    /\bXMLHttpRequest\b/,
    /\bWebSocket\b/,
    /\bsendBeacon\b/,
  ],
  process: [
    /['"](?:node:)?child_process['"]/,
    /['"](?:execa|shelljs|cross-spawn)['"]/,
    /\bprocess\.(?:binding|dlopen)\b/,
  ],
  eval: [
    /(?<![\w.$])eval\s*\(/,
    /\bnew\s+Function\s*\(/,
    /['"](?:node:)?vm['"]/,
    /\bset(?:Timeout|Interval)\s*\(\s*['"`]/,
    /\brequire\s*\(\s*[^'"`\s)]/,
    /\bimport\s*\(\s*[^'"`\s)]/,
  ],
};

const PY: Record<Category, RegExp[]> = {
  network: [
    /^\s*(?:import|from)\s+(?:socket|ssl|http|urllib|urllib2|urllib3|requests|httpx|aiohttp|ftplib|smtplib|telnetlib|paramiko|websocket|websockets|xmlrpc)\b/m,
  ],
  process: [
    /^\s*(?:import|from)\s+(?:subprocess|pty|multiprocessing)\b/m,
    /\bos\.(?:system|popen|exec\w*|spawn\w*|fork)\s*\(/,
  ],
  eval: [/(?<![\w.])(?:eval|exec|compile)\s*\(/, /\b__import__\s*\(/, /\bimportlib\b/],
};

const JAVA: Record<Category, RegExp[]> = {
  network: [/\bjava\.net\b/, /\bHttpClient\b/, /\bokhttp3\b/, /\borg\.apache\.http\b/, /\bSocket\s*\(/],
  process: [/\bRuntime\.getRuntime\s*\(\s*\)\s*\.exec\b/, /\bProcessBuilder\b/],
  eval: [
    /\bScriptEngine(?:Manager)?\b/,
    /\bjavax\.script\b/,
    /\bGroovyShell\b/,
    /\bClass\.forName\s*\(/,
    /\.defineClass\s*\(/,
  ],
};

const FACILITIES: Record<Family, Record<Category, RegExp[]>> = {
  javascript: JS,
  typescript: JS,
  python: PY,
  java: JAVA,
};

const CHECK_KEYWORDS =
  /\b(?:if|assert|throw|raise|abort)\b|\b(?:HttpResponseForbidden|PermissionDenied|Unauthorized|Forbidden|AccessDenied\w*)\b|\bsendStatus\s*\(\s*40[13]|\bstatus\s*\(\s*40[13]/g;
const AUTH_CALLS =
  /\b(?:is|has|can)_(?:admin|staff|superuser|authenticated|owner|perm\w*|role\w*|access\w*)\b|\b(?:is|has|can|check|require|ensure|verify|validate|authori[sz]e|authenticate|permit)[A-Z_]\w*\s*\(|\b(?:authori[sz]e|authenticate|requireAuth|login_required|permission_required)\b/g;
const DECORATORS =
  /@\s*[\w.]*(?:login_required|permission_required|requires?_\w+|PreAuthorize|PostAuthorize|Secured|RolesAllowed|auth\w*|Authenticated)\b/gi;

const SUPPRESSIONS =
  /\b(?:nosec|nosemgrep|noqa|NOSONAR|lgtm|eslint-disable(?:-next-line|-line)?|gitleaks:allow|noinspection|trust-ignore)\b|codeql\[|@SuppressWarnings|pragma:\s*allowlist|type:\s*ignore/i;
const ADDRESSES_MODEL =
  /\bignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier) instructions\b|\bsystem prompt\b|\bas an ai\b|\blanguage model\b|\b(?:reviewer|evaluator|grader|assistant|llm|ai|judge)s?\b[^\n]{0,60}\b(?:score|rate|grade|approve)|\b(?:score|rate|grade)s? (?:this|it|the fix)\b[^\n]{0,30}\b100\b|\b100\s*\/\s*100\b/i;

export interface ValidationInput {
  path: string;
  language: LanguageId;
  before: string;
  after: string;
}

/** The first problem with the fix, or undefined when every check passes. */
export function validateFix(input: ValidationInput): Rejection | undefined {
  const { before, after, language } = input;
  if (before === after) return { check: 'no-change', reason: 'the fix changes nothing' };
  const family = familyOf(language);
  const syntax = parses(language, before) ? firstError(language, after) : undefined;
  if (syntax) return { check: 'parse', reason: `the fixed file does not parse (line ${syntax})` };
  const codeBefore = stripComments(family, before);
  const codeAfter = stripComments(family, after);
  for (const [category, patterns] of Object.entries(FACILITIES[family]) as [Category, RegExp[]][]) {
    // Counted, not just present: a comment or string that mentions eval( must not license a
    // new eval( call; swapping one process primitive for another (os.system -> subprocess) keeps the count.
    if (uses(codeAfter, patterns) > uses(codeBefore, patterns)) {
      const what = category === 'eval' ? 'an eval' : `a ${category}`;
      return { check: `new-${category}`, reason: `the fix adds ${what} facility the code did not use` };
    }
  }
  const deleted = deletedCheck(codeBefore, codeAfter);
  if (deleted) return { check: 'deleted-check', reason: `the fix removes a check: ${deleted}` };
  const added = addedLines(unifiedDiff(input.path, before, after, 0));
  if (added.some((l) => SUPPRESSIONS.test(l) && !before.includes(l.trim()))) {
    return { check: 'suppression', reason: 'the fix adds a scanner suppression instead of fixing the code' };
  }
  if (added.some((l) => ADDRESSES_MODEL.test(l))) {
    return { check: 'addresses-reviewer', reason: 'the fix adds text addressed to a reviewer or a model' };
  }
  return undefined;
}

function parses(language: LanguageId, text: string): boolean {
  return firstError(language, text) === undefined;
}

function firstError(language: LanguageId, text: string): number | undefined {
  try {
    return firstSyntaxError(parseSource(language, text).root())?.line;
  } catch {
    return 0;
  }
}

function uses(code: string, patterns: RegExp[]): number {
  return patterns.reduce(
    (n, p) => n + [...code.matchAll(new RegExp(p.source, `${p.flags.replace('g', '')}g`))].length,
    0,
  );
}

/** Code without comments (and Python docstrings): what the program does, not what it says. */
function stripComments(family: Family, text: string): string {
  if (family === 'python') {
    return text
      .replace(/^\s*(?:"{3}[\s\S]*?"{3}|'{3}[\s\S]*?'{3})/gm, '')
      .replace(/(^|[^\\'"])#[^\n]*/g, '$1');
  }
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/[^\n]*/g, '$1');
}

function tally(text: string, pattern: RegExp): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of text.matchAll(pattern)) {
    const key = m[0].replace(/\s+/g, '').replace(/\($/, '');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function deletedCheck(a: string, b: string): string | undefined {
  for (const pattern of [DECORATORS, AUTH_CALLS, CHECK_KEYWORDS]) {
    const old = tally(a, pattern);
    const now = tally(b, pattern);
    for (const [key, n] of old) if ((now.get(key) ?? 0) < n) return key;
  }
  return undefined;
}
