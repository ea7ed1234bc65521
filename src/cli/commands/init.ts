/**
 * `trust init`: set a repository up. On a terminal it asks (@clack/prompts) which forge,
 * which SARIF to read and whether to use an LLM; `--yes` takes the defaults (detected from
 * the remote and the SARIF files present) without asking. It writes trust.config.json and
 * the CI file, creates the log signing key pair (the verifier key to commit, the secret to
 * set in CI), and checks what it can offline. An existing file is never overwritten without
 * asking (on a terminal) or --force.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { validateConfig } from '../../core/config.js';
import { UsageError } from '../../core/errors.js';
import { expandGlobs } from '../../core/globs.js';
import { openRepository, remoteUrlOf } from '../../forge/git.js';
import { ciFiles, configFile, gitlabInclude, type InitAnswers } from '../../run/init-files.js';
import { scanCiFiles } from '../../run/init-scan-files.js';
import { boolOption, type CommandHandler, type Context } from '../context.js';
import { VERIFIER_KEY_FILE } from './log-common.js';

const init: CommandHandler = async (ctx) => {
  const yes = boolOption(ctx, 'yes');
  const interactive = !yes && Boolean(process.stdin.isTTY) && Boolean(process.stdout.isTTY);
  if (!yes && !interactive) {
    throw new UsageError('trust init asks its questions on a terminal: pass --yes to take the defaults');
  }
  const defaults = await detect(ctx);
  // The log origin CI will use (host/owner/repo/trust-audit), so the key is named after it.
  ctx.options.origin ??= defaults.origin;
  const prompts = interactive ? await import('@clack/prompts') : undefined;
  const scanFlag = ctx.options.scanSchedule as boolean | undefined;
  const asked: InitAnswers = prompts ? await ask(prompts, defaults, scanFlag) : defaults;
  const answers: InitAnswers = { ...asked, scan: asked.scan ?? scanFlag ?? false };
  const files = [
    { path: 'trust.config.json', content: configFile(answers) },
    ...ciFiles(answers),
    ...(answers.scan ? scanCiFiles(answers.forge) : []),
  ];
  if (answers.forge === 'gitlab' && !existsSync(join(ctx.root, '.gitlab-ci.yml'))) {
    files.push({ path: '.gitlab-ci.yml', content: gitlabInclude(answers) });
  }
  const written: string[] = [];
  for (const file of files) {
    const target = join(ctx.root, file.path);
    if (existsSync(target) && !boolOption(ctx, 'force')) {
      const same = readFileSync(target, 'utf8') === file.content;
      const overwrite =
        !same && prompts ? await yesNo(prompts, `${file.path} exists. Overwrite it?`, false) : false;
      if (!overwrite) {
        ctx.out.info(
          `${file.path}: ${same ? 'already as trust would write it' : 'exists, kept (--force overwrites)'}`,
        );
        continue;
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    written.push(file.path);
  }
  if (answers.forge === 'gitlab' && !files.some((f) => f.path === '.gitlab-ci.yml')) {
    ctx.out.info(`Add this to .gitlab-ci.yml (trust does not edit it):\n${gitlabInclude(answers).trimEnd()}`);
  }
  await signingKey(ctx, answers);
  if (answers.scan) {
    ctx.out.info(
      answers.forge === 'github'
        ? 'The nightly scan needs assets: `trust assets add <url> …`, then `trust assets verify <url>`; commit trust.config.json.'
        : 'The nightly scan needs assets (`trust assets add`, `trust assets verify`) and a pipeline schedule with TRUST_SCAN=true.',
    );
  }
  check(ctx, answers);
  ctx.out.data({ answers, written });
  ctx.out.result(written.length > 0 ? `Wrote ${written.join(', ')}` : 'Nothing written: every file exists');
  return 0;
};

export default init;

async function detect(ctx: Context): Promise<InitAnswers & { origin?: string }> {
  const repo = await openRepository(ctx.root).catch(() => undefined);
  const url = (repo && (await remoteUrlOf(repo, 'origin').catch(() => undefined))) ?? '';
  const forge = /gitlab/i.test(url) || ctx.env.GITLAB_CI === 'true' ? 'gitlab' : 'github';
  const found = expandGlobs(ctx.root, ['**/*.sarif']).files.map((f) => relative(ctx.root, f));
  const sarif = found.filter((f) => !f.startsWith('.trust/'));
  const m = /^(?:https?:\/\/(?:[^@/]*@)?|[^@]+@)([^/:]+)[/:](.+?)(?:\.git)?\/?$/.exec(url);
  const origin = m ? `${m[1]}/${m[2]}/trust-audit` : undefined;
  return { forge, sarif: sarif.length > 0 ? sarif : ['results/*.sarif'], llm: false, origin };
}

