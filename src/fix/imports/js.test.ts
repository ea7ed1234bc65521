/**
 * Where a new JavaScript/TypeScript import goes: a Node built-in joins the built-ins, or goes
 * before the first import when the file has none (the order `import/order` and
 * simple-import-sort check); anything else, and anything next to a comment that may be about
 * the first import, goes after the last import.
 */
import { describe, expect, it } from 'vitest';
import type { ImportSpec } from '../codemod.js';
import { applyEdits } from '../edits.js';
import { parseSource } from '../languages.js';
import { TopLevel } from '../toplevel.js';
import { jsPlanner } from './js.js';

function withImports(source: string, specs: ImportSpec[]): string {
  const root = parseSource('javascript', source).root();
  const planner = jsPlanner('javascript', root, source, new TopLevel(root));
  const names = specs.map((s) => s.name ?? s.namespace ?? s.module);
  return applyEdits(source, planner.render(specs, names, []));
}

const RANDOM_INT: ImportSpec = { module: 'node:crypto', name: 'randomInt', aliases: ['crypto'] };

describe('javascript imports: built-ins first', () => {
  it('puts a built-in before the packages of a file that imports no built-in', () => {
    expect(withImports("import express from 'express';\n\nconst app = express();\n", [RANDOM_INT])).toBe(
      "import { randomInt } from 'node:crypto';\nimport express from 'express';\n\nconst app = express();\n",
    );
    expect(
      withImports("'use strict';\n\nconst express = require('express');\n\nexpress();\n", [RANDOM_INT]),
    ).toBe(
      "'use strict';\n\nconst { randomInt } = require('node:crypto');\nconst express = require('express');\n\nexpress();\n",
    );
  });

  it('joins the built-ins a file already imports', () => {
    const src = "import fs from 'node:fs';\nimport express from 'express';\n\nfs.x(express);\n";
    expect(withImports(src, [RANDOM_INT])).toBe(
      "import fs from 'node:fs';\nimport { randomInt } from 'node:crypto';\nimport express from 'express';\n\nfs.x(express);\n",
    );
  });

  it('keeps clear of a comment right above the first import, and puts packages last', () => {
    const src = "// eslint-disable-next-line import/no-unresolved\nimport x from 'x';\n\nx();\n";
    expect(withImports(src, [RANDOM_INT])).toBe(
      "// eslint-disable-next-line import/no-unresolved\nimport x from 'x';\nimport { randomInt } from 'node:crypto';\n\nx();\n",
    );
    expect(
      withImports("import fs from 'node:fs';\n\nfs.x();\n", [
        { module: 'escape-html', namespace: 'escapeHtml' },
      ]),
    ).toBe("import fs from 'node:fs';\nimport * as escapeHtml from 'escape-html';\n\nfs.x();\n");
  });
});

describe('javascript imports: in the file edition and semicolon habit', () => {
  const SAFE_KEY: ImportSpec = { module: './trust-helpers', name: 'safeKey' };

  it('writes `var x = require(m).x` in an ES5 file, not const or destructuring', () => {
    const es5 = "'use strict';\n\nvar merge = require('merge');\n\nvar o = merge({}, {});\n";
    expect(withImports(es5, [SAFE_KEY])).toBe(
      "'use strict';\n\nvar merge = require('merge');\nvar safeKey = require('./trust-helpers').safeKey;\n\nvar o = merge({}, {});\n",
    );
  });

  it("ends the require with a semicolon when the file's statements do, though its last require has none", () => {
    // express lib/application.js ends its require block with `require('setprototypeof')`.
    const src = [
      "var debug = require('debug');",
      "var View = require('./view');",
      "var setPrototypeOf = require('setprototypeof')",
      '',
      'var app = {};',
      'app.init = function init() {',
      '  debug(View, setPrototypeOf);',
      '};',
      '',
    ].join('\n');
    expect(withImports(src, [SAFE_KEY])).toContain(
      "var setPrototypeOf = require('setprototypeof')\nvar safeKey = require('./trust-helpers').safeKey;\n",
    );
  });
});
