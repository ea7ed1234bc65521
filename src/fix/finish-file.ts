/**
 * fix/finish-file: one file after the codemod engine. What the engine left unfixed is offered
 * to the injected fixers (the LLM fixer), each kept fix staged after the previous one, and the
 * file written (unless a dry run) between the caller's write hooks (write.ts).
 */
import type { Placement } from '../core/paths.js';
import type { Finding } from '../sarif/finding.js';
import type { LanguageId } from './codemod.js';
import { unifiedDiff } from './diff.js';
import { applyEdits, invalidEdits } from './edits.js';
import type { FindingOutcome } from './engine.js';
import type { Fixer, FixerFix } from './fixer.js';
import type { HelpersPlan } from './helpers-module.js';
import { firstSyntaxError, parseSource } from './languages.js';
import type { CodemodPass, Stage } from './pass.js';
import { type Running as WriteRunning, writeChanged } from './write.js';

/** A run in progress: the write state, and the shared helpers modules planned for it. */
export interface Running extends WriteRunning {
  helpers?: HelpersPlan;
}

export interface ChangedFile {
  path: string;
  before: string;
  after: string;
  diff: string;
  stages: Stage[];
}

export interface FileOutcome {
  outcomes: FindingOutcome[];
  file?: ChangedFile;
  /** Shared helpers the written file imports from a helpers module. */
  used?: string[];
  dropped?: { path: string; reason: string };
}

export interface Entry {
  path: string;
  findings: Finding[];
  language: LanguageId | undefined;
  placed: Placement | undefined;
}

/** The repository path of an entry placed inside the tree (every entry that got this far). */
export function placedPath(entry: Entry): string {
  if (!entry.placed?.inside) throw new Error(`${entry.path} was not placed inside the repository`);
  return entry.placed.path;
}

/** After the codemods: offer what is left to the fixers, then write the file. */
export async function finish(entry: Entry, pass: CodemodPass, options: Running): Promise<FileOutcome> {
  const { path, language } = entry;
  const { source, stages } = pass;
  const out: FileOutcome = { outcomes: [] };
  // After a failed write the run is over: no more fixer (LLM) calls, no more writes.
  if (options.failure !== undefined) return out;
  if (pass.dropped) out.dropped = { path, reason: pass.dropped };
  const diffs = options.diffs !== false;
  let current = pass.after;
  for (const outcome of pass.outcomes) {
    const fixed =
      outcome.status === 'unfixed' && options.fixers?.length
        ? await tryFixers(outcome, current, language!, options.fixers)
        : undefined;
    if (!fixed) {
      out.outcomes.push(outcome);
      continue;
    }
    const { fixer, fix, after } = fixed;
    stages.push({
      codemod: fixer.id,
      path,
      before: current,
      after,
      diff: diffs ? unifiedDiff(path, current, after) : '',
      findings: [outcome.finding],
      lines: [outcome.finding.location.region?.startLine ?? 0],
      packageActions: fix.packageActions ?? [],
      fixer: fix,
    });
    out.outcomes.push({ ...outcome, status: 'fixed', codemod: fixer.id, reason: undefined });
    current = after;
  }
  if (current === source) return out;
  if (pass.usedHelpers) out.used = pass.usedHelpers;
  out.file = {
    path,
    before: source,
    after: current,
    diff: diffs ? unifiedDiff(path, source, current) : '',
    stages,
  };
  if (options.write) await writeChanged(out.file, placedPath(entry), options);
  return out;
}

async function tryFixers(
  outcome: FindingOutcome,
  source: string,
  language: LanguageId,
  fixers: readonly Fixer[],
): Promise<{ fixer: Fixer; fix: FixerFix; after: string } | undefined> {
  for (const fixer of fixers) {
    if (!fixer.accepts(outcome.finding)) continue;
    const answer = await fixer.fix({
      finding: outcome.finding,
      path: outcome.path,
      language,
      source,
      codemodReason: outcome.reason ?? 'no codemod',
    });
    if ('unfixed' in answer) {
      outcome.reason = `${outcome.reason}; ${fixer.id}: ${answer.unfixed}`;
      continue;
    }
    const bad = invalidEdits(answer.edits, source.length);
    if (bad) {
      outcome.reason = `${outcome.reason}; ${fixer.id}: ${bad}`;
      continue;
    }
    const after = applyEdits(source, answer.edits);
    const broken = firstSyntaxError(parseSource(language, after).root());
    if (broken) {
      outcome.reason = `${outcome.reason}; ${fixer.id}: its fix would not parse (line ${broken.line})`;
      continue;
    }
    return { fixer, fix: answer, after };
  }
  return undefined;
}
