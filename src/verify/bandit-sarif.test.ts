import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFindings } from '../sarif/index.js';
import { banditJsonToSarif } from './bandit-sarif.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The shape of `bandit -f json` from 1.7 on: columns and CWE, which 1.6.2 does not write.
const REPORT = {
  errors: [],
  results: [
    {
      code: '4 def run(cmd):\n5     return subprocess.call(cmd, shell=True)\n6 \n',
      col_offset: 11,
      filename: './pkg/run me.py',
      issue_confidence: 'HIGH',
      issue_cwe: { id: 78, link: 'https://cwe.mitre.org/data/definitions/78.html' },
      issue_severity: 'HIGH',
      issue_text: 'subprocess call with shell=True identified, security issue.',
      line_number: 5,
      line_range: [5, 6],
      more_info:
        'https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html',
      test_id: 'B602',
      test_name: 'subprocess_popen_with_shell_equals_true',
    },
    {
      code: '1 import subprocess\n',
      filename: './pkg/run me.py',
      issue_confidence: 'HIGH',
      issue_severity: 'LOW',
      issue_text: 'Consider possible security implications associated with subprocess module.',
      line_number: 1,
      line_range: [1],
      test_id: 'B404',
      test_name: 'blacklist',
    },
  ],
};

describe('banditJsonToSarif', () => {
  it('writes SARIF that ingest reads: rule, level, path, region, CWE', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'trust-bandit-')));
    dirs.push(root);
    const sarif = join(root, 'out.sarif');
    writeFileSync(sarif, JSON.stringify(banditJsonToSarif(REPORT, '1.7.5')));
    const { findings, warnings } = await loadFindings([sarif], { root });
    expect(warnings).toEqual([]);
    expect(
      findings.map((f) => ({
        tool: f.tool,
        rule: f.rule.id,
        level: f.level,
        path: f.location.path,
        region: f.location.region,
      })),
    ).toEqual([
      {
        tool: { name: 'Bandit', version: '1.7.5' },
        rule: 'B602',
        level: 'error',
        path: 'pkg/run me.py',
        region: {
          startLine: 5,
          endLine: 6,
          startColumn: 12,
          snippet: '    return subprocess.call(cmd, shell=True)',
        },
      },
      {
        tool: { name: 'Bandit', version: '1.7.5' },
        rule: 'B404',
        level: 'note',
        path: 'pkg/run me.py',
        region: { startLine: 1, snippet: 'import subprocess' },
      },
    ]);
    expect(findings[0]?.cwe).toEqual([78]);
  });
});
