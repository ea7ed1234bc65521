/**
 * scan/observatory: the MDN HTTP Observatory's ten tests and its scoring, implemented from
 * reference/scan.md §1.3 (not from its code) and proven equal by the differential test
 * (test/scan-observatory-diff.test.ts). Pure: it reads a Retrieval and returns results.
 */
import { InputError } from '../../core/errors.js';
import { cookieJar, cookiesTest } from './cookies.js';
import { cspTest } from './csp.js';
import { type Algorithm, gradeOf, passes, scoreModifier, scoreOf } from './grade.js';
import {
  corpTest,
  corsTest,
  hstsTest,
  redirectionTest,
  referrerTest,
  xctoTest,
  xfoTest,
} from './header-tests.js';
import { type PageFacts, readPage } from './html.js';
import { isHtml, type Retrieval } from './retrieve.js';
import { sriTest } from './sri.js';

export type { Algorithm } from './grade.js';
export { GRADE_NAMES, gradeBelow } from './grade.js';

export const TEST_NAMES = [
  'content-security-policy',
  'cookies',
  'cross-origin-resource-sharing',
  'redirection',
  'referrer-policy',
  'strict-transport-security',
  'subresource-integrity',
  'x-content-type-options',
  'x-frame-options',
  'cross-origin-resource-policy',
] as const;
export type TestName = (typeof TEST_NAMES)[number];

export interface TestResult {
  result: string;
  pass: boolean;
  scoreModifier: number;
}

export interface ObservatoryResult {
  algorithm: Algorithm;
  score: number;
  grade: string;
  testsPassed: number;
  testsFailed: number;
  tests: Record<TestName, TestResult>;
}

export function gradeRetrieval(retrieval: Retrieval, algorithm: Algorithm): ObservatoryResult {
  const auto = retrieval.auto;
  if (!auto) throw new InputError(`${retrieval.host} did not answer over HTTP or HTTPS`);
  // Like the Observatory: only 2xx, 3xx, 401 and 403 front pages are graded.
  if (auto.status < 200 || (auto.status >= 400 && auto.status !== 401 && auto.status !== 403)) {
    throw new InputError(`${auto.url} answered HTTP ${auto.status}; a scan needs 2xx, 3xx, 401 or 403`);
  }
  const page: PageFacts | undefined = isHtml(auto) ? readPage(auto.body) : undefined;
  const csp = cspTest(auto, page);
  const hsts = hstsTest(auto);
  const hstsPasses = passes(hsts);
  // Observed on 1.4.8: cookies set on /robots.txt do not reach its jar (the reference says
  // they should); the differential test pins this down.
  const jar = cookieJar(retrieval.autoSession?.responses ?? []);
  const results: Record<TestName, string> = {
    'content-security-policy': csp.result,
    cookies: cookiesTest(jar, hstsPasses),
    'cross-origin-resource-sharing': corsTest(retrieval.cors),
    redirection: redirectionTest(retrieval),
    'referrer-policy': referrerTest(auto, page),
    'strict-transport-security': hsts,
    'subresource-integrity': sriTest(auto, page),
    'x-content-type-options': xctoTest(auto),
    'x-frame-options': xfoTest(auto, csp.frameAncestors),
    'cross-origin-resource-policy': corpTest(auto),
  };
  const tests = {} as Record<TestName, TestResult>;
  for (const name of TEST_NAMES) {
    const result = results[name];
    const modifier = scoreModifier(result, algorithm);
    tests[name] = { result, pass: passes(result), scoreModifier: modifier };
  }
  const score = scoreOf(Object.values(tests).map((t) => t.scoreModifier));
  const testsPassed = Object.values(tests).filter((t) => t.pass).length;
  return {
    algorithm,
    score,
    grade: gradeOf(score),
    testsPassed,
    testsFailed: TEST_NAMES.length - testsPassed,
    tests,
  };
}
