/**
 * fix/engine: fix one file with the codemods (no I/O). Parse once (or take the prefetched
 * parse), route each finding, locate its node, run the transform, keep edits that collide
 * with nothing already kept, add the imports/helpers the kept fixes asked for, and prove the
 * result parses (validate.ts: the edited statements re-parsed, or the whole file): a file
 * that would not parse is left untouched and every finding in it reported unfixed.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Finding } from '../sarif/finding.js';
import { FileAdditions } from './additions.js';
import {
  type Codemod,
  type Edit,
  isUnfixed,
  type LanguageId,
  type PackageAction,
  type TransformContext,
  Unfixable,
  type Unfixed,
  type UnmatchedContext,
} from './codemod.js';
import { applyEditsMapped, invalidEdits, overlaps, sameEdit } from './edits.js';
import { alreadyMitigated, keepSuppression } from './engine-mitigation.js';
import { importSpecifier, type ProvidedHelper } from './helpers-module.js';
import { firstSyntaxError, parseSource, parseSourceAsync, syntaxErrorAfterEdits } from './languages.js';
import { CandidateCache, columnUnitOf, LineIndex, NOTHING_HERE, pickNode, regionSpan } from './locate.js';
import type { ParsedInput } from './prefetch.js';
import { routeFinding } from './route.js';
import { describeCode, siteReason } from './site.js';
import { type Mitigation, planMitigation } from './suppress.js';
import { renderTemplate } from './template.js';
import { TopLevel } from './toplevel.js';
import {
  type FragmentPlan,
  type FragmentVerdict,
  planFragments,
  type SyntaxProblem,
  verifyFragments,
} from './validate.js';

export interface FindingOutcome {
  finding: Finding;
  path: string;
  status: 'fixed' | 'unfixed';
  /** The codemod (or fixer) that fixed it, or the last one that tried. */
  codemod?: string;
  reason?: string;
  /** 1-based line of the fix in the original file. */
  line?: number;
  /** A fix the scanner's rule still reports at its place: mitigated, not fixed (fix/suppress.ts). */
  mitigation?: Mitigation;
}

export interface KeptFix {
  codemod: string;
  finding: Finding;
  edits: Edit[];
  packageActions: PackageAction[];
  /** True when the same edits were already kept for another finding (a duplicate report). */
  merged: boolean;
  mitigation?: Mitigation;
}

export interface FileFixResult {
  path: string;
  language: LanguageId;
  before: string;
  after: string;
  outcomes: FindingOutcome[];
  fixes: KeptFix[];
  /** Why the whole file's change was dropped, when it was. */
  dropped?: string;
  /** The edits the engine added for imports/helpers, by codemods that asked (for staging). */
  additions: FileAdditions;
}

export interface FixFileInput {
  path: string;
  language: LanguageId;
  source: string;
  findings: readonly Finding[];
  codemods: readonly Codemod[];
  /** Write the scanner's suppression comment for a mitigated finding (fix.suppressions). */
  suppress?: boolean;
  /** Shared helpers a helpers module provides in this run, by name (helpers-module.ts). */
  providedHelpers?: ReadonlyMap<string, ProvidedHelper>;
}

function byPosition(a: Finding, b: Finding): number {
  const ra = a.location.region;
  const rb = b.location.region;
  return (ra?.startLine ?? 0) - (rb?.startLine ?? 0) || (ra?.startColumn ?? 0) - (rb?.startColumn ?? 0);
}

interface Planned {
  result: FileFixResult;
  /** The fixed text, still to be checked. */
  after?: string;
  /** Where the edits landed in `after`. */
  edited?: { start: number; end: number }[];
  /** The fragments to re-parse to prove `after` parses (validate.ts), or 'whole-file'. */
  plan?: FragmentPlan | 'whole-file';
}

/**
 * Everything but the final parse check: route, locate, transform, merge, apply. `parsed`: the
 * input's syntax check and candidate nodes, when the prefetch made them already.
 */
