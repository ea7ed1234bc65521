/**
 * llm/fixer: the LLM as a `Fixer` for the fix pipeline (src/fix/fixer.ts). The pipeline only
 * offers it findings no codemod fixed, so a codemod-fixed finding never costs an LLM call.
 * Per finding: build the redacted snippet, run generator -> validation -> evaluator, and hand
 * back one edit with the evaluator's scores (CodeTF fixQuality).
 */

import { readInRoot } from '../core/paths.js';
import type { Edit } from '../fix/codemod.js';
import type { Fixer, FixerRequest, FixerResult } from '../fix/fixer.js';
import { languageOf } from '../fix/languages.js';
import type { Finding } from '../sarif/finding.js';
import { BudgetExhausted } from './budget.js';
import { lineMap } from './diff.js';
import { type LlmFixOutcome, runFixPipeline } from './fix-pipeline.js';
import { SourceRedactor } from './redact-source.js';
import type { KnownValue } from './secrets.js';
import type { LlmSession } from './session.js';
import type { Thresholds } from './settings.js';
import { buildSnippet } from './snippet.js';

/** What happened to one finding, for the run summary and bench/llm-exposure. */
export interface LlmFixReport {
  finding: Finding;
  outcome?: LlmFixOutcome;
  /** Set when no LLM call was made (budget spent, no snippet). */
  skipped?: string;
  codeBytes: number;
  fileBytes: number;
  /** Request bytes sent for this finding, when the caller measures them (bench/llm-exposure). */
  requestBytes?: number;
}

export interface LlmFixerOptions {
  root: string;
  session: LlmSession;
  thresholds: Thresholds;
  identity: readonly KnownValue[];
  onReport?: (report: LlmFixReport) => void;
}

export function createLlmFixer(options: LlmFixerOptions): Fixer {
  const { session } = options;
  return {
    id: `trust:llm/${session.generator.name}`,
    accepts: (finding) => Boolean(finding.location.path && languageOf(finding.location.path)),
    fix: (request) => fixOne(options, request),
  };
}

async function fixOne(options: LlmFixerOptions, request: FixerRequest): Promise<FixerResult> {
  const { session, onReport } = options;
  const report = (r: Omit<LlmFixReport, 'finding'>) => onReport?.({ finding: request.finding, ...r });
  const spent = session.budget.exhausted();
  if (spent) {
    report({ skipped: spent, codeBytes: 0, fileBytes: 0 });
    return { unfixed: spent };
  }
  const redactor = new SourceRedactor(options.identity);
  const built = buildSnippet({
    root: options.root,
    finding: shiftToCurrent(options.root, request),
    source: request.source,
    redactor,
  });
  if ('unavailable' in built) {
    report({ skipped: built.unavailable, codeBytes: 0, fileBytes: 0 });
    return { unfixed: built.unavailable };
  }
  const { snippet } = built;
  let outcome: LlmFixOutcome;
  try {
    outcome = await runFixPipeline(session, options.thresholds, snippet, redactor, request.source);
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) throw error;
    report({ skipped: error.message, codeBytes: snippet.codeBytes, fileBytes: snippet.fileBytes });
    return { unfixed: error.message };
  }
  report({ outcome, codeBytes: snippet.codeBytes, fileBytes: snippet.fileBytes });
  if (outcome.status === 'unfixed' || !outcome.after || !outcome.review) return { unfixed: outcome.reason };
  const { review } = outcome;
  return {
    edits: [minimalEdit(request.source, outcome.after)],
    description: outcome.reason,
    ai: { provider: session.generator.name, model: session.generator.model },
    fixQuality: {
      safetyRating: review.safety.score,
      effectivenessRating: review.effectiveness.score,
      cleanlinessRating: review.cleanliness.score,
    },
    evaluation: `safety: ${review.safety.reason} effectiveness: ${review.effectiveness.reason} cleanliness: ${review.cleanliness.reason}`,
  };
}

/**
 * The finding's lines are the scanned file's; codemods may already have changed the text in
 * this run (an import added above), so its region is moved to where those lines are now.
 */
function shiftToCurrent(root: string, request: FixerRequest): Finding {
  const region = request.finding.location.region;
  const scanned = region ? readInRoot(root, request.path) : undefined;
  if (!region || scanned === undefined || scanned === request.source) return request.finding;
  const map = lineMap(scanned, request.source);
  const startLine = map(region.startLine);
  const endLine = region.endLine === undefined ? undefined : Math.max(startLine, map(region.endLine));
  return {
    ...request.finding,
    location: { ...request.finding.location, region: { ...region, startLine, endLine } },
  };
}

/** One edit covering exactly the changed span between two texts. */
export function minimalEdit(before: string, after: string): Edit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let tail = 0;
  while (
    tail < before.length - start &&
    tail < after.length - start &&
    before[before.length - 1 - tail] === after[after.length - 1 - tail]
  ) {
    tail++;
  }
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}
