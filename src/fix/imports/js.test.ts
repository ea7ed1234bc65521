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