function planFile(input: FixFileInput, root: SgNode, parsed?: ParsedInput): Planned {
  const { path, language, source, codemods } = input;
  const findings = [...input.findings].sort(byPosition);
  const tops = new TopLevel(root);
  const provided = input.providedHelpers
    ? new Map([...input.providedHelpers].map(([n, p]) => [n, importSpecifier(path, source, language, p)]))
    : undefined;
  const additions = new FileAdditions(language, root, source, tops, provided);
  const result: FileFixResult = {
    path,
    language,
    before: source,
    after: source,
    outcomes: [],
    fixes: [],
    additions,
  };
  // ERROR nodes and MISSING tokens anywhere: a file that does not parse is never edited, and the
  // check of the result can then look only where edits landed.
  const broken = parsed ? parsed.syntax : firstSyntaxError(root);
  if (broken) {
    const reason = `the file does not parse as ${language} (line ${broken.line}); trust edits only files that parse`;
    result.outcomes = findings.map((finding) => ({ finding, path, status: 'unfixed', reason }));
    return { result };
  }
  const lines = new LineIndex(source);
  const candidates = new CandidateCache(tops, parsed?.candidates);
  const kept: Edit[] = [];

  for (const finding of findings) {
    const routed = routeFinding(codemods, finding, language);
    if (routed.length === 0) {
      const reason = `no codemod for ${finding.tool.name} rule ${finding.rule.id}`;
      result.outcomes.push({ finding, path, status: 'unfixed', reason });
      continue;
    }
    const span = regionSpan(finding.location.region, lines, columnUnitOf(finding));
    if (typeof span === 'string') {
      result.outcomes.push({ finding, path, status: 'unfixed', reason: span, codemod: routed[0]!.id });
      continue;
    }
    if (!snippetMatches(finding, source, lines, span)) {
      const reason =
        'the code at the reported location differs from the scanner snippet; the file changed since the scan';
      result.outcomes.push({ finding, path, status: 'unfixed', reason, codemod: routed[0]!.id });
      continue;
    }
    let outcome: FindingOutcome | undefined;
    for (const codemod of routed) {
      const located = pickNode(candidates.get(codemod, span), span, source);
      if (typeof located === 'string') {
        const region = { start: span.start, end: span.end };
        const why = located.startsWith(NOTHING_HERE)
          ? explainUnmatched(codemod, { root, source, path, language, finding, region })
          : undefined;
        const reason = siteReason(
          finding,
          codemod,
          why ?? located,
          describeCode(source, span.start, span.end),
        );
        outcome = { finding, path, status: 'unfixed', codemod: codemod.id, reason };
        continue;
      }
      const packageActions: PackageAction[] = [];
      const ctx: TransformContext = {
        node: located.node,
        root,
        source,
        path,
        language,
        finding,
        region: { start: span.start, end: span.end },
        replace: (node, text) => ({ start: node.range().start.index, end: node.range().end.index, text }),
        capture: (name) => captureText(located.node, name, source),
        ensureImport: (spec) => additions.ensureImport(spec),
        ensureHelper: (helper) => additions.ensureHelper(helper),
        addPackage: (action) => {
          packageActions.push(action);
        },
      };
      additions.begin();
      const edits = runTransform(codemod, ctx);
      if (!Array.isArray(edits)) {
        additions.rollback();
        const site = { language, source, root, lines };
        const held = edits.alreadyFixed && planMitigation(codemod, finding, site, !!input.suppress, true);
        if (held) {
          const line = lines.lineOf(located.node.range().start.index);
          outcome = alreadyMitigated(result, held, kept, lines, { finding, path, codemod: codemod.id, line });
          break;
        }
        outcome = { finding, path, status: 'unfixed', codemod: codemod.id, reason: edits.unfixed };
        continue;
      }
      const fresh = edits.filter((e) => !kept.some((k) => sameEdit(k, e)));
      const clash = fresh.find((e) => kept.some((k) => overlaps(k, e)));
      if (clash) {
        additions.rollback();
        outcome = {
          finding,
          path,
          status: 'unfixed',
          codemod: codemod.id,
          reason: `its fix overlaps the fix of another finding on line ${lines.lineOf(clash.start)}; run trust fix again after this change`,
        };
        break;
      }
      additions.commit(codemod.id);
      kept.push(...fresh);
      const mitigated = planMitigation(codemod, finding, { language, source, root, lines }, !!input.suppress);
      const mitigation = mitigated && keepSuppression(mitigated, kept, edits, lines);
      result.fixes.push({
        codemod: codemod.id,
        finding,
        edits,
        packageActions,
        merged: fresh.length === 0,
        ...(mitigation ? { mitigation } : {}),
      });
      outcome = {
        finding,
        path,
        status: 'fixed',
        codemod: codemod.id,
        line: lines.lineOf(located.node.range().start.index),
        ...(mitigation ? { mitigation } : {}),
      };
      break;
    }
    result.outcomes.push(outcome!);
  }

  if (kept.length === 0) return { result };
  let extra: Edit[];
  try {
    extra = additions.edits();
  } catch (error) {
    return { result: dropAll(result, error instanceof Unfixable ? error.reason : String(error)) };
  }
  const all = [...kept, ...extra];
  const { text, ranges } = applyEditsMapped(source, all);
  return { result, after: text, edited: ranges, plan: planFragments(language, tops, all, text) };
}

