/**
 * run/init-files: what `trust init` writes, from the answers: trust.config.json, and the CI
 * file of the chosen forge (a GitHub workflow that runs this repository's action, or a GitLab
 * job that includes the template). Pure: the command decides what may be written.
 */
import { stringify } from 'yaml';

export interface InitAnswers {
  forge: 'github' | 'gitlab';
  /** SARIF globs, repository-relative. */
  sarif: string[];
  llm: false | 'anthropic' | 'openai';
  /** Also a nightly `trust scan --all` (run/init-scan-files). */
  scan?: boolean;
}

/** The action and template trust's own repository publishes (owner/name@ref). */
export const ACTION_REF = 'trust-cli/trust@v1';
export const TEMPLATE_URL = 'https://raw.githubusercontent.com/trust-cli/trust/v1/.gitlab-ci-template.yml';

export function configFile(a: InitAnswers): string {
  const config = {
    $schema: 'https://raw.githubusercontent.com/trust-cli/trust/v1/schema/trust.config.schema.json',
    forge: { kind: a.forge },
    run: { sarif: a.sarif },
    pr: { groupBy: 'codemod', labels: ['security'], maxOpen: 10 },
    ...(a.llm ? { llm: { enabled: true, provider: a.llm } } : {}),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export interface CiFile {
  path: string;
  content: string;
}

export function ciFiles(a: InitAnswers): CiFile[] {
  if (a.forge === 'github') return [{ path: '.github/workflows/trust.yml', content: githubWorkflow(a) }];
  const job = {
    include: [{ remote: TEMPLATE_URL }],
    trust: {
      variables: { TRUST_SARIF: a.sarif.join(',') },
    },
  };
  return [
    {
      path: '.gitlab/trust.gitlab-ci.yml',
      content: `# trust: fixes for scanner findings as merge requests. Needs GITLAB_TOKEN (api, write_repository)\n# and TRUST_SIGNING_KEY as masked CI/CD variables.\n${stringify(job)}`,
    },
  ];
}

function githubWorkflow(a: InitAnswers): string {
  const llmEnv =
    a.llm === 'anthropic'
      ? { ANTHROPIC_API_KEY: '${{ secrets.ANTHROPIC_API_KEY }}' }
      : a.llm === 'openai'
        ? { OPENAI_API_KEY: '${{ secrets.OPENAI_API_KEY }}' }
        : undefined;
  const workflow = {
    name: 'trust',
    on: { push: { branches: ['main'] }, schedule: [{ cron: '17 3 * * 1' }], workflow_dispatch: {} },
    permissions: { contents: 'write', 'pull-requests': 'write' },
    jobs: {
      trust: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          {
            name: 'Fix findings as pull requests',
            uses: ACTION_REF,
            ...(llmEnv ? { env: llmEnv } : {}),
            with: {
              sarif: a.sarif.join(','),
              'signing-key': '${{ secrets.TRUST_SIGNING_KEY }}',
              ...(a.llm ? { llm: 'true' } : {}),
            },
          },
        ],
      },
    },
  };
  return `# trust: run your scanners before this step so their SARIF is in the workspace.\n${stringify(workflow)}`;
}

/** The include line for an existing .gitlab-ci.yml (trust never edits that file). */
export const GITLAB_INCLUDE = "include:\n  - local: '.gitlab/trust.gitlab-ci.yml'\n";

/** The same, when init also wrote the scheduled scan job. */
export function gitlabInclude(a: InitAnswers): string {
  return a.scan ? `${GITLAB_INCLUDE}  - local: '.gitlab/trust-scan.gitlab-ci.yml'\n` : GITLAB_INCLUDE;
}
