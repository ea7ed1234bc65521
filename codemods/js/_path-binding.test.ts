import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/fix/languages.js';
import { type PathBinding, pathBinding } from './_path-binding.js';

/** The binding of the callee of the last call `name(...)` / `name.x(...)` in `source`. */
function bindingAt(source: string, name: string, language: 'javascript' | 'typescript' = 'javascript') {
  const root = parseSource(language, source).root();
  const calls = root
    .findAll({ rule: { kind: 'call_expression' } })
    .map((c) => c.field('function')!)
    .map((f) => (f.kind() === 'member_expression' ? f.field('object')! : f))
    .filter((f) => f.text() === name);
  return pathBinding(calls[calls.length - 1]!, name);
}

const cases: [string, string, string, PathBinding][] = [
  [
    'named import',
    "import { join } from 'node:path';\njoin(a, b);\n",
    'join',
    { kind: 'export', name: 'join' },
  ],
  [
    'aliased import',
    "import { resolve as r } from 'path';\nr(a, b);\n",
    'r',
    { kind: 'export', name: 'resolve' },
  ],
  [
    'posix import',
    "import { join } from 'node:path/posix';\njoin(a, b);\n",
    'join',
    { kind: 'export', name: 'join' },
  ],
  [
    'require destructuring',
    "const { join: j } = require('path');\nj(a, b);\n",
    'j',
    { kind: 'export', name: 'join' },
  ],
  ['default import', "import path from 'path';\npath.join(a, b);\n", 'path', { kind: 'module' }],
  ['namespace import', "import * as path from 'node:path';\npath.join(a, b);\n", 'path', { kind: 'module' }],
  ['require of the module', "const path = require('path');\npath.join(a, b);\n", 'path', { kind: 'module' }],
  [
    'require inside a function',
    "function f() {\n  const { join } = require('path');\n  return join(a, b);\n}\n",
    'join',
    { kind: 'export', name: 'join' },
  ],
  ['another module', "import { join } from 'lodash';\njoin(a, b);\n", 'join', { kind: 'other', line: 1 }],
  [
    'a Promise callback',
    "import { join, resolve } from 'path';\nnew Promise((resolve) => resolve(a, b));\n",
    'resolve',
    { kind: 'other', line: 2 },
  ],
  [
    'a local const',
    "import { join } from 'path';\nfunction f() {\n  const join = (x, y) => x + y;\n  return join(a, b);\n}\n",
    'join',
    { kind: 'other', line: 3 },
  ],
  [
    'a destructured parameter',
    "import { join } from 'path';\nfunction f({ join }) {\n  return join(a, b);\n}\n",
    'join',
    { kind: 'other', line: 2 },
  ],
  [
    'a loop variable',
    "import { join } from 'path';\nfor (const join of joiners) join(a, b);\n",
    'join',
    { kind: 'other', line: 2 },
  ],
  [
    'a parameter named path',
    "import path from 'path';\nfunction f(path) {\n  return path.join(a, b);\n}\n",
    'path',
    { kind: 'other', line: 2 },
  ],
  ['nothing', 'resolve(a, b);\n', 'resolve', { kind: 'unbound' }],
];

describe('pathBinding', () => {
  it.each(cases)('%s', (_, source, name, want) => {
    expect(bindingAt(source, name)).toEqual(want);
  });

  it("reads TypeScript's import path = require('path')", () => {
    expect(
      bindingAt("import path = require('node:path');\npath.join(a, b);\n", 'path', 'typescript'),
    ).toEqual({
      kind: 'module',
    });
    expect(bindingAt("import path = require('upath');\npath.join(a, b);\n", 'path', 'typescript')).toEqual({
      kind: 'other',
      line: 1,
    });
  });

  it('reads TypeScript parameters with types', () => {
    const src =
      "import { join } from 'path';\nfunction f(join: (a: string, b: string) => string) {\n  return join(a, b);\n}\n";
    expect(bindingAt(src, 'join', 'typescript')).toEqual({ kind: 'other', line: 2 });
  });
});
