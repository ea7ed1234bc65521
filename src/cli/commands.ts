/**
 * cli/commands: the table of commands. One row per command: its arguments, summary, help
 * examples and a lazy loader, so `trust --help` imports no capability code.
 * Register a command here only once it works end to end.
 */
import type { CommandHandler } from './context.js';

export interface CommandSpec {
  /** "findings", or "log verify" for a sub-command of "log". */
  name: string;
  /** commander argument syntax, e.g. "<sarif...>". */
  args?: string;
  summary: string;
  /** Longer help shown by `trust <command> --help`. */
  description?: string;
  examples: string[];
  load: () => Promise<{ default: CommandHandler }>;
}

/** Parent commands that only group sub-commands. */
export const COMMAND_GROUPS: Record<string, string> = {
  log: 'the signed audit log: show, verify, checkpoint, prove, export',
  codemods: 'the deterministic codemod catalogue',
  proxy: 'the caching OpenAI/Anthropic proxy: start, stats, keys, shred, rotate',
  'proxy keys': 'proxy keys: one org each, shown once, stored as a SHA-256 hash',
  assets: 'the web assets trust scan may scan, and the proof that you own them',
};

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'findings',
    args: '<sarif...>',
    summary: 'print the normalized findings of SARIF files (table, or --json)',
    description:
      'Read SARIF 2.1.0 files (any scanner, several runs per file) and print one normalized finding per ' +
      'problem: rule, level, CWE, security-severity, repository-relative location and a stable id. ' +
      'Locations outside the repository root are reported out-of-tree and never read. ' +
      'A filter takes one value per use: repeat it or give a comma list (--level error,warning).',
    examples: [
      'trust findings codeql.sarif semgrep.sarif',
      'trust findings eslint.sarif --source-root /home/runner/work/app/app',
      "trust findings results.sarif --level error --rule 'js/*' --path 'src/**'",
      'trust findings results.sarif --json > findings.json',
    ],
    load: () => import('./commands/findings.js'),
  },
  {
    name: 'triage',
    args: '<sarif...>',
    summary: 'classify findings without an LLM and record each decision in the audit log',
    description:
      'Deterministic triage: scanner suppressions are honoured; findings in vendored, generated,\n' +
      'minified, fixture or test code, and duplicates, get wont_fix or false_positive with a\n' +
      'justification naming the rule that decided; the rest stay needs_review. Each decision is one\n' +
      'triage entry keyed by the finding fingerprint; re-running records only changed decisions.',
    examples: [
      'trust triage codeql.sarif semgrep.sarif',
      "trust triage results.sarif --path 'src/**' --json",
      'trust triage results.sarif && trust log show --kind triage',
    ],
    load: () => import('./commands/triage.js'),
  },
  {
    name: 'triage mark',
    args: '<finding...>',
    summary: "record a person's decision about findings; later runs honour the newest one",
    description:
      'Record a decision (false_positive, wont_fix or true_positive) and its justification for each\n' +
      'finding, named by fingerprint (or a unique prefix of 8+ hex digits) or by path:line:rule,\n' +
      'as one triage entry by the CI actor (or git config user.name and user.email) in the audit log.\n' +
      'trust fix leaves a marked false_positive or wont_fix unfixed and says whose decision it is;\n' +
      'true_positive fixes it even where a rule would set it aside. --no-triage ignores the marks.',
    examples: [
      'trust triage mark src/db.js:42:js/sql-injection --as false_positive --why "the id is an integer route param"',
      'trust triage mark 3f2a9c0d1e7b4a55 --as wont_fix --why "legacy endpoint, removed in Q3"',
      'trust triage mark src/a.js:7:js/xss --sarif results.sarif --as true_positive --why "reachable from /search"',
    ],
    load: () => import('./commands/triage-mark.js'),
  },
  {
    name: 'fix',
    args: '<sarif...>',
    summary: 'apply deterministic fixes for SARIF findings to the working tree',
    description:
      'Route each finding to the codemods that declare its scanner rule, fix the code at its location ' +
      '(never other code), and report every finding left unfixed with the reason. A file whose fixed ' +
      'version would not parse is left untouched. Only files inside the repository are written.',
    examples: [
      'trust fix codeql.sarif eslint.sarif',
      'trust fix results.sarif --dry-run',
      'trust fix results.sarif --codetf codetf.json',
      "trust fix results.sarif --only js/secure-random --exclude 'python/*'",
    ],
    load: () => import('./commands/fix.js'),
  },
  {
    name: 'pr',
    args: '<sarif...>',
    summary: 'fix, then open or update one pull/merge request per fix group (patches without a token)',
    description:
      'Fix the findings without touching the working tree, then deliver each fix group (one per codemod by ' +
      'default) as a commit on a new trust/ branch from HEAD, pushed with the token for that push only, and a ' +
      'pull request (GitHub: GITHUB_TOKEN) or merge request (GitLab: GITLAB_TOKEN). Re-running on the same ' +
      'findings changes nothing; a new finding updates the same request. trust never pushes to the default ' +
      'branch or to a branch it did not create. Without a token each group is written to .trust/patches/.',
    examples: [
      'GITHUB_TOKEN=... trust pr codeql.sarif --repository acme/app',
      'GITLAB_TOKEN=... trust pr semgrep.sarif --forge gitlab --project 42 --draft',
      'trust pr results.sarif --forge patches   # .trust/patches/*.patch, for git am',
      'trust pr results.sarif --group-by rule --label security --reviewer alice --max-open 5',
    ],
    load: () => import('./commands/pr.js'),
  },
  {
    name: 'run',
    args: '[sarif...]',
    summary: 'the CI entry point: ingest the configured SARIF, triage, fix, deliver, record, summarize',
    description:
      'Detects GitHub Actions, GitLab CI or a plain shell from the environment, reads the SARIF given as ' +
      'arguments or configured with --sarif (globs), then does what `trust pr` does, appends a run entry to the ' +
      'audit log (and signs a checkpoint when TRUST_SIGNING_KEY is set), writes the Markdown summary ' +
      '(--summary-file; on GitHub also $GITHUB_STEP_SUMMARY), sets the outputs prs-opened, prs-updated, ' +
      'findings-fixed, findings-unfixed and summary-path ($GITHUB_OUTPUT), annotates unfixed findings, and ' +
      'exits 1 per --fail-on.',
    examples: [
      "trust run --sarif 'results/*.sarif' --fail-on error",
      'TRUST_SARIF=codeql.sarif trust run --max-open 5',
    ],
    load: () => import('./commands/run.js'),
  },
  {
    name: 'init',
    summary: 'set a repository up: config, CI workflow or include, log signing key (asks on a terminal)',
    description:
      'Asks which forge, which SARIF to read and whether to use an LLM (--yes takes the defaults), then ' +
      'writes trust.config.json and .github/workflows/trust.yml (GitHub) or .gitlab/trust.gitlab-ci.yml ' +
      '(GitLab), creates the audit-log signing key pair (commit .trust/verifier-key; store the printed ' +
      'TRUST_SIGNING_KEY as a CI secret), and checks the config and SARIF paths offline. Existing files ' +
      'are kept unless you agree to overwrite them or pass --force.',
    examples: ['trust init', 'trust init --yes', 'trust init --yes --force'],
    load: () => import('./commands/init.js'),
  },
  {
    name: 'codemods list',
    summary: 'list the codemod catalogue (CWE, review guidance, scanner rules)',
    examples: ['trust codemods list', 'trust codemods list --json'],
    load: () => import('./commands/codemods-list.js'),
  },
  {
    name: 'codemods show',
    args: '<id>',
    summary: 'show one codemod: what it changes, its scanner rules and references',
    examples: ['trust codemods show js/secure-random', 'trust codemods show trust:js/secure-random --json'],
    load: () => import('./commands/codemods-show.js'),
  },
  {
    name: 'log keygen',
    summary: 'create a checkpoint signing key; add its verifier key to .trust/verifier-key',
    description:
      'Create an Ed25519 key named after the log origin. The verifier key (public) is appended to\n' +
      '.trust/verifier-key: commit it. The signing key is printed once: store it as the\n' +
      'TRUST_SIGNING_KEY secret of your CI. Running it again rotates: keep both lines until old\n' +
      'checkpoints are no longer needed.',
    examples: ['trust log keygen', 'trust log keygen --origin github.com/acme/app/trust-audit --json'],
    load: () => import('./commands/log-keygen.js'),
  },
  {
    name: 'log checkpoint',
    summary:
      'sign the current size and root of the audit log (TRUST_SIGNING_KEY) and write .trust/checkpoint',
    description:
      'Append a run entry (CI run id, commit, ref, previous checkpoint), sign the new tree head as a\n' +
      'C2SP tlog-checkpoint with TRUST_SIGNING_KEY, store it in the log and write it to\n' +
      '--checkpoint-file. On GitHub Actions it is also printed as a notice, so the job log keeps a copy.',
    examples: [
      'TRUST_SIGNING_KEY=... trust log checkpoint',
      'trust log checkpoint --checkpoint-file ci/checkpoint --json',
    ],
    load: () => import('./commands/log-checkpoint.js'),
  },
  {
    name: 'log verify',
    summary:
      'verify every entry, checkpoint and signature, and consistency with the carried-forward checkpoint',
    description:
      'Stream the whole log once: canonical encoding, schema, leaf hashes, contiguous indices, every\n' +
      'stored checkpoint (root and signature), and consistency with the trusted checkpoint. Names the\n' +
      'failure (modified, deleted, inserted, reordered, truncated, rolled-back, forked, bad-signature,\n' +
      'unknown-key, ...) and the first entry involved. Exit 1 on failure. Without a trusted\n' +
      'checkpoint it fails closed unless --bootstrap.',
    examples: [
      'trust log verify',
      'trust log verify --trusted-checkpoint previous-run/checkpoint',
      'trust log verify --bootstrap --json',
    ],
    load: () => import('./commands/log-verify.js'),
  },
  {
    name: 'log prove',
    args: '<index>',
    summary: 'print an offline inclusion proof (C2SP tlog-proof) for one entry',
    examples: ['trust log prove 12 > entry-12.tlog-proof', 'trust log prove 12 --output entry-12.tlog-proof'],
    load: () => import('./commands/log-prove.js'),
  },
  {
    name: 'log verify-proof',
    args: '<file>',
    summary: 'check a tlog-proof bundle without the database',
    examples: [
      'trust log verify-proof entry-12.tlog-proof',
      'trust log verify-proof entry-12.tlog-proof --verifier-key "$VKEY"',
    ],
    load: () => import('./commands/log-verify-proof.js'),
  },
  {
    name: 'log show',
    summary: 'list audit log entries (filters: --kind, --finding, --since; --json)',
    examples: [
      'trust log show',
      'trust log show --kind triage --since 7d',
      'trust log show --finding 3f2a... --json',
    ],
    load: () => import('./commands/log-show.js'),
  },
  {
    name: 'log export',
    summary: 'export entries as JSON Lines of their exact canonical bytes',
    examples: ['trust log export > audit.jsonl', 'trust log export --kind llm-call --output llm-calls.jsonl'],
    load: () => import('./commands/log-export.js'),
  },
  {
    name: 'proxy start',
    summary: 'run the caching OpenAI/Anthropic proxy on 127.0.0.1 until SIGTERM',
    description:
      'A transparent proxy for /v1/chat/completions, /v1/responses, /v1/embeddings and /v1/messages\n' +
      '(other /v1/* pass through uncached). Answers are cached per org, encrypted with a key derived\n' +
      'from TRUST_MASTER_KEY; streams are forwarded as they arrive and cached only when complete.\n' +
      'Clients use a proxy key (trust proxy keys create) as their API key; provider keys come from\n' +
      'OPENAI_API_KEY / ANTHROPIC_API_KEY. Every response carries x-trust-cache: HIT, MISS or BYPASS.',
    examples: [
      'TRUST_MASTER_KEY=$(openssl rand -base64 32) trust proxy start',
      'trust proxy start --port 8790 --store valkey://cache.internal:6379',
      'OPENAI_BASE_URL=http://127.0.0.1:8790/v1 OPENAI_API_KEY=trust_pk_... my-ci-tool',
    ],
    load: () => import('./commands/proxy-start.js'),
  },
  {
    name: 'proxy stats',
    summary: 'requests, hits, tokens, cost and savings by org, model and day (--json)',
    examples: ['trust proxy stats', 'trust proxy stats --org ci --json'],
    load: () => import('./commands/proxy-stats.js'),
  },
  {
    name: 'proxy keys create',
    summary: 'create a proxy key for one org (shown once; only its hash is stored)',
    examples: ['trust proxy keys create --org ci', 'trust proxy keys create --org team-a --json'],
    load: () => import('./commands/proxy-keys-create.js'),
  },
  {
    name: 'proxy keys list',
    summary: 'list proxy key ids, orgs and states',
    examples: ['trust proxy keys list', 'trust proxy keys list --json'],
    load: () => import('./commands/proxy-keys-list.js'),
  },
  {
    name: 'proxy keys revoke',
    args: '<keyId>',
    summary: 'revoke a proxy key',
    examples: ['trust proxy keys revoke 3f2a9c0d1e7b'],
    load: () => import('./commands/proxy-keys-revoke.js'),
  },
  {
    name: 'proxy shred',
    summary:
      "destroy an org's cache key material so none of its entries decrypts (recorded in the audit log)",
    examples: ['trust proxy shred --org team-a', 'trust proxy shred --org ci --store valkey://cache:6379'],
    load: () => import('./commands/proxy-shred.js'),
  },
  {
    name: 'proxy rotate',
    summary: 're-wrap the cache under TRUST_NEW_MASTER_KEY without decrypting content',
    examples: ['TRUST_MASTER_KEY=$OLD TRUST_NEW_MASTER_KEY=$NEW trust proxy rotate'],
    load: () => import('./commands/proxy-rotate.js'),
  },
  {
    name: 'assets add',
    args: '<url>',
    summary: 'add a web asset and print the token that proves you own it (shown once)',
    description:
      'Store the asset (its origin) under "assets" in trust.config.json, or the file named by --config,\n' +
      'and print a fresh token bound to the org and the asset: publish it as a DNS TXT record at\n' +
      '_trust-challenge.<host> or as the whole body of https://<host>/.well-known/trust-verification.txt,\n' +
      'then run trust assets verify. Only the SHA-256 of the token is stored; --rotate replaces a lost one.',
    examples: [
      'trust assets add https://shop.example.com --env production --owner web --criticality high --org acme',
      'trust assets add https://shop.example.com --rotate',
      'trust assets add http://127.0.0.1:8080 --env dev --owner web --allow-private',
    ],
    load: () => import('./commands/assets-add.js'),
  },
  {
    name: 'assets verify',
    args: '<asset>',
    summary: 'check the ownership token (DNS TXT, then the well-known file) and record the result',
    description:
      'Look for the token in the TXT records of _trust-challenge.<host> (strings of one record joined),\n' +
      'then at https://<host>/.well-known/trust-verification.txt (GET only, a verified certificate, 200,\n' +
      'at most 1 KB, exactly the token, no redirect to another host). The result is saved on the asset\n' +
      'and recorded in the audit log. Exit 0 verified, 1 not verified.',
    examples: [
      'trust assets verify shop.example.com',
      'trust assets verify https://shop.example.com --method dns --resolver 1.1.1.1:53',
    ],
    load: () => import('./commands/assets-verify.js'),
  },
  {
    name: 'assets list',
    summary: "list the assets with each one's verification state and age (table, or --json)",
    examples: ['trust assets list', 'trust assets list --json'],
    load: () => import('./commands/assets-list.js'),
  },
  {
    name: 'assets remove',
    args: '<asset>',
    summary: 'remove an asset (recorded in the audit log)',
    examples: ['trust assets remove shop.example.com'],
    load: () => import('./commands/assets-remove.js'),
  },
  {
    name: 'scan',
    args: '[asset...]',
    summary: 'read-only posture scan of owned assets: Observatory grade, checks, evidence, SARIF',
    description:
      "Scan each named asset (or --all): resolve and pin its address, re-verify a production asset's " +
      'ownership (refused when that fails), fetch what the MDN HTTP Observatory fetches with GET, HEAD and ' +
      'OPTIONS only, under an honest User-Agent, a per-host rate limit and a request budget, grade it ' +
      '(--algorithm 5, or 4 as Observatory 1.4.8), run the TLS, exposed-file, security.txt, banner and ' +
      'directory-listing checks, map each finding to CWE, OWASP, PCI DSS and NIST CSF, compare with the ' +
      'previous scan kept in .trust/scans/, and record a scan entry in the audit log. Exit 1 under --fail-under.',
    examples: [
      'trust scan https://shop.example.com',
      'trust scan --all --fail-under B --sarif scan.sarif --markdown scan.md',
      'trust scan shop.example.com --algorithm 4 --json > report.json',
      'trust scan --all --rate 2 --budget 60 --resolver 10.0.0.53:53',
    ],
    load: () => import('./commands/scan.js'),
  },
  {
    name: 'demo',
    summary: 'run the main job end to end on a bundled sample project (offline, no keys)',
    description:
      'Copies a small, deliberately vulnerable Node.js + Python project and the SARIF that CodeQL, ESLint and Bandit report for it into a temporary git repository, and runs every step trust has on it.',
    examples: ['trust demo', 'trust demo --keep', 'trust demo --json > demo.json'],
    load: () => import('./commands/demo.js'),
  },
];
