/**
 * Routing: which codemods answer a finding, by (normalised tool, rule id) and language.
 */
import type { Finding } from '../sarif/finding.js';
import type { Codemod, LanguageId, ToolKey } from './codemod.js';

/** "CodeQL" -> codeql, "Semgrep OSS" -> semgrep, "ESLint" -> eslint, "SonarQube" -> sonar... */
export function normalizeTool(name: string): ToolKey {
  const n = name.toLowerCase();
  if (n.includes('codeql')) return 'codeql';
  if (n.includes('semgrep') || n.includes('opengrep')) return 'semgrep';
  if (n.includes('eslint')) return 'eslint';
  if (n.includes('bandit')) return 'bandit';
  if (n.includes('sonar')) return 'sonar';
  return 'other';
}

/**
 * Whether a declared rule id covers the finding's rule id. Semgrep prefixes registry ids with
 * the rules file's folder path ("rules.javascript.lang..."), so a dotted suffix matches too.
 * Sonar keys may arrive with or without their repository ("javascript:S2245" / "S2245").
 */
export function ruleMatches(tool: ToolKey, declared: string, actual: string): boolean {
  if (declared === actual) return true;
  if (tool === 'semgrep') return actual.endsWith(`.${declared}`);
  if (tool === 'sonar') return declared.endsWith(`:${actual}`) || actual.endsWith(`:${declared}`);
  if (tool === 'bandit') return declared.toUpperCase() === actual.toUpperCase();
  return false;
}

function answers(codemod: Codemod, toolName: string, ruleId: string): boolean {
  const tool = normalizeTool(toolName);
  return (codemod.rules[tool] ?? []).some((rule) => ruleMatches(tool, rule, ruleId));
}

/** Whether the codemod declares the finding's rule, or the rule of any scanner that also reported it. */
export function codemodAnswers(codemod: Codemod, finding: Finding): boolean {
  if (answers(codemod, finding.tool.name, finding.rule.id)) return true;
  return finding.sources.some((s) => s.ruleId !== undefined && answers(codemod, s.tool, s.ruleId));
}

export interface RouteOptions {
  /** Only these codemod ids (exact, or a prefix ending in "/" or "*"). */
  only?: readonly string[];
  exclude?: readonly string[];
}

/** `trust:js/secure-random`, `js/secure-random`, `js/*` or `js/` (a language). */
export function idMatches(pattern: string, id: string): boolean {
  const p = pattern.includes(':') ? pattern : `trust:${pattern}`;
  if (p.endsWith('*')) return id.startsWith(p.slice(0, -1));
  if (p.endsWith('/')) return id.startsWith(p);
  return p === id;
}

/** The catalogue after --only / --exclude. */
export function selectCodemods(all: readonly Codemod[], options: RouteOptions = {}): Codemod[] {
  return all.filter((c) => {
    if (options.only && options.only.length > 0 && !options.only.some((p) => idMatches(p, c.id)))
      return false;
    if (options.exclude?.some((p) => idMatches(p, c.id))) return false;
    return true;
  });
}

/** Codemods that answer this finding in this language, in catalogue order. */
export function routeFinding(
  codemods: readonly Codemod[],
  finding: Finding,
  language: LanguageId,
): Codemod[] {
  return codemods.filter((c) => c.languages.includes(language) && codemodAnswers(c, finding));
}
