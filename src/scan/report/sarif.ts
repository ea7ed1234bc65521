/**
 * scan/report/sarif: SARIF 2.1.0 from scan reports, one run for all assets. Locations are the
 * scanned URLs (artifactLocation.uri = "https://…", as ZAP's sarif-json does); the evidence
 * goes into SARIF's own webRequest/webResponse objects; each rule carries help text, its
 * compliance ids as tags (GitHub code scanning shows `external/cwe/cwe-N` tags) and a
 * security-severity. partialFingerprints hash the rule id and the URL without its query, so a
 * finding keeps its identity across nightly scans while its message or evidence changes.
 */
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import type { Compliance, ScanFinding, ScanReport, ScanSeverity } from '../types.js';
import { complianceOf } from './compliance.js';
import { ruleHelp } from './rule-help.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'trustScanFinding/v1';
/** The project's home (package.json homepage, as the User-Agent names it). */
const PROJECT_URL = 'https://github.com/trust-cli/trust';

const LEVEL: Record<ScanSeverity, Sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning reads this (0.0–10.0) to rank security alerts. */
const SECURITY_SEVERITY: Record<ScanSeverity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export function scanSarif(reports: ScanReport[]): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Sarif.Result[] = [];
  for (const report of reports) {
    for (const finding of report.findings) {
      let index = ruleIndex.get(finding.ruleId);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(finding.ruleId, index);
        rules.push(ruleOf(finding));
      }
      results.push(resultOf(finding, index, report));
    }
  }
  const version = reports[0]?.tool.version ?? '0.0.0';
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'trust-scan',
        fullName: 'trust scan (read-only web posture scan)',
        version,
        semanticVersion: version,
        informationUri: PROJECT_URL,
        rules,
      },
    },
    automationDetails: { id: 'trust-scan/' },
    columnKind: 'utf16CodeUnits',
    results,
    invocations: reports.map((r) => ({
      executionSuccessful: true,
      startTimeUtc: r.startedAt,
      endTimeUtc: r.finishedAt,
      properties: {
        asset: r.asset.url,
        env: r.asset.env,
        grade: r.observatory.grade,
        score: r.observatory.score,
        algorithm: r.algorithm,
      },
    })),
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

function ruleOf(finding: ScanFinding): Sarif.ReportingDescriptor {
  const compliance = finding.compliance ?? complianceOf(finding.ruleId);
  const ids = complianceLines(compliance);
  const { description, remedy } = ruleHelp(finding);
  return {
    id: finding.ruleId,
    name: ruleName(finding.ruleId),
    shortDescription: { text: finding.title },
    fullDescription: { text: description },
    help: {
      text: [description, '', `Fix: ${remedy}`, '', ...ids.map(([k, v]) => `${k}: ${v}`)].join('\n'),
      markdown: [
        `**${finding.title}**`,
        '',
        description,
        '',
        `**Fix:** ${remedy}`,
        '',
        ...ids.map(([k, v]) => `- ${k}: ${v}`),
      ].join('\n'),
    },
    ...(finding.check === 'observatory'
      ? { helpUri: 'https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring' }
      : {}),
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: {
      tags: tagsOf(compliance, finding.check),
      'security-severity': SECURITY_SEVERITY[finding.severity],
      precision: 'very-high',
      compliance,
    },
  };
}

function resultOf(finding: ScanFinding, ruleIndex: number, report: ScanReport): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    kind: 'fail',
    message: { text: `${finding.title}: ${finding.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: finding.url } } }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprintOf(finding) },
    properties: {
      severity: finding.severity,
      check: finding.check,
      asset: report.asset.url,
      compliance: finding.compliance ?? complianceOf(finding.ruleId),
    },
  };
  const e = finding.evidence;
  if (e) {
    const space = e.request.indexOf(' ');
    result.webRequest = {
      method: space > 0 ? e.request.slice(0, space) : 'GET',
      target: space > 0 ? e.request.slice(space + 1) : e.request,
    };
    result.webResponse = {
      ...(e.status !== undefined ? { statusCode: e.status } : {}),
      ...(e.headers?.length ? { headers: joinHeaders(e.headers) } : {}),
      ...(e.bodyExcerpt ? { body: { text: e.bodyExcerpt } } : {}),
    };
    if (e.secrets?.length) (result.properties as Record<string, unknown>).secretsRedacted = e.secrets;
  }
  return result;
}

/** Stable across scans: the rule and the URL's origin and path (a query may carry a cache buster). */
export function fingerprintOf(finding: Pick<ScanFinding, 'ruleId' | 'url'>): string {
  let where = finding.url;
  try {
    const u = new URL(finding.url);
    where = `${u.origin}${u.pathname}`;
  } catch {
    // Not a URL: the string itself is the identity.
  }
  return createHash('sha256').update(`${finding.ruleId}\n${where}`).digest('hex').slice(0, 32);
}

function joinHeaders(headers: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) out[name] = out[name] === undefined ? value : `${out[name]}, ${value}`;
  return out;
}

/** "observatory/csp-not-implemented" -> "ObservatoryCspNotImplemented" (SARIF names are PascalCase). */
function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

export function complianceLines(c: Compliance): [string, string][] {
  const rows: [string, string[]][] = [
    ['CWE', c.cwe],
    ['OWASP Top 10 2021', c.owaspTop10_2021],
    ['OWASP API Top 10 2023', c.owaspApiTop10_2023],
    ['PCI DSS 4.0', c.pciDss4],
    ['NIST CSF 2.0', c.nistCsf2],
  ];
  return rows.filter(([, ids]) => ids.length > 0).map(([k, ids]) => [k, ids.join(', ')]);
}

function tagsOf(c: Compliance, check: string): string[] {
  return [
    'security',
    `trust-scan/${check}`,
    ...c.cwe.map((id) => `external/cwe/${id.toLowerCase()}`),
    ...c.owaspTop10_2021.map((id) => `owasp-top10-2021/${id.split(':')[0]}`),
    ...c.owaspApiTop10_2023.map((id) => `owasp-api-top10-2023/${id.split(':')[0]}`),
    ...c.pciDss4.map((id) => `pci-dss-4.0/${id}`),
    ...c.nistCsf2.map((id) => `nist-csf-2.0/${id}`),
  ];
}
