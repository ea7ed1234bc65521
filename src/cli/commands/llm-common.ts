/**
 * Shared by commands that may call an LLM (`trust fix`, `trust triage`): builds the LLM
 * session from the options (src/llm/wiring.ts), appends every call's metadata to the audit
 * log (opened only once a call is made), and prints the one-line spend summary at the end.
 */
import type { AuditLog } from '../../audit/index.js';
import { type LlmSetup, setupLlm } from '../../llm/wiring.js';
import type { Context } from '../context.js';
import { openLog } from './log-common.js';

export interface OpenLlm {
  setup: LlmSetup;
  /** Close the audit log and print the spend summary. */
  close(): void;
}

export async function openLlm(ctx: Context): Promise<OpenLlm | undefined> {
  let log: AuditLog | undefined;
  const setup = await setupLlm({
    root: ctx.root,
    options: ctx.options,
    env: ctx.env,
    say: (line) => ctx.out.warn(line),
    audit: {
      append: (entry) => {
        log ??= openLog(ctx, true);
        return log.append(entry);
      },
    },
  });
  if (!setup) return undefined;
  return {
    setup,
    close: () => {
      log?.close();
      if (setup.records.length > 0 || setup.reports.length > 0) ctx.out.info(setup.summary());
    },
  };
}