type Prompts = typeof import('@clack/prompts');

function answered<T>(prompts: Prompts, value: T): Exclude<T, symbol> {
  if (prompts.isCancel(value)) {
    prompts.cancel('Nothing written.');
    throw new UsageError('trust init was cancelled; nothing was written');
  }
  return value as Exclude<T, symbol>;
}

async function yesNo(prompts: Prompts, message: string, initialValue: boolean): Promise<boolean> {
  return answered(prompts, await prompts.confirm({ message, initialValue }));
}

async function ask(prompts: Prompts, d: InitAnswers, scanFlag: boolean | undefined): Promise<InitAnswers> {
  prompts.intro('trust init');
  const forge = answered(
    prompts,
    await prompts.select({
      message: 'Which forge hosts this repository?',
      initialValue: d.forge,
      options: [
        { value: 'github' as const, label: 'GitHub', hint: 'pull requests, a workflow using the action' },
        { value: 'gitlab' as const, label: 'GitLab', hint: 'merge requests, an include of the CI template' },
      ],
    }),
  );
  const sarifText = answered(
    prompts,
    await prompts.text({
      message: "Which scanners' SARIF should trust read? (comma-separated globs)",
      placeholder: d.sarif.join(','),
      defaultValue: d.sarif.join(','),
    }),
  );
  const sarif = sarifText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const useLlm = await yesNo(prompts, 'Use an LLM for findings no codemod fixes?', false);
  const llm = useLlm
    ? answered(
        prompts,
        await prompts.select({
          message: 'Which provider?',
          options: [
            { value: 'anthropic' as const, label: 'Anthropic', hint: 'ANTHROPIC_API_KEY' },
            {
              value: 'openai' as const,
              label: 'OpenAI-compatible',
              hint: 'OPENAI_API_KEY, TRUST_LLM_BASE_URL',
            },
          ],
        }),
      )
    : false;
  const scan =
    scanFlag ??
    (await yesNo(
      prompts,
      'Also scan your web assets every night (trust scan --all, graded like the Observatory)?',
      false,
    ));
  prompts.outro('Writing the files');
  return { forge, sarif: sarif.length > 0 ? sarif : d.sarif, llm, scan };
}

/** The checkpoint key pair, once: the verifier key to commit, the secret printed for CI. */
async function signingKey(ctx: Context, answers: InitAnswers): Promise<void> {
  if (existsSync(join(ctx.root, VERIFIER_KEY_FILE)) && !boolOption(ctx, 'force')) {
    ctx.out.info(`${VERIFIER_KEY_FILE} exists: keeping its signing key ('trust log keygen' rotates)`);
    return;
  }
  const { default: keygen } = await import('./log-keygen.js');
  await keygen(ctx, []);
  const where =
    answers.forge === 'github'
      ? 'a repository secret named TRUST_SIGNING_KEY (Settings > Secrets and variables > Actions)'
      : 'a masked CI/CD variable named TRUST_SIGNING_KEY (Settings > CI/CD > Variables)';
  ctx.out.info(`Store the signing key above as ${where}; commit ${VERIFIER_KEY_FILE}.`);
}

/** Offline checks: the written config validates; each SARIF glob matches something (or will). */
function check(ctx: Context, answers: InitAnswers): void {
  const problems = validateConfig(JSON.parse(configFile(answers)));
  for (const p of problems) ctx.out.error(`trust.config.json: ${p}`);
  const { empty } = expandGlobs(ctx.root, answers.sarif);
  for (const pattern of empty) {
    ctx.out.warn(`no file matches ${pattern} yet: run your scanner before trust in CI so it does`);
  }
  if (problems.length === 0) ctx.out.success('trust.config.json is valid');
}
