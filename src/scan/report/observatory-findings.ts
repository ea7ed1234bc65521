/**
 * scan/report/observatory-findings: each Observatory test that fails or costs points becomes
 * a finding "observatory/<result>", its severity from the score modifier, its evidence the
 * headers of the response that test graded (the redirect chain for redirection, the CORS
 * preflight for CORS, every response that set a cookie for cookies).
 */
import type { Response } from '../http-client.js';
import { readPage } from '../observatory/html.js';
import { type ObservatoryResult, TEST_NAMES, type TestName } from '../observatory/index.js';
import { isHtml, type Retrieval } from '../observatory/retrieve.js';
import type { Evidence, ScanFinding, ScanSeverity } from '../types.js';
import { responseEvidence } from './evidence.js';
import { ruleText } from './observatory-rules.js';
import { scriptIdentity } from './snapshot.js';

const HEADERS: Record<TestName, string[]> = {
  'content-security-policy': ['content-security-policy', 'content-security-policy-report-only'],
  cookies: ['set-cookie', 'strict-transport-security'],
  'cross-origin-resource-sharing': ['access-control-allow-origin', 'access-control-allow-credentials'],
  redirection: ['location'],
  'referrer-policy': ['referrer-policy'],
  'strict-transport-security': ['strict-transport-security'],
  'subresource-integrity': ['content-type'],
  'x-content-type-options': ['x-content-type-options'],
  'x-frame-options': ['x-frame-options', 'content-security-policy'],
  'cross-origin-resource-policy': ['cross-origin-resource-policy'],
};

/** −40 and worse: high; −20 to −30: medium; −5 to −10: low; a failed test that costs nothing: info. */
export function severityOf(modifier: number): ScanSeverity {
  if (modifier <= -40) return 'high';
  if (modifier <= -20) return 'medium';
  if (modifier < 0) return 'low';
  return 'info';
}

export function observatoryFindings(result: ObservatoryResult, retrieval: Retrieval): ScanFinding[] {
  const findings: ScanFinding[] = [];
  for (const name of TEST_NAMES) {
    const test = result.tests[name];
    if (test.pass && test.scoreModifier >= 0) continue;
    const text = ruleText(test.result);
    const response = gradedResponse(name, retrieval);
    const url = response?.url ?? retrieval.http?.route[0] ?? `https://${retrieval.host}/`;
    const finding: ScanFinding = {
      ruleId: `observatory/${test.result}`,
      check: 'observatory',
      severity: severityOf(test.scoreModifier),
      title: text.title,
      message: `${text.description} (${name}: ${test.result}, ${signed(test.scoreModifier)})`,
      url,
    };
    const evidence = response && evidenceFor(name, response, retrieval);
    if (evidence) finding.evidence = evidence;
    findings.push(finding);
  }
  return findings;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** The response whose headers decided the test. */
function gradedResponse(name: TestName, retrieval: Retrieval): Response | undefined {
  if (name === 'cross-origin-resource-sharing') return retrieval.cors ?? retrieval.auto;
  if (name === 'redirection') return retrieval.http?.responses[0] ?? retrieval.auto;
  if (name === 'cookies') {
    const setters = (retrieval.autoSession?.responses ?? []).filter((r) => r.headers['set-cookie']);
    return setters.at(-1) ?? retrieval.auto;
  }
  return retrieval.auto;
}

function evidenceFor(name: TestName, response: Response, retrieval: Retrieval): Evidence {
  if (name === 'subresource-integrity' && isHtml(response)) {
    const scripts = readPage(response.body).scripts.map(
      (s) =>
        `<script src="${scriptIdentity(s.src)}"${s.integrity ? ` integrity="${s.integrity}"` : ''}${s.crossorigin !== undefined ? ` crossorigin="${s.crossorigin}"` : ''}>`,
    );
    return responseEvidence(response, HEADERS[name], scripts.join('\n') || undefined);
  }
  if (name === 'redirection' && retrieval.http) {
    // The chain is the evidence: every hop's URL, the last one possibly unrequested (off host).
    return responseEvidence(response, HEADERS[name], `redirect chain: ${retrieval.http.route.join(' -> ')}`);
  }
  return responseEvidence(response, HEADERS[name]);
}
