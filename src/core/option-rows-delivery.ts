/**
 * core/option-rows-delivery: the rows of the one option table (core/options.ts assembles it)
 * for `trust pr` and `trust run`: which forge, how fixes are grouped into pull/merge
 * requests, and what those requests carry. No row names a branch to push to: trust only
 * creates its own trust/ branches, and there is no option to choose another. Tokens
 * (GITHUB_TOKEN, GITLAB_TOKEN) are secrets and come from the environment alone.
 */
import type { OptionSpec } from './options.js';

const DELIVERY = ['pr', 'run'] as const;

export const FORGE_KINDS = ['auto', 'github', 'gitlab', 'patches'] as const;
export const GROUP_BY = ['codemod', 'finding', 'file', 'rule'] as const;

export const DELIVERY_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'forge',
    flags: '--forge <kind>',
    description:
      'where fixes go: github, gitlab, or patches (git format-patch files, no token needed); auto: GitHub Actions or GITHUB_TOKEN -> github, GitLab CI or GITLAB_TOKEN -> gitlab, else patches',
    type: 'string',
    choices: FORGE_KINDS,
    default: 'auto',
    config: 'forge.kind',
    scope: DELIVERY,
  },
  {
    name: 'repository',
    flags: '--repository <owner/repo>',
    description: 'GitHub repository (default: GITHUB_REPOSITORY, else the origin remote)',
    type: 'string',
    config: 'forge.repository',
    scope: DELIVERY,
    example: 'acme/app',
  },
  {
    name: 'project',
    flags: '--project <id-or-path>',
    description: 'GitLab project id or path (default: CI_PROJECT_ID)',
    type: 'string',
    config: 'forge.project',
    scope: DELIVERY,
    example: 'acme/app',
  },
  {
    name: 'apiUrl',
    flags: '--api-url <url>',
    description:
      'forge API base URL (default: GITHUB_API_URL or https://api.github.com; CI_API_V4_URL or https://gitlab.com/api/v4)',
    type: 'string',
    config: 'forge.apiUrl',
    scope: DELIVERY,
    example: 'https://github.example.com/api/v3',
  },
  {
    name: 'remote',
    flags: '--remote <name-or-url>',
    description: 'git remote that fix branches are pushed to',
    type: 'string',
    default: 'origin',
    config: 'forge.remote',
    scope: DELIVERY,
  },
  {
    name: 'forgeRetries',
    flags: '--forge-retries <n>',
    description: 'retries of a forge API call that failed with 5xx, 429 or a dropped connection',
    type: 'number',
    default: 3,
    config: 'forge.retries',
    scope: DELIVERY,
  },
  {
    name: 'groupBy',
    flags: '--group-by <how>',
    description:
      'one pull request per codemod (all its findings), finding, file or rule; LLM fixes always get their own',
    type: 'string',
    choices: GROUP_BY,
    default: 'codemod',
    config: 'pr.groupBy',
    scope: DELIVERY,
  },
  {
    name: 'label',
    flags: '--label <name...>',
    description: 'labels for every pull/merge request',
    type: 'string[]',
    default: ['security'],
    config: 'pr.labels',
    scope: DELIVERY,
  },
  {
    name: 'reviewer',
    flags: '--reviewer <user...>',
    description: 'request review from these users',
    type: 'string[]',
    config: 'pr.reviewers',
    scope: DELIVERY,
  },
  {
    name: 'draft',
    flags: '--draft',
    description: 'open pull/merge requests as drafts',
    type: 'boolean',
    default: false,
    config: 'pr.draft',
    scope: DELIVERY,
  },
  {
    name: 'titlePrefix',
    flags: '--title-prefix <text>',
    description: 'text put before every pull/merge request title',
    type: 'string',
    default: 'trust: ',
    config: 'pr.titlePrefix',
    scope: DELIVERY,
  },
  {
    name: 'maxOpen',
    flags: '--max-open <n>',
    description: 'open at most this many trust pull/merge requests; the rest wait for a later run',
    type: 'number',
    default: 10,
    config: 'pr.maxOpen',
    scope: DELIVERY,
  },
  {
    name: 'closeStale',
    flags: '--close-stale',
    description: 'close trust pull/merge requests whose findings are all gone from this scan',
    type: 'boolean',
    default: false,
    config: 'pr.closeStale',
    scope: DELIVERY,
  },
  {
    name: 'gitName',
    flags: '--git-name <name>',
    description: 'author and committer name of fix commits',
    type: 'string',
    default: 'trust[bot]',
    config: 'pr.git.name',
    scope: DELIVERY,
  },
  {
    name: 'gitEmail',
    flags: '--git-email <email>',
    description: 'author and committer email of fix commits',
    type: 'string',
    default: 'trust-bot@users.noreply.github.com',
    config: 'pr.git.email',
    scope: DELIVERY,
  },
  {
    name: 'patchesDir',
    flags: '--patches-dir <dir>',
    description: 'where fixes are written as patches when there is no forge token',
    type: 'string',
    default: '.trust/patches',
    config: 'pr.patchesDir',
    scope: DELIVERY,
  },
  // --- run ------------------------------------------------------------------------------
  {
    name: 'sarif',
    flags: '--sarif <glob...>',
    description: 'SARIF files to read (globs, from the repository root) when none are given as arguments',
    type: 'string[]',
    config: 'run.sarif',
    scope: ['run'],
    example: 'results/*.sarif',
  },
  {
    name: 'summaryFile',
    flags: '--summary-file <file>',
    description:
      'Markdown summary of the run (kept as a CI artifact; on GitHub it also goes to the job summary)',
    type: 'string',
    default: '.trust/summary.md',
    config: 'run.summaryFile',
    scope: ['run'],
  },
  // --- init -----------------------------------------------------------------------------
  {
    name: 'yes',
    flags: '-y, --yes',
    description: 'take the defaults without asking (detected from the remote and the SARIF files present)',
    type: 'boolean',
    default: false,
    config: false,
    env: false,
    scope: ['init'],
  },
  {
    name: 'force',
    flags: '--force',
    description: 'overwrite files that exist (and create a new signing key) without asking',
    type: 'boolean',
    default: false,
    config: false,
    env: false,
    scope: ['init'],
  },
  {
    name: 'scanSchedule',
    flags: '--scan-schedule',
    description:
      'also write a nightly `trust scan --all` job (a GitHub workflow, or a GitLab job for a pipeline schedule); asked on a terminal',
    type: 'boolean',
    config: false,
    env: false,
    scope: ['init'],
  },
];
