import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonStyleOf, writeJsonFile } from './json-file.js';

describe('writeJsonFile', () => {
  it("rewrites in the file's own indentation, line endings and final newline", () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-json-'));
    const cases = [
      ['{\r\n    "a": 1\r\n}\r\n', '{\r\n    "a": 1,\r\n    "b": [\r\n        2\r\n    ]\r\n}\r\n'],
      ['{\n\t"a": 1\n}', '{\n\t"a": 1,\n\t"b": [\n\t\t2\n\t]\n}'],
      ['{"a":1}', '{"a":1,"b":[2]}'],
      ['{}', '{\n  "b": [\n    2\n  ]\n}\n'],
    ] as const;
    for (const [before, after] of cases) {
      const file = join(dir, 'c.json');
      writeFileSync(file, before);
      writeJsonFile(file, { ...JSON.parse(before), b: [2] }, jsonStyleOf(before));
      expect(readFileSync(file, 'utf8')).toBe(after);
    }
    expect(readdirSync(dir)).toEqual(['c.json']);
  });

  it('writes through a symlink and keeps the mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-json-'));
    const real = join(dir, 'real.json');
    writeFileSync(real, '{}\n');
    chmodSync(real, 0o600);
    symlinkSync(real, join(dir, 'link.json'));
    writeJsonFile(join(dir, 'link.json'), { a: 1 }, jsonStyleOf(undefined));
    expect(readFileSync(real, 'utf8')).toBe('{\n  "a": 1\n}\n');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(statSync(join(dir, 'link.json'), { throwIfNoEntry: true }).mode & 0o777).toBe(0o600);
  });
});
