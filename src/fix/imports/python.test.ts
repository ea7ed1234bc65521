/**
 * Where a new Python import goes: the order isort and Ruff (I001) check, so a fix does not fail
 * the project's import-order lint. Every expected text below was checked with `isort
 * --check-only` (isort 5, default profile) when it was written.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../edits.js';
import { parseSource } from '../languages.js';
import { TopLevel } from '../toplevel.js';
import { pythonPlanner } from './python.js';

function withImports(source: string, modules: string[], helpers: string[] = []): string {
  const root = parseSource('python', source).root();
  const planner = pythonPlanner(root, source, new TopLevel(root).nodes);
  const specs = modules.map((module) => ({ module }));
  return applyEdits(source, planner.render(specs, modules, helpers));
}

describe('python imports in isort order', () => {
  it('puts a standard-library module in its sorted place in the standard-library section', () => {
    expect(withImports('import os\nimport sys\n\nimport requests\n\nx = 1\n', ['secrets'])).toBe(
      'import os\nimport secrets\nimport sys\n\nimport requests\n\nx = 1\n',
    );
    expect(withImports('"""Doc."""\nimport zlib\nfrom os import path\n\nx = 1\n', ['ssl', 'secrets'])).toBe(
      '"""Doc."""\nimport secrets\nimport ssl\nimport zlib\nfrom os import path\n\nx = 1\n',
    );
  });

  it('opens a section the file lacks between the sections around it', () => {
    expect(withImports('from __future__ import annotations\n\nimport requests\n\nx = 1\n', ['secrets'])).toBe(
      'from __future__ import annotations\n\nimport secrets\n\nimport requests\n\nx = 1\n',
    );
    expect(withImports('from . import models\n\nx = 1\n', ['secrets'])).toBe(
      'import secrets\n\nfrom . import models\n\nx = 1\n',
    );
    expect(withImports('import os\n\nfrom .x import y\n\nz = 1\n', ['defusedxml.ElementTree'])).toBe(
      'import os\n\nimport defusedxml.ElementTree\n\nfrom .x import y\n\nz = 1\n',
    );
    expect(
      withImports('import requests\nimport yaml\n\n\ndef f():\n    pass\n', [
        'secrets',
        'defusedxml.minidom',
      ]),
    ).toBe(
      'import secrets\n\nimport defusedxml.minidom\nimport requests\nimport yaml\n\n\ndef f():\n    pass\n',
    );
  });

  it('starts the imports below the docstring of a file that has none, one blank line or two before a def', () => {
    expect(withImports('"""Doc."""\n\nx = 1\n', ['secrets', 'defusedxml.ElementTree'])).toBe(
      '"""Doc."""\n\nimport secrets\n\nimport defusedxml.ElementTree\n\nx = 1\n',
    );
    expect(withImports('"""Doc."""\n\n\ndef f():\n    pass\n', ['secrets'])).toBe(
      '"""Doc."""\n\n\nimport secrets\n\n\ndef f():\n    pass\n',
    );
  });

  it('ends the line of a last import that has no newline, and puts helpers after the imports', () => {
    expect(withImports('import os', ['secrets'])).toBe('import os\nimport secrets\n');
    expect(withImports('import os\n\nx = 1\n', ['secrets'], ['def helper():\n    return 1\n'])).toBe(
      'import os\nimport secrets\n\n\ndef helper():\n    return 1\n\n\nx = 1\n',
    );
  });
});
