/**
 * fix/validate: does a fixed file still parse? Proven without re-parsing the whole file.
 *
 * The engine edits only files whose input parsed with no ERROR node and no MISSING token, and
 * edits change some top-level statements (or insert text between them). Each group of edited
 * statements is re-parsed on its own, as a fragment starting and ending between two top-level
 * statements, and must parse cleanly. The whole file then parses cleanly if nothing crosses
 * the fragment's two seams, which holds when:
 *   - start: the fragment starts the file, or the text before it (unchanged) ends with a
 *     statement that the fragment's first token cannot continue — a JavaScript statement ends
 *     at a newline or `;` only if the next token could not carry on the expression (`(`, `[`,
 *     `` ` ``, an operator, `in`, `as`...), and a Python fragment starts at column 0;
 *   - end: the text after the fragment (unchanged) starts with a statement whose first token
 *     cannot continue the fragment's last statement, again after a newline or `;` (Python:
 *     the next statement starts a line, and the fragment does not end in a backslash).
 * Where a seam does not meet that, the untouched statement beyond it (comments skipped) joins
 * the fragment, and must come out of the fragment's parse exactly as it was (same span, same
 * kind): a statement an edit left open would swallow it, one that ends early would leave it
 * out of place. Text before the fragment is unchanged and followed by the same tokens, so it
 * parses as before; the fragment starts where a statement may start and parses as it does
 * alone; the text after it follows the same statement end, so it parses as before.
 *
 * When the fragments cover most of the file, a neighbour does not come out as it was, or a
 * Python fragment would not start at column 0, the answer is 'whole-file': re-parse it all.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Edit, LanguageId } from './codemod.js';
import { familyOf, firstSyntaxError, parseSource } from './languages.js';
import { TopLevel } from './toplevel.js';

export interface SyntaxProblem {
  /** 1-based line and column in the fixed file. */
  line: number;
  column: number;
}

/** The verdict: clean (undefined), the first syntax error, or 'whole-file' (re-parse it all). */
export type FragmentVerdict = SyntaxProblem | undefined | 'whole-file';

/** Fragments larger than this share of the file are not worth it: parse the whole file. */
const MAX_SHARE = 0.5;

interface Group {
  /** First and last edited statement (last < first: the edits lie in the gap before `first`). */
  first: number;
  last: number;
  /** Offsets in the input: the first edit's start and the last edit's end. */
  editStart: number;
  editEnd: number;
}

interface Fragment {
  /** Offsets in the fixed text. */
  start: number;
  end: number;
  /** Untouched statements included as seams (their index in the input), when needed. */
  before?: number;
  after?: number;
}

/** The fragments of a fixed file to re-parse, joined into one text. */
export interface FragmentPlan {
  /** The fragments, each on its own lines: parse this. */
  text: string;
  fragments: Fragment[];
  /** Where each fragment starts in `text`. */
  placed: number[];
  tops: TopLevel;
  after: string;
}

/**
 * Check `after` (= the parsed input with `edits` applied; edit offsets are into the input,
 * whose top-level statements are `tops`) by re-parsing only the edited statements.
 */
export function checkEditedFragments(
  language: LanguageId,
  tops: TopLevel,
  edits: readonly Edit[],
  after: string,
): FragmentVerdict {
  const plan = planFragments(language, tops, edits, after);
  if (plan === 'whole-file') return plan;
  return verifyFragments(plan, parseSource(language, plan.text).root(), language);
}

