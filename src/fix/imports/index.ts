/**
 * Per-language import planning: find an import the file already has, pick a name for a new
 * one, and render the insertions where that language's files keep them.
 */
import type { SgNode } from '@ast-grep/napi';
import type { Edit, ImportSpec, LanguageId } from '../codemod.js';
import type { TopLevel } from '../toplevel.js';
import { javaPlanner } from './java.js';
import { jsPlanner } from './js.js';
import { pythonPlanner } from './python.js';

export interface ImportPlanner {
  /** The expression to use when the file already imports what `spec` asks for. */
  existingImport(spec: ImportSpec): string | undefined;
  /** The name a new import introduces; throws Unfixable when it would clash. */
  newImportName(spec: ImportSpec, taken: ReadonlySet<string>): string;
  hasFunction(name: string): boolean;
  usesName(name: string): boolean;
  /** Whether the file imports a binding `name` from a relative module (a shared helpers module). */
  importsLocally?(name: string): boolean;
  /** Insertions for new imports (with the names chosen for them) and helper functions. */
  render(imports: ImportSpec[], names: string[], helpers: string[]): Edit[];
}

/** The planner for a file; `tops` are its top-level statements, read once for the whole fix. */
export function plannerFor(
  language: LanguageId,
  root: SgNode,
  source: string,
  tops: TopLevel,
): ImportPlanner {
  switch (language) {
    case 'python':
      return pythonPlanner(root, source, tops.nodes);
    case 'java':
      return javaPlanner(root, source, tops.nodes);
    default:
      return jsPlanner(language, root, source, tops);
  }
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Index just past the end of the line containing `index` (after its newline), or -1 at EOF. */
export function endOfLine(source: string, index: number): number {
  const nl = source.indexOf('\n', index);
  return nl < 0 ? -1 : nl + 1;
}

/** Index of the start of the line containing `index`. */
export function startOfLine(source: string, index: number): number {
  return source.lastIndexOf('\n', index - 1) + 1;
}

/** Insert `lines` (each without newline) on new lines after the line holding `index`. */
export function insertAfterLine(source: string, index: number, lines: string[]): Edit {
  const at = endOfLine(source, index);
  if (at < 0) return { start: source.length, end: source.length, text: `\n${lines.join('\n')}` };
  return { start: at, end: at, text: `${lines.join('\n')}\n` };
}

/**
 * Insertions collected by offset (`endOfLine`'s -1 meaning the end of a file whose last line
 * has no newline), joined per offset in the order they were added: one edit per place.
 */
export class Insertions {
  private readonly texts = new Map<number, string[]>();
  constructor(private readonly source: string) {}

  add(at: number, text: string): void {
    const list = this.texts.get(at);
    if (list) list.push(text);
    else this.texts.set(at, [text]);
  }

  edits(): Edit[] {
    const end = this.source.length;
    return [...this.texts].map(([at, texts]) =>
      // After a last line without a newline: start a line first.
      at < 0
        ? { start: end, end, text: `\n${texts.join('')}` }
        : { start: at, end: at, text: texts.join('') },
    );
  }
}

/** Append blocks at the end of the file, separated by a blank line. */
export function appendAtEnd(source: string, blocks: string[], gap = '\n'): Edit {
  const lead = source.length === 0 ? '' : source.endsWith('\n') ? gap : `\n${gap}`;
  return {
    start: source.length,
    end: source.length,
    text: `${lead}${blocks.map((b) => b.trimEnd()).join(`\n${gap}`)}\n`,
  };
}

/** The file's indentation unit: a tab, or the smallest run of leading spaces (default two). */
export function indentUnit(source: string): string {
  let tabs = 0;
  let spaces = 0;
  let smallest = Infinity;
  for (const m of source.matchAll(/^([ \t]+)[^\s*]/gm)) {
    const lead = m[1]!;
    if (lead.startsWith('\t')) tabs++;
    else {
      spaces++;
      smallest = Math.min(smallest, lead.length);
    }
  }
  if (tabs > spaces) return '\t';
  return spaces > 0 && smallest <= 8 ? ' '.repeat(smallest) : '  ';
}

/** Re-indent code written with two-space indentation to the file's unit. */
export function reindent(code: string, unit: string): string {
  if (unit === '  ') return code;
  return code.replace(/^((?: {2})+)/gm, (lead) => unit.repeat(lead.length / 2));
}
