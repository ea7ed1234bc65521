/**
 * run/init-scan-files: the scheduled posture scan `trust init` can add. A nightly GitHub
 * workflow runs the action with `command: scan` (every asset, gated by a grade), uploads the
 * SARIF to code scanning and carries .trust/scans/ from run to run in the Actions cache, so
 * each scan reports what changed since the last; on GitLab a job extending the template's
 * `.trust-scan` runs in pipelines a schedule starts with TRUST_SCAN set. Pure, like init-files.
 */
import { stringify } from 'yaml';
import { ACTION_REF, type CiFile, TEMPLATE_URL } from './init-files.js';

/** The grade a scheduled scan fails under unless the user picks another. */
export const DEFAULT_FAIL_UNDER = 'B';

export function scanCiFiles(forge: 'github' | 'gitlab'): CiFile[] {
  if (forge === 'github') {
    return [{ path: '.github/workflows/trust-scan.yml', content: githubScanWorkflow() }];
  }
  const job = {
    include: [{ remote: TEMPLATE_URL }],
    'trust-scan': { extends: '.trust-scan', variables: { TRUST_FAIL_UNDER: DEFAULT_FAIL_UNDER } },
  };
  return [
    {
      path: '.gitlab/trust-scan.gitlab-ci.yml',
      content:
        '# trust scan: a nightly posture scan of the assets in trust.config.json (`trust assets add`, then\n' +
        '# `trust assets verify`). Create a pipeline schedule (Build > Pipeline schedules) with the variable\n' +
        '# TRUST_SCAN=true; set TRUST_SIGNING_KEY as a masked CI/CD variable to sign the audit log.\n' +
        stringify(job),
    },
  ];
}

function githubScanWorkflow(): string {
  const cache = { path: '.trust/scans', key: 'trust-scans-${{ github.run_id }}' };
  const workflow = {
    name: 'trust scan',
    on: { schedule: [{ cron: '23 2 * * *' }], workflow_dispatch: {} },
    permissions: { contents: 'read', 'security-events': 'write' },
    jobs: {
      scan: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          {
            name: 'The previous scans, so this one reports what changed',
            uses: 'actions/cache/restore@v4',
            with: { ...cache, 'restore-keys': 'trust-scans-' },
          },
          {
            name: 'Scan every verified asset',
            uses: ACTION_REF,
            with: {
              command: 'scan',
              'fail-under': DEFAULT_FAIL_UNDER,
              'signing-key': '${{ secrets.TRUST_SIGNING_KEY }}',
            },
          },
          { if: 'always()', uses: 'actions/cache/save@v4', with: cache },
          {
            name: 'Findings to code scanning',
            if: "always() && hashFiles('.trust/scan.sarif') != ''",
            uses: 'github/codeql-action/upload-sarif@v3',
            with: { sarif_file: '.trust/scan.sarif', category: 'trust-scan' },
          },
        ],
      },
    },
  };
  return `# trust scan: a nightly posture scan of the assets in trust.config.json (\`trust assets add\`, then\n# \`trust assets verify\`); fails under grade ${DEFAULT_FAIL_UNDER}.\n${stringify(workflow)}`;
}
