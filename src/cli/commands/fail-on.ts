/**
 * --fail-on <level> for `findings`, `triage` and `fix`: the CI gate. Each command says which
 * findings it leaves unresolved; this turns "one at the level or above remains" into exit 1
 * (a PolicyError, after the command's output), with one line naming the first few.
 */
import { PolicyError } from '../../core/errors.js';
import type { Finding, Level } from '../../sarif/finding.js';
import { findingWhere } from '../../sarif/render.js';
import { type Context, stringOption } from '../context.js';

const RANK: Record<Level, number> = { error: 3, warning: 2, note: 1, none: 0 };

/** The --fail-on level, or undefined when it is off (unset, "none", "never"). */
export function failOnLevel(ctx: Context): Exclude<Level, 'none'> | undefined {
  const level = stringOption(ctx, 'failOn');
  if (level === 'error' || level === 'warning' || level === 'note') return level;
  return undefined;
}

/** How many findings the one line names before "and N more". */
const NAMED = 3;

/** Throw the exit-1 PolicyError when an unresolved finding at or above --fail-on remains. */
export function enforceFailOn(ctx: Context, unresolved: readonly Finding[]): void {
  const level = failOnLevel(ctx);
  if (!level) return;
  const over = unresolved.filter((f) => RANK[f.level] >= RANK[level]);
  if (over.length === 0) return;
  const named = over
    .slice(0, NAMED)
    .map((f) => `${findingWhere(f)} ${f.rule.id}`)
    .join(', ');
  const more = over.length > NAMED ? ` and ${over.length - NAMED} more` : '';
  const plural = over.length === 1 ? ' remains' : 's remain';
  throw new PolicyError(
    `${over.length} unresolved finding${plural} at ${level} or above (--fail-on ${level}): ${named}${more}`,
  );
}