/** Fix one file; the result is checked on the spot. */
export function fixFile(input: FixFileInput): FileFixResult {
  const planned = planFile(input, parseSource(input.language, input.source).root());
  if (planned.after === undefined) return planned.result;
  const { plan, edited } = planned;
  let verdict: FragmentVerdict = 'whole-file';
  if (plan && plan !== 'whole-file')
    verdict = verifyFragments(plan, parseSource(input.language, plan.text).root(), input.language);
  if (verdict !== 'whole-file') return settle(planned, verdict);
  return settle(planned, syntaxErrorAfterEdits(parseSource(input.language, planned.after).root(), edited!));
}

/**
 * Fix one file, parsing on other threads (the input, unless `parsed` brings it parsed and
 * checked already; then the fragments that prove the result parses, or the whole result when
 * they cannot), so the main thread can work on another file meanwhile.
 */
export async function fixFileAsync(input: FixFileInput, parsed?: ParsedInput): Promise<FileFixResult> {
  const planned = parsed
    ? planFile(input, parsed.root, parsed)
    : planFile(input, (await parseSourceAsync(input.language, input.source)).root());
  if (planned.after === undefined) return planned.result;
  const { plan, edited } = planned;
  let verdict: FragmentVerdict = 'whole-file';
  if (plan && plan !== 'whole-file') {
    verdict = verifyFragments(
      plan,
      (await parseSourceAsync(input.language, plan.text)).root(),
      input.language,
    );
  }
  if (verdict !== 'whole-file') return settle(planned, verdict);
  const root = (await parseSourceAsync(input.language, planned.after)).root();
  return settle(planned, syntaxErrorAfterEdits(root, edited!));
}

function settle(planned: Planned, broken: SyntaxProblem | undefined): FileFixResult {
  if (broken) {
    return dropAll(
      planned.result,
      `the fixed file would not parse (line ${broken.line}), so no change was made to it`,
    );
  }
  planned.result.after = planned.after!;
  return planned.result;
}

function dropAll(result: FileFixResult, reason: string): FileFixResult {
  result.dropped = reason;
  result.fixes = [];
  result.outcomes = result.outcomes.map((o) =>
    o.status === 'fixed' ? { ...o, status: 'unfixed', reason } : o,
  );
  return result;
}

/** Edits, or why the finding stays unfixed. */
function runTransform(codemod: Codemod, ctx: TransformContext): Edit[] | Unfixed {
  try {
    if (codemod.fix !== undefined) {
      const reason = codemod.guard?.(ctx);
      if (reason) return { unfixed: reason };
      return [ctx.replace(ctx.node, renderTemplate(codemod.fix, ctx.node, ctx.source))];
    }
    const out = codemod.transform(ctx);
    if (isUnfixed(out)) return out;
    if (out.length === 0) return { unfixed: 'the code is already in the fixed form' };
    const bad = invalidEdits(out, ctx.source.length);
    return bad ? { unfixed: bad } : out;
  } catch (error) {
    if (error instanceof Unfixable) return { unfixed: error.reason };
    const message = error instanceof Error ? error.message : String(error);
    return { unfixed: `codemod ${codemod.id} failed: ${message.split('\n')[0]}` };
  }
}

/** The codemod's own account of what is at an unmatched place; a failing hook is ignored. */
function explainUnmatched(codemod: Codemod, ctx: UnmatchedContext): string | undefined {
  try {
    return codemod.explainUnmatched?.(ctx);
  } catch {
    return undefined;
  }
}

function captureText(node: SgNode, name: string, source: string): string | undefined {
  const bare = name.replace(/^\$+/, '');
  if (name.startsWith('$$$')) return renderTemplate(`$$$${bare}`, node, source);
  return node.getMatch(bare)?.text();
}

/** Scanners that send a snippet send the matched text or its whole lines; either must still be there. */
function snippetMatches(
  finding: Finding,
  source: string,
  lines: LineIndex,
  span: { start: number; end: number },
): boolean {
  const region = finding.location.region;
  const snippet = region?.snippet?.trim();
  if (!region || !snippet) return true;
  const squash = (t: string) => t.replace(/\s+/g, ' ').trim();
  const first = lines.lineStart(region.startLine) ?? 0;
  const whole = squash(source.slice(first, lines.lineEnd(region.endLine ?? region.startLine)));
  const want = squash(snippet);
  return whole.includes(want) || want.includes(squash(source.slice(span.start, span.end)));
}
