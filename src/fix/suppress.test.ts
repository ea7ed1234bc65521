import { describe, expect, it } from 'vitest';
import type { LanguageId } from './codemod.js';
import { applyEdits } from './edits.js';
import { parseSource } from './languages.js';
import { LineIndex } from './locate.js';
import { type Residual, suppressionEdit } from './suppress.js';

const WHY = 'dynamic parts pass through escapeRegExp() and match literally';

function suppress(language: LanguageId, source: string, line: number, residuals: Residual[]) {
  const root = parseSource(language, source).root();
  const plan = suppressionEdit(
    { language, source, root, lines: new LineIndex(source), line },
    residuals,
    WHY,
  );
  return 'reason' in plan ? { reason: plan.reason } : { text: applyEdits(source, [plan.edit]) };
}

const eslint: Residual = { tool: 'eslint', toolName: 'ESLint', rule: 'security/detect-non-literal-regexp' };
const semgrep: Residual = {
  tool: 'semgrep',
  toolName: 'Semgrep OSS',
  rule: 'javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp',
};
const codeql: Residual = { tool: 'codeql', toolName: 'CodeQL', rule: 'js/regex-injection' };
const pyCodeql: Residual = { tool: 'codeql', toolName: 'CodeQL', rule: 'py/regex-injection' };
const bandit: Residual = { tool: 'bandit', toolName: 'Bandit', rule: 'B324' };

describe('the scanner suppression comment for a mitigated finding', () => {
  it('ESLint: eslint-disable-next-line with the reason, on the line before, in its indentation', () => {
    const src = 'function f(q) {\n\tif (q) {\n\t\treturn new RegExp(esc(q));\n\t}\n}\n';
    expect(suppress('javascript', src, 3, [eslint]).text).toBe(
      `function f(q) {\n\tif (q) {\n\t\t// eslint-disable-next-line security/detect-non-literal-regexp -- ${WHY}\n\t\treturn new RegExp(esc(q));\n\t}\n}\n`,
    );
  });

  it('Semgrep: the reason on its own line, then nosemgrep with the id alone (more words would read as ids)', () => {
    const src = 'const r = new RegExp(esc(q));\n';
    expect(suppress('javascript', src, 1, [semgrep]).text).toBe(
      `// ${WHY}\n// nosemgrep: ${semgrep.rule}\nconst r = new RegExp(esc(q));\n`,
    );
  });

  it('CodeQL: codeql[id] and the reason, keeping CRLF line endings', () => {
    const src = 'const a = 1;\r\n  const r = new RegExp(esc(q));\r\n';
    expect(suppress('javascript', src, 2, [codeql]).text).toBe(
      `const a = 1;\r\n  // codeql[js/regex-injection] ${WHY}\r\n  const r = new RegExp(esc(q));\r\n`,
    );
  });

  it('Python: # comments, and Bandit nosec at the end of the reported line with the reason after a second #', () => {
    expect(suppress('python', 'def f(q):\n    return re.compile(q)\n', 2, [pyCodeql]).text).toBe(
      `def f(q):\n    # codeql[py/regex-injection] ${WHY}\n    return re.compile(q)\n`,
    );
    expect(suppress('python', 'h = hashlib.md5(data)\nx = 1\n', 1, [bandit]).text).toBe(
      `h = hashlib.md5(data)  # nosec B324 # ${WHY}\nx = 1\n`,
    );
  });

  it('writes nothing where a comment would change the code or another directive', () => {
    const template = 'const help = `Matches:\n${new RegExp(esc(q)).source}`;\n';
    expect(suppress('javascript', template, 2, [eslint]).reason).toMatch(/starts inside a template string/);
    const jsx = 'const el = (\n  <p>\n    {new RegExp(esc(q)).source}\n  </p>\n);\n';
    expect(suppress('javascript', jsx, 3, [eslint]).reason).toMatch(/inside JSX/);
    const directive = '// eslint-disable-next-line no-console\nconsole.log(new RegExp(esc(q)));\n';
    expect(suppress('javascript', directive, 2, [eslint]).reason).toMatch(
      /line 1 holds a comment that governs line 2/,
    );
    const commented = 'h = hashlib.md5(data)  # legacy checksum\n';
    expect(suppress('python', commented, 1, [bandit]).reason).toMatch(/already ends with a comment/);
    const multiline = 'h = f("""a\nb""")\n';
    expect(suppress('python', multiline, 1, [bandit]).reason).toMatch(/ends inside a string/);
  });

  it('says so for a scanner it has no suppression syntax for', () => {
    const sonar: Residual = { tool: 'sonar', toolName: 'SonarQube', rule: 'javascript:S2631' };
    expect(suppress('javascript', 'new RegExp(esc(q));\n', 1, [sonar]).reason).toBe(
      'trust writes no suppression comment for SonarQube',
    );
  });

  it('keeps the reason on one line and unable to close a block comment', () => {
    const root = parseSource('javascript', 'x(a);\n').root();
    const site = {
      language: 'javascript' as const,
      source: 'x(a);\n',
      root,
      lines: new LineIndex('x(a);\n'),
      line: 1,
    };
    const plan = suppressionEdit(site, [eslint], 'two\nlines */ here');
    expect('text' in plan && plan.text).toBe(
      '// eslint-disable-next-line security/detect-non-literal-regexp -- two lines * / here',
    );
  });
});