/** Which fragments prove `after` parses, or 'whole-file' when they would not be worth it. */
export function planFragments(
  language: LanguageId,
  tops: TopLevel,
  edits: readonly Edit[],
  after: string,
): FragmentPlan | 'whole-file' {
  const n = tops.length;
  if (n === 0 || edits.length === 0) return 'whole-file';
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const python = familyOf(language) === 'python';

  // The statements each edit touches (an insertion at a statement's edge touches it); an
  // edit reaching the previous group's next statement (comments skipped) joins that group.
  const groups: Group[] = [];
  for (const e of sorted) {
    const first = tops.firstEndingAtOrAfter(e.start);
    let last = first - 1;
    while (last + 1 < n && tops.span(last + 1).start <= e.end) last++;
    const prev = groups.at(-1);
    if (prev && first <= neighbourAfter(tops, Math.max(prev.last, prev.first - 1))) {
      prev.last = Math.max(prev.last, last);
      prev.editEnd = Math.max(prev.editEnd, e.end);
    } else {
      groups.push({ first, last, editStart: e.start, editEnd: e.end });
    }
  }

  const fragments: Fragment[] = [];
  let total = 0;
  for (const g of groups) {
    const edited = g.last >= g.first;
    let start = Math.min(g.editStart, edited ? tops.span(g.first).start : g.editStart);
    let end = Math.max(g.editEnd, edited ? tops.span(g.last).end : g.editEnd);
    const f: Fragment = { start: newStart(start, sorted), end: newEnd(end, sorted) };
    const before = neighbourBefore(tops, g.first);
    const next = neighbourAfter(tops, Math.max(g.last, g.first - 1));
    if (before >= 0 && !(python ? pythonStarts(after, f.start) : startsClean(after, f.start))) {
      f.before = before;
      start = tops.span(before).start;
      f.start = newStart(start, sorted);
    }
    const nextStart = next < n ? newStart(tops.span(next).start, sorted) : after.length;
    const endOk = python
      ? after.charCodeAt(nextStart - 1) === 10 && !continuesLine(after, f.end)
      : endsClean(after, f.end, nextStart);
    if (next < n && !endOk) {
      f.after = next;
      end = tops.span(next).end;
      f.end = newEnd(end, sorted);
    }
    if (python && f.start > 0 && after.charCodeAt(f.start - 1) !== 10) return 'whole-file';
    total += f.end - f.start;
    fragments.push(f);
  }
  if (total > after.length * MAX_SHARE) return 'whole-file';

  // One parse for all fragments, each on its own lines (that none runs into the next is
  // checked on the parse).
  let text = '';
  const placed: number[] = [];
  for (const f of fragments) {
    if (text.length > 0) text += '\n';
    placed.push(text.length);
    text += after.slice(f.start, f.end);
  }
  return { text, fragments, placed, tops, after };
}

/** The verdict on a plan, given the parse of its text. */
export function verifyFragments(plan: FragmentPlan, root: SgNode, language: LanguageId): FragmentVerdict {
  const { fragments, placed } = plan;
  const broken = firstSyntaxError(root);
  const needsKids =
    fragments.length > 1 || fragments.some((f) => f.before !== undefined || f.after !== undefined);
  const kids = needsKids ? new TopLevel(root, plan.text) : undefined;
  // No statement may run from one fragment into the next (the parser can be lenient about
  // line ends: `a +` then a line starting `b` would join). When one does, the joined parse
  // stands for nothing: each fragment is parsed on its own.
  for (let k = 1; k < fragments.length; k++) {
    const j = kids!.firstEndingAtOrAfter(placed[k]! + 1);
    if (j < kids!.length && kids!.span(j).start < placed[k]!) return verifyEach(plan, language);
  }
  if (broken) return inFile(plan, 0, broken);
  return seamsHold(plan, kids, placed) ? undefined : 'whole-file';
}

function verifyEach(plan: FragmentPlan, language: LanguageId): FragmentVerdict {
  for (const [k, f] of plan.fragments.entries()) {
    const root = parseSource(language, plan.after.slice(f.start, f.end)).root();
    const broken = firstSyntaxError(root);
    if (broken) return inFile(plan, k, broken);
    const one = { ...plan, fragments: [f] };
    if (
      !seamsHold(one, f.before !== undefined || f.after !== undefined ? new TopLevel(root) : undefined, [0])
    ) {
      return 'whole-file';
    }
  }
  return undefined;
}

/** The neighbours a fragment carries came out of its parse as the statements they were. */
function seamsHold(plan: FragmentPlan, kids: TopLevel | undefined, placed: readonly number[]): boolean {
  const { tops } = plan;
  for (const [k, f] of plan.fragments.entries()) {
    const at = placed[k]!;
    if (f.before !== undefined && !sameStatement(tops, f.before, kids!, at)) return false;
    if (f.after !== undefined) {
      const len = tops.span(f.after).end - tops.span(f.after).start;
      if (!sameStatement(tops, f.after, kids!, at + (f.end - f.start) - len)) return false;
    }
  }
  return true;
}

/** Where input offset `x` lands in the output, for a fragment starting at x (edits at x are inside). */
function newStart(x: number, edits: readonly Edit[]): number {
  let out = x;
  for (const e of edits) {
    if (e.start >= x) break;
    out += e.text.length - (e.end - e.start);
  }
  return out;
}

