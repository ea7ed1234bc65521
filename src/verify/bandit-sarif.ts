/**
 * verify/bandit-sarif: a Bandit JSON report as SARIF 2.1.0, for Bandit releases without the
 * SARIF formatter (it is built in from 1.7.8; Debian 12 ships 1.6.2). The shape follows
 * Bandit's own formatter (bandit/formatters/sarif.py): driver "Bandit", one rule per test id
 * with its help URL, level from the severity, confidence and severity as properties, region
 * and snippet from the line range, so a rescan's findings get the same ids as the SARIF a
 * newer Bandit wrote for the first ingest (rule, path and line text; no scanner fingerprints).
 */

interface BanditIssue {
  filename?: string;
  test_id?: string;
  test_name?: string;
  issue_text?: string;
  issue_severity?: string;
  issue_confidence?: string;
  issue_cwe?: { id?: number; link?: string };
  line_number?: number;
  line_range?: number[];
  col_offset?: number;
  more_info?: string;
  code?: string;
}

interface BanditReport {
  results?: BanditIssue[];
  errors?: { filename?: string; reason?: string }[];
}

const LEVEL: Record<string, string> = { HIGH: 'error', MEDIUM: 'warning', LOW: 'note' };

export function banditJsonToSarif(report: BanditReport, version?: string): object {
  const rules: object[] = [];
  const ruleIndex = new Map<string, number>();
  const results = (report.results ?? []).map((issue) => {
    const id = issue.test_id ?? 'B000';
    if (!ruleIndex.has(id)) {
      ruleIndex.set(id, rules.length);
      rules.push(ruleOf(id, issue));
    }
    return resultOf(id, ruleIndex.get(id)!, issue);
  });
  const notifications = (report.errors ?? []).map((e) => ({
    level: 'error',
    message: { text: e.reason ?? 'error' },
    ...(e.filename
      ? { locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(e.filename) } } }] }
      : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Bandit',
            organization: 'PyCQA',
            informationUri: 'https://github.com/PyCQA/bandit',
            ...(version ? { version } : {}),
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
}

function ruleOf(id: string, issue: BanditIssue): object {
  const cwe = issue.issue_cwe?.id ? [`external/cwe/cwe-${issue.issue_cwe.id}`] : [];
  return {
    id,
    name: issue.test_name ?? id,
    ...(issue.more_info ? { helpUri: issue.more_info } : {}),
    properties: { tags: ['security', ...cwe] },
  };
}

function resultOf(id: string, index: number, issue: BanditIssue): object {
  const start = issue.line_number ?? issue.line_range?.[0] ?? 1;
  const end = Math.max(start, ...(issue.line_range ?? []));
  return {
    ruleId: id,
    ruleIndex: index,
    level: LEVEL[(issue.issue_severity ?? '').toUpperCase()] ?? 'warning',
    message: { text: issue.issue_text ?? id },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(issue.filename ?? '') },
          region: {
            startLine: start,
            ...(end > start ? { endLine: end } : {}),
            ...(typeof issue.col_offset === 'number' ? { startColumn: issue.col_offset + 1 } : {}),
            ...(snippetOf(issue.code, start) ? { snippet: { text: snippetOf(issue.code, start) } } : {}),
          },
        },
      },
    ],
    properties: { issue_confidence: issue.issue_confidence, issue_severity: issue.issue_severity },
  };
}

/** Bandit prints paths as given ("./app.py"); SARIF wants a relative URI ("app.py"). */
function uriOf(filename: string): string {
  return filename
    .replace(/^(\.\/)+/, '')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}

/** Bandit's `code` is numbered context lines ("4 def f():\n5     x()"); the flagged line alone. */
function snippetOf(code: string | undefined, line: number): string | undefined {
  if (!code) return undefined;
  const prefix = `${line} `;
  const hit = code.split('\n').find((l) => l.startsWith(prefix));
  return hit === undefined ? undefined : hit.slice(prefix.length);
}
