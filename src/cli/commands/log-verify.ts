/**
 * `trust log verify`: stream the whole log, check every entry and checkpoint, and compare with
 * the carried-forward checkpoint (--trusted-checkpoint, else .trust/checkpoint). A missing
 * trusted checkpoint fails closed unless --bootstrap. Entries under a signed checkpoint are
 * checked by leaf hash against its root, the rest in full; --deep checks all in full. Exit 1
 * on any failure, naming its class and first index.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { type TrustedCheckpoint, verifyLog } from '../../audit/index.js';
import { InputError } from '../../core/errors.js';
import { openRepository } from '../../forge/git.js';
import { boolOption, type CommandHandler, listOption } from '../context.js';
import {
  checkpointPath,
  inRoot,
  logPath,
  logWaitMs,
  readTextFile,
  requireVerifiers,
  trustedVerifiers,
} from './log-common.js';

const verify: CommandHandler = async (ctx) => {
  const path = logPath(ctx);
  if (!existsSync(path)) throw new InputError(`no audit log at ${path}`);
  const bootstrap = boolOption(ctx, 'bootstrap');
  // A first run may have no key yet: then any stored checkpoint fails as signed by an unknown key.
  const verifiers = bootstrap ? trustedVerifiers(ctx).verifiers : requireVerifiers(ctx);
  if (verifiers.length === 0)
    ctx.out.warn('no trusted verifier key: checkpoint signatures cannot be checked');
  const explicit = listOption(ctx, 'trustedCheckpoint');
  const trusted: TrustedCheckpoint[] = [];
  for (const f of explicit)
    trusted.push({ note: readTextFile(inRoot(ctx, f), 'trusted checkpoint'), source: f });
  if (explicit.length === 0 && existsSync(checkpointPath(ctx))) {
    trusted.push({ note: readTextFile(checkpointPath(ctx), 'checkpoint'), source: checkpointPath(ctx) });
  }
  const history = await committedVersions(ctx.root, explicit.length === 0 ? checkpointPath(ctx) : undefined);
  if (history.length > 0)
    ctx.out.debug(`checking ${history.length} committed version(s) of the checkpoint too`);
  const deep = boolOption(ctx, 'deep');
  const report = verifyLog(path, {
    verifiers,
    trusted,
    history,
    bootstrap,
    deep,
    busyTimeoutMs: logWaitMs(ctx),
  });
  ctx.out.data(report);
  for (const w of report.warnings) ctx.out.warn(w);
  if (report.ok) {
    const trustedText =
      report.trustedSize === undefined
        ? 'no trusted checkpoint'
        : `consistent with the trusted checkpoint at size ${report.trustedSize}`;
    const line = `Audit log verified: ${report.size} entries, ${report.checkpointsChecked} signed checkpoint${report.checkpointsChecked === 1 ? '' : 's'}, ${trustedText}; root ${report.root}`;
    if (report.rootOnly > 0)
      ctx.out.info(
        `entries 0..${report.rootOnly - 1} matched signed roots by leaf hash; their schema and canonical form were checked when appended (--deep re-checks them)`,
      );
    if (ctx.out.json) ctx.out.success(line);
    else ctx.out.result(line);
    ctx.out.summary(`### trust audit log\n\n${line}`);
    return 0;
  }
  for (const f of report.failures) {
    ctx.out.error(`${f.class} at entry ${f.index}: ${f.message}`);
    for (const e of f.evidence ?? []) ctx.out.result(e);
  }
  const first = report.failures[0]!;
  const line = `Audit log verification FAILED: ${first.class} at entry ${first.index} (${report.failures.length} problem${report.failures.length === 1 ? '' : 's'})`;
  ctx.out.result(line);
  ctx.out.summary(
    `### trust audit log\n\n**${line}**\n\n${report.failures.map((f) => `- ${f.class} at entry ${f.index}: ${f.message}`).join('\n')}`,
  );
  return 1;
};

export default verify;

/**
 * Every committed version of the checkpoint file: each must still be consistent with the log,
 * and a current file older than a committed one is a replayed (rolled-back) checkpoint.
 */
async function committedVersions(root: string, file: string | undefined): Promise<TrustedCheckpoint[]> {
  if (!file) return [];
  const rel = relative(root, file).split('\\').join('/');
  if (rel.startsWith('..')) return [];
  try {
    const { git } = await openRepository(root);
    const hashes = (await git.raw(['log', '--format=%H', '--', rel])).split('\n').filter(Boolean);
    const out: TrustedCheckpoint[] = [];
    for (const h of hashes) {
      const note = await git.show([`${h}:${rel}`]).catch(() => undefined);
      if (note) out.push({ note, source: `${rel} as committed in ${h.slice(0, 12)}` });
    }
    return out;
  } catch {
    return []; // not a git repository, or git is unavailable: nothing more to compare
  }
}