/** Where input offset `x` lands in the output, for a fragment ending at x (edits up to x are inside). */
function newEnd(x: number, edits: readonly Edit[]): number {
  let out = x;
  for (const e of edits) {
    if (e.start > x || e.end > x) break;
    out += e.text.length - (e.end - e.start);
  }
  return out;
}

/** The nearest non-comment statement before `i` (or -1). */
function neighbourBefore(tops: TopLevel, i: number): number {
  let j = i - 1;
  while (j >= 0 && tops.isComment(j)) j--;
  return j;
}

/** The nearest non-comment statement after `i` (or tops.length). */
function neighbourAfter(tops: TopLevel, i: number): number {
  let j = i + 1;
  while (j < tops.length && tops.isComment(j)) j++;
  return j;
}

/**
 * JavaScript/TypeScript/Java: the statement before `at` ends for good — a newline or `;`
 * separates it from a first token that cannot continue an expression.
 */
function startsClean(text: string, at: number): boolean {
  return separated(text, at) && !continues(text, skipTrivia(text, at));
}

/** The fragment's last statement (ending at `end`) ends for good before the next one at `next`. */
function endsClean(text: string, end: number, next: number): boolean {
  return separated(text, next, end) && !continues(text, next);
}

/** A newline lies between the previous code and `at`, or the code before `at` ends with `;`. */
function separated(text: string, at: number, from = at): boolean {
  if (text.slice(from, at).includes('\n')) return true;
  let i = from - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i--;
  return i < 0 || text[i] === '\n' || text[i] === ';';
}

/** Python: the code before `end` ends with a backslash, joining the next line to it. */
function continuesLine(text: string, end: number): boolean {
  let i = end - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n')) i--;
  return text[i] === '\\';
}

/** Python: the fragment starts a line, and its first line of code is at column 0. */
function pythonStarts(text: string, at: number): boolean {
  if (at > 0 && text.charCodeAt(at - 1) !== 10) return false;
  let i = at;
  for (;;) {
    if (text[i] === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return true;
      i = nl + 1;
    } else if (text[i] === '\n' || text[i] === '\r') {
      i++;
    } else {
      // Indented, or a backslash joining the line to the next: not where a statement starts.
      return text[i] !== ' ' && text[i] !== '\t' && text[i] !== '\\';
    }
  }
}

/** Past whitespace and comments from `at`. */
function skipTrivia(text: string, at: number): number {
  let i = at;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return i;
      i = close + 2;
    } else {
      return i;
    }
  }
}

/** Words that can carry on an expression from the line before. */
const CONTINUING_WORDS = new Set([
  'in',
  'instanceof',
  'as',
  'satisfies',
  'of',
  'is',
  'keyof',
  'extends',
  'implements',
]);

/** Whether the token at `at` could continue the statement before it (conservative). */
function continues(text: string, at: number): boolean {
  if (at >= text.length) return false;
  const c = text[at]!;
  if (/[A-Za-z_$]/.test(c)) {
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(at, at + 40))![0];
    return CONTINUING_WORDS.has(word);
  }
  // Digits, strings, blocks, decorators and `;` start a statement and cannot extend one.
  return !/[0-9'"{@;]/.test(c);
}

/** Whether the fragments' parse has input statement `i` as a top-level statement starting at `at`. */
function sameStatement(tops: TopLevel, i: number, kids: TopLevel, at: number): boolean {
  const k = kids.firstEndingAtOrAfter(at);
  if (k >= kids.length) return false;
  const got = kids.span(k);
  const want = tops.span(i);
  return got.start === at && got.end - got.start === want.end - want.start && kids.kind(k) === tops.kind(i);
}

/**
 * A syntax error found in the parse of fragments `from`.. (joined as in the plan, or fragment
 * `from` alone) as a line/column of the whole fixed file.
 */
function inFile(plan: FragmentPlan, from: number, p: SyntaxProblem): SyntaxProblem {
  const { fragments, after } = plan;
  const placed = from === 0 ? plan.placed : [0];
  const text = from === 0 ? plan.text : after.slice(fragments[from]!.start, fragments[from]!.end);
  let offset = lineStartOffset(text, p.line) + p.column - 1;
  let k = placed.length - 1;
  while (k > 0 && placed[k]! > offset) k--;
  offset = Math.min(fragments[from + k]!.start + offset - placed[k]!, after.length);
  const before = after.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function lineStartOffset(text: string, line: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at;
}
