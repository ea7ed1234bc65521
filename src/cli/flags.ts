/**
 * cli/flags: one option-table row -> one commander Option. List rows take one value per use
 * (repeatable, comma lists allowed): commander's variadic `<x...>` would swallow the SARIF
 * files after it (`trust fix --only js/x a.sarif` -> "missing required argument").
 */
import { InvalidArgumentError, Option } from 'commander';
import type { OptionSpec } from '../core/options.js';

/** The commander flag of a table row, with the --help text that fits `command`. */
export function toCommanderOption(spec: OptionSpec, command: string): Option {
  const list = spec.type === 'string[]';
  const flags = list ? spec.flags.replace(/\.\.\.([>\]])/, '$1') : spec.flags;
  const option = new Option(flags, reflow(helpText(spec, command)) + (list ? listHint(spec) : ''));
  // choices() first, for the "(choices: ...)" help; a list row then checks each value itself.
  if (spec.choices) option.choices([...spec.choices]);
  if (list) option.argParser((value: string, previous: unknown) => collect(spec, value, previous));
  if (spec.type === 'number') option.argParser((v) => parseNumber(spec, v));
  return option;
}

/**
 * The key commander stores a row's value under: from its flag (`--port` -> "port"), which
 * may differ from the row's name ("proxyPort").
 */
export function attributeOf(spec: OptionSpec): string {
  return new Option(spec.flags).attributeName();
}

/**
 * Descriptions are written with hard line breaks for the source; commander wraps them to the
 * terminal again, which left ragged lines. A blank line still separates paragraphs.
 */
export function reflow(text: string): string {
  return text
    .split(/\n[^\S\n]*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .join('\n\n');
}

function listHint(spec: OptionSpec): string {
  return spec.split === false ? ' (repeatable)' : ' (repeatable, or a comma list)';
}

// A `--no-x` row's description is the value's (the default); the flag itself does the opposite.
function helpText(spec: OptionSpec, command: string): string {
  const own = spec.descriptionFor?.[command];
  if (own) return own;
  if (/^--no-/.test(spec.flags)) return spec.negated ?? `turn off: ${spec.description}`;
  return spec.description;
}

function collect(spec: OptionSpec, value: string, previous: unknown): string[] {
  // commander passes the row's default as `previous` on first use: a flag given replaces it.
  const before = Array.isArray(previous) && previous !== spec.default ? (previous as string[]) : [];
  const values = spec.split === false ? [value] : splitList(value);
  if (spec.choices) {
    const bad = values.find((v) => !spec.choices?.includes(v));
    // commander words it "option '--level <level>' argument 'x' is invalid. <this>".
    if (bad !== undefined)
      throw new InvalidArgumentError(`"${bad}" is not one of ${spec.choices.join(', ')}.`);
  }
  return [...before, ...values];
}

/** "a,b" -> ["a", "b"]; a comma inside braces belongs to a glob (`src/{a,b}/**`). */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((v) => v.trim()).filter(Boolean);
}

function parseNumber(spec: OptionSpec, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    // commander turns InvalidArgumentError into a usage error naming the flag.
    throw new InvalidArgumentError(`${spec.flags}: not a number`);
  }
  return n;
}
