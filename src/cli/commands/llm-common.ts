/**
 * Shared by commands that may call an LLM (`trust fix`, `trust triage`): builds the LLM
 * session from the options (src/llm/wiring.ts), appends every call's metadata to the audit
 * log (opened only once a call is made, or the command's own), and prints the one-line spend
 * summary at the end. `triageNeedsReview` is the LLM step of `trust triage --llm`.
 */
import type { AuditLog, TriageFields } from '../../audit/index.js';
import { ConfigError } from '../../core/errors.js';
import { redactor } from '../../core/redact.js';
import { triageWithLlm } from '../../llm/triage.js';
import { type LlmSetup, setupLlm } from '../../llm/wiring.js';
import type { InProcessCache } from '../../proxy/in-process.js';
import type { TriageDecision } from '../../triage/index.js';
import { type Context, stringOption } from '../context.js';
import { openLog } from './log-common.js';

export interface OpenLlm {
  setup: LlmSetup;
  /** Stop the in-process cache, close the audit log (when this opened it), print the spend summary. */
  close(): Promise<void>;
}

export async function openLlm(ctx: Context, shared?: AuditLog): Promise<OpenLlm | undefined> {
  let own: AuditLog | undefined;
  let cache: InProcessCache | undefined;
  const store = stringOption(ctx, 'llmCache');
  const setup = await setupLlm({
    root: ctx.root,
    options: ctx.options,
    env: ctx.env,
    say: (line) => ctx.out.warn(line),
    reroute: store
      ? async (settings) => {
          if (settings.azure)
            throw new ConfigError(
              '--llm-cache: Azure OpenAI (api-key header) cannot go through the cache yet',
            );
          const { startInProcessCache } = await import('../../proxy/in-process.js');
          cache = await startInProcessCache({
            store,
            root: ctx.root,
            org: stringOption(ctx, 'llmCacheOrg') ?? 'local',
            provider: settings.provider,
            baseURL: settings.baseURL,
            apiKey: settings.apiKey,
            masterKey: ctx.env.TRUST_MASTER_KEY,
            onError: (error) =>
              ctx.out.warn(`LLM cache: ${redactor.redact(String((error as Error)?.message ?? error))}`),
          });
          return { baseURL: cache.baseURL, apiKey: cache.apiKey };
        }
      : undefined,
    audit: {
      append: (entry) => {
        if (shared) return shared.append(entry);
        own ??= openLog(ctx, true);
        return own.append(entry);
      },
    },
  });
  if (!setup) return undefined;
  return {
    setup,
    close: async () => {
      await cache?.close();
      own?.close();
      if (setup.records.length > 0 || setup.reports.length > 0) ctx.out.info(setup.summary());
    },
  };
}

/**
 * Ask the LLM about every finding deterministic triage left needs_review, unless a person or
 * an LLM already decided it (the log keeps those; asking again would only cost money).
 */
export async function triageNeedsReview(
  ctx: Context,
  llm: OpenLlm,
  log: AuditLog,
  decisions: readonly TriageDecision[],
): Promise<TriageDecision[]> {
  const { session, identity } = llm.setup;
  const skipped = new Map<string, number>();
  const out: TriageDecision[] = [];
  for (const d of decisions) {
    const earlier = log.latestTriage(d.finding.id)?.entry as TriageFields | undefined;
    if (d.decision !== 'needs_review' || (earlier && earlier.decidedBy.method !== 'rule')) {
      out.push(d);
      continue;
    }
    const result = await triageWithLlm({ root: ctx.root, session, identity }, d.finding);
    if ('skipped' in result) {
      skipped.set(result.skipped, (skipped.get(result.skipped) ?? 0) + 1);
      out.push(d);
      continue;
    }
    const { classification, justification, confidence, model } = result.decision;
    out.push({
      ...d,
      decision: classification,
      rule: 'trust/llm',
      justification: `${justification} (confidence ${confidence.toFixed(2)}) [llm ${model}]`,
      decidedBy: { method: 'llm', model },
    });
  }
  for (const [reason, n] of skipped)
    ctx.out.warn(`LLM triage skipped ${n} finding${n === 1 ? '' : 's'}: ${reason}`);
  return out;
}
