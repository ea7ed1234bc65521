/**
 * fix/site: where a finding is fixed. Usually at its primary location; but some rules report
 * where a value is used and name the code to change as a related location: CodeQL's
 * js/insecure-randomness and java/insecure-randomness put the result at the sink (a token, a
 * session id) and the `Math.random()` / `new Random()` that produced it in `relatedLocations`,
 * possibly in another file. A codemod lists such rules in `relatedSite`; for a finding of one
 * of them that names a related location, the pipeline fixes a copy of the finding whose
 * location is that related location (grouped with that file), and hands back the original.
 */
import type { Finding, FindingLocation } from '../sarif/finding.js';
import type { Codemod } from './codemod.js';
import type { FindingOutcome } from './engine.js';
import type { Stage } from './pass.js';
import { normalizeTool, ruleMatches } from './route.js';

/** What a sited copy carries (plain data: it travels to the fix pool's workers by value). */
export interface FixSite {
  /** The primary location, as "path:line". */
  reported: string;
  /** The related location fixed instead, as "path:line". */
  site: string;
  /** The related location's message ("Insecure randomness source."), when it has one. */
  message?: string;
}

export type SitedFinding = Finding & { fixSite?: FixSite };

/** Whether some codemod fixes this finding's rule at a related location. */
function wantsRelatedSite(finding: Finding, codemods: readonly Codemod[]): boolean {
  const tool = normalizeTool(finding.tool.name);
  return codemods.some((c) =>
    (c.relatedSite?.[tool] ?? []).some((r) => ruleMatches(tool, r, finding.rule.id)),
  );
}

function where(loc: FindingLocation): string {
  return `${loc.path ?? loc.uri ?? '(no path)'}:${loc.region?.startLine ?? '?'}`;
}

/**
 * The finding to fix: undefined to fix it where it is reported, a sited copy, or the reason
 * it cannot be fixed (its related locations name no place in the repository, or several).
 */
export function siteFinding(
  finding: Finding,
  codemods: readonly Codemod[],
): { sited: SitedFinding } | { unfixed: string } | undefined {
  // No related location (another scanner, or a result at the source itself): the primary.
  if (finding.relatedLocations.length === 0 || !wantsRelatedSite(finding, codemods)) return undefined;
  const usable = finding.relatedLocations.filter(
    (l) => l.path && l.region && (l.status === 'in-tree' || l.status === 'suffix-match'),
  );
  const distinct = [...new Map(usable.map((l) => [JSON.stringify([l.path, l.region]), l])).values()];
  if (distinct.length === 0) {
    const first = finding.relatedLocations[0]!;
    return {
      unfixed: `${finding.tool.name} reports the use here and names the code to fix in relatedLocations, but ${where(first)} is not a place in this repository (${first.status}${first.note ? `: ${first.note}` : ''})`,
    };
  }
  if (distinct.length > 1) {
    return {
      unfixed: `${finding.tool.name} names ${distinct.length} related locations as the code to fix (${distinct.map(where).join(', ')}); trust fixes one place per finding and will not guess which`,
    };
  }
  const site = distinct[0]!;
  const fixSite: FixSite = { reported: where(finding.location), site: where(site) };
  if (site.message) fixSite.message = site.message;
  return { sited: { ...finding, location: site, fixSite } };
}

/**
 * The reason a sited finding stays unfixed when its codemod found nothing to rewrite at the
 * related location: the generic "the file may have changed" would be wrong there, because
 * the scanner named code that simply is not what this codemod rewrites (a library call such
 * as RandomStringUtils.randomAlphabetic, or a Date.now()).
 */
export function siteReason(finding: SitedFinding, codemod: Codemod, reason: string, code: string): string {
  const s = finding.fixSite;
  if (!s) return reason;
  const message = s.message?.replace(/\.$/, '');
  const as = message && message !== code ? ` as "${message}"` : ' as the code to fix';
  const named = `${finding.tool.name} reports the use at ${s.reported} and names ${s.site} ("${code}")${as}`;
  if (!reason.startsWith(NOT_HERE)) return `${named}: ${reason}`;
  return `${named}; ${codemod.id} does not rewrite that code, so it is left as it is`;
}

/** How locate.ts's pickNode starts its "nothing this codemod fixes is there" reason. */
const NOT_HERE = 'the code at the reported location';

/** Text of a span for a reason: whitespace squashed, at most 60 characters. */
export function describeCode(source: string, start: number, end: number): string {
  const text = source.slice(start, end).replace(/\s+/g, ' ').trim();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Give the caller its own findings back in `run`, in place. A fixed outcome keeps the path
 * and line where the fix was made; an unfixed one the path it was reported at (its reason
 * names the related location).
 */
export function restoreOriginals(
  run: { outcomes: FindingOutcome[]; files: { stages: Stage[] }[] },
  originals: ReadonlyMap<Finding, Finding>,
): void {
  if (originals.size === 0) return;
  for (const o of run.outcomes) {
    const original = originals.get(o.finding);
    if (!original) continue;
    o.finding = original;
    if (o.status === 'unfixed' && original.location.path) o.path = original.location.path;
  }
  for (const file of run.files) {
    for (const stage of file.stages) stage.findings = stage.findings.map((f) => originals.get(f) ?? f);
  }
}
