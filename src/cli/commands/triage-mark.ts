/**
 * `trust triage mark <finding...> --as <decision> --why <text>`: record a person's decision,
 * one `triage` entry per finding (decidedBy human, superseding the finding's previous
 * decision), by the CI identity or, on a laptop, `git config user.name/email`. Later runs
 * honour the newest decision per finding (`trust fix --no-triage` ignores them).
 */
import { existsSync } from 'node:fs';
import { actorOf, ciIdentity, type Decision, type TriageFields } from '../../audit/index.js';
import { UsageError } from '../../core/errors.js';
import { MARK_DECISIONS } from '../../core/option-rows-triage.js';
import { gitUser } from '../../forge/git.js';
import { findingsInLog, resolveNamed } from '../../triage/mark.js';
import { findingRefOf, nfc } from '../../triage/record.js';
import { type CommandHandler, type Context, listOption, stringOption } from '../context.js';
import { ingestFromOptions } from './ingest-common.js';
import { auditCall, logPath, openLog } from './log-common.js';

const mark: CommandHandler = async (ctx, names) => {
  const decision = stringOption(ctx, 'as');
  if (!decision) throw new UsageError(`--as is required: one of ${MARK_DECISIONS.join(', ')}`);
  if (!(MARK_DECISIONS as readonly string[]).includes(decision))
    throw new UsageError(`--as ${decision}: give one of ${MARK_DECISIONS.join(', ')}`);
  const why = nfc(stringOption(ctx, 'why')?.trim() ?? '');
  if (!why) throw new UsageError('--why is required: the justification recorded with the decision');
  const targets = await namedFindings(ctx, names);
  const actor = await personActor(ctx);
  const log = openLog(ctx, true, { actor });
  let appended: ReturnType<typeof log.appendMany>;
  try {
    const entries: TriageFields[] = targets.map((finding) => {
      const previous = log.latestTriage(finding.fingerprint)?.index;
      return {
        kind: 'triage',
        finding,
        decision: decision as Decision,
        justification: why,
        decidedBy: { method: 'human' },
        ...(previous !== undefined ? { supersedes: previous } : {}),
      };
    });
    appended = auditCall(() => log.appendMany(entries));
  } finally {
    log.close();
  }
  ctx.out.data(
    appended.map((a, i) => ({
      finding: targets[i]!.fingerprint,
      rule: targets[i]!.rule,
      location: where(targets[i]!),
      decision,
      justification: why,
      actor,
      logIndex: a.index,
    })),
  );
  const say = (text: string) => (ctx.out.json ? ctx.out.info(text) : ctx.out.result(text));
  for (const [i, t] of targets.entries())
    say(`  ${where(t)}  ${t.rule}  ${t.fingerprint}  (entry ${appended[i]!.index})`);
  const n = targets.length;
  say(`Marked ${n} finding${n === 1 ? '' : 's'} ${decision} by ${actor} in ${logPath(ctx)}`);
  return 0;
};
export default mark;

/** The findings the names match: in --sarif files when given, else among those the log has triaged. */
async function namedFindings(ctx: Context, names: string[]) {
  const sarif = listOption(ctx, 'sarif');
  if (sarif.length > 0) {
    const { findings } = await ingestFromOptions(ctx, sarif, { nonGit: false });
    return resolveNamed(names, findings.map(findingRefOf), `in ${sarif.join(', ')}`);
  }
  const path = logPath(ctx);
  const hint = `(run 'trust triage <sarif>' first, or pass --sarif <file>)`;
  if (!existsSync(path)) return resolveNamed(names, [], `yet: no audit log at ${path} ${hint}`);
  const log = openLog(ctx, false);
  try {
    return resolveNamed(names, findingsInLog(log), `in the audit log ${path} ${hint}`);
  } finally {
    log.close();
  }
}

/** Who decided: the CI actor (github:octocat), else git's user.name <user.email>, else the login. */
async function personActor(ctx: Context): Promise<string> {
  const ci = ciIdentity(ctx.env);
  if (ci.provider !== 'local') return actorOf(ci);
  const user = await gitUser(ctx.root);
  return user ? nfc(`git:${user}`) : actorOf(ci);
}

function where(ref: { path?: string; line?: number }): string {
  return `${ref.path ?? '(no path)'}${ref.line !== undefined ? `:${ref.line}` : ''}`;
}
