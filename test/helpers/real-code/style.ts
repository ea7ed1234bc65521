/**
 * test/helpers/real-code/style: a file's own conventions, read off the file as the project wrote
 * it (semicolons, quotes, indentation, trailing commas, the space before a function's
 * parentheses), as the ESLint core rule options that fit it best. Linting the file before and
 * after `trust fix` with those rules shows whether what trust wrote follows the file: any message
 * the edit brings that the original did not have is a line written in another style.
 */
import { Linter } from 'eslint';

const linter = new Linter({ configType: 'flat' });

/** A style message: the rule and the 1-based line. */
export interface StyleMessage {
  ruleId: string | null;
  line: number;
  message: string;
}

const DIALECTS: Linter.EcmaVersion[] = [5, 2015, 2017, 2018, 2020, 2022, 'latest'];

/** Whether the text parses as the given edition of the language. */
export function parsesAs(
  text: string,
  ecmaVersion: Linter.EcmaVersion,
  sourceType: 'commonjs' | 'module',
): boolean {
  const config: Linter.Config = { languageOptions: { ecmaVersion, sourceType } };
  return !linter.verify(text, config).some((m) => m.fatal);
}

/**
 * The oldest edition of the language the file parses as: the project writes for engines that
 * old (an ES5 code base gets no template literal or arrow function from trust).
 */
export function dialectOf(text: string, sourceType: 'commonjs' | 'module'): Linter.EcmaVersion {
  return DIALECTS.find((v) => parsesAs(text, v, sourceType)) ?? 'latest';
}

function lintText(
  text: string,
  rules: Linter.RulesRecord,
  sourceType: 'commonjs' | 'module',
): StyleMessage[] {
  const config: Linter.Config = { languageOptions: { ecmaVersion: 'latest', sourceType }, rules };
  return linter.verify(text, config).map((m) => ({ ruleId: m.ruleId, line: m.line, message: m.message }));
}

const QUOTE = { avoidEscape: true, allowTemplateLiterals: true };
const CANDIDATES: Record<string, Linter.RuleEntry[]> = {
  semi: [
    ['error', 'always'],
    ['error', 'never'],
  ],
  quotes: [
    ['error', 'single', QUOTE],
    ['error', 'double', QUOTE],
  ],
  'comma-dangle': [
    ['error', 'never'],
    ['error', 'always-multiline'],
  ],
  'space-before-function-paren': [
    ['error', 'always'],
    ['error', 'never'],
    ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
  ],
};

/** The indentation unit most lines step by: a tab, or the commonest rise in leading spaces. */
export function indentUnit(text: string): number | 'tab' {
  const rises = new Map<number, number>();
  let tabs = 0;
  let spaced = 0;
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || /^\s*(\*|\/\/)/.test(line)) continue;
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.startsWith('\t')) tabs++;
    else if (lead.length > 0) spaced++;
    const width = lead.length;
    if (width > previous) rises.set(width - previous, (rises.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  if (tabs > spaced) return 'tab';
  return [...rises].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 2;
}

/**
 * Per rule, the candidate option with the fewest messages on the original file. The rules are
 * independent, so each round lints one candidate of every rule at once.
 */
export function inferStyle(text: string, sourceType: 'commonjs' | 'module'): Linter.RulesRecord {
  const unit = indentUnit(text);
  const candidates: Record<string, Linter.RuleEntry[]> = {
    ...CANDIDATES,
    indent: [
      ['error', unit, { SwitchCase: 1 }],
      ['error', unit, { SwitchCase: 0 }],
    ],
  };
  const best = new Map<string, { entry: Linter.RuleEntry; count: number }>();
  const rounds = Math.max(...Object.values(candidates).map((c) => c.length));
  for (let round = 0; round < rounds; round++) {
    const rules: Linter.RulesRecord = {};
    for (const [rule, options] of Object.entries(candidates)) {
      const entry = options[round];
      if (entry) rules[rule] = entry;
    }
    const messages = lintText(text, rules, sourceType);
    for (const [rule, entry] of Object.entries(rules)) {
      const count = messages.filter((m) => m.ruleId === rule).length;
      const known = best.get(rule);
      if (!known || count < known.count) best.set(rule, { entry, count });
    }
  }
  return Object.fromEntries([...best].map(([rule, { entry }]) => [rule, entry]));
}

export function styleLint(
  text: string,
  rules: Linter.RulesRecord,
  sourceType: 'commonjs' | 'module',
): StyleMessage[] {
  return lintText(text, rules, sourceType);
}

const RELATIVE = /(?:require\(\s*|from\s+|import\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g;

/** The relative module specifiers on the given lines (all lines when none are given). */
function relativeSpecifiers(text: string, only?: Set<number>): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line, i) => (only && !only.has(i + 1) ? [] : [...line.matchAll(RELATIVE)].map((m) => m[2]!)));
}

/**
 * Added relative imports that break the file's habit for extensions (`require('./utils')` in a
 * file whose every relative require omits `.js`, or the other way round). No habit, no verdict.
 */
export function offSpecifiers(before: string, after: string, added: Set<number>): string[] {
  const own = relativeSpecifiers(before);
  if (own.length === 0) return [];
  const withExt = own.filter((s) => /\.[cm]?[jt]sx?$/.test(s)).length;
  if (withExt !== 0 && withExt !== own.length) return [];
  const habit = withExt === 0 ? 'without' : 'with';
  return relativeSpecifiers(after, added)
    .filter((s) => /\.[cm]?[jt]sx?$/.test(s) !== (habit === 'with'))
    .map(
      (s) =>
        `'${s}' written ${habit === 'with' ? 'without' : 'with'} an extension; the file writes its relative imports ${habit} one`,
    );
}
