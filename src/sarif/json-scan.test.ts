import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateJsonError } from './json-locate.js';
import { JsonSyntax, Scanner } from './json-scan.js';
import { ByteWindow, readSpan } from './json-window.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** Runs `body` on a file holding `text`, read through a window of `chunk` bytes. */
function withFile<T>(text: string, chunk: number, body: (win: ByteWindow, fd: number) => T): T {
  const path = join(dir, `d${counter++}.json`);
  writeFileSync(path, text);
  const fd = openSync(path, 'r');
  try {
    return body(new ByteWindow(fd, Buffer.byteLength(text), chunk), fd);
  } finally {
    closeSync(fd);
  }
}

/** Splits the top-level array into element texts with the scanner. */
function elements(text: string, chunk: number): unknown[] {
  return withFile(text, chunk, (win, fd) => {
    const sc = new Scanner(win);
    const out: unknown[] = [];
    sc.elements(() => {
      const start = sc.offset;
      sc.skipValue();
      out.push(JSON.parse(readSpan(fd, start, sc.offset).toString('utf8')));
    });
    expect(sc.peek()).toBe(-1);
    return out;
  });
}

/** A small deterministic generator (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pieces = ['"', '\\', '\\\\', '\\"', '{', '}', '[', ']', ',', ':', 'é', '😀', 'a', ' ', '\n', '\u0001'];

function value(rnd: () => number, depth: number): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 4 : 6));
  if (pick === 0) return Math.floor(rnd() * 1e6) / 100 - 5000;
  if (pick === 1) return [true, false, null][Math.floor(rnd() * 3)];
  if (pick <= 3) {
    let s = '';
    const n = Math.floor(rnd() * 12);
    for (let k = 0; k < n; k++) s += pieces[Math.floor(rnd() * pieces.length)];
    return s;
  }
  const n = Math.floor(rnd() * 4);
  if (pick === 4) return Array.from({ length: n }, () => value(rnd, depth + 1));
  return Object.fromEntries(Array.from({ length: n }, (_, k) => [`k${k}"\\`, value(rnd, depth + 1)]));
}

describe('Scanner', () => {
  it('finds the exact span of each value whatever the window size (escapes, nesting, UTF-8)', () => {
    const rnd = random(7);
    const values = Array.from({ length: 300 }, () => value(rnd, 0));
    // Indentation of 0, 1 and 7 spaces: runs of spaces at every alignment (skipped by words).
    for (const indent of [0, 1, 7]) {
      const text = JSON.stringify(values, null, indent);
      for (const chunk of [1, 2, 3, 5, 16, 4099, 1 << 20]) {
        expect(elements(text, chunk)).toEqual(values);
      }
    }
  });

  it('handles a quote preceded by a run of backslashes split across windows', () => {
    const values = ['\\', '\\\\"', 'x\\"\\\\', '\\\\\\\\\\'];
    const text = JSON.stringify(values);
    for (let chunk = 1; chunk <= text.length; chunk++) expect(elements(text, chunk)).toEqual(values);
  });

  it('throws JsonSyntax on structure it does not accept', () => {
    for (const text of ['[1,]', '[1 2]', '[', '["abc', '[{"a":1}', '[{"a":"]', 'x']) {
      expect(() => elements(text, 4), text).toThrow(JsonSyntax);
    }
  });

  it('reads member keys (with escapes) and leaves the cursor at each value', () => {
    const text = '{ "a\\"b" : [1, {"x": "]"}], "é": "v" }';
    const seen = withFile(text, 3, (win) => {
      const sc = new Scanner(win);
      const keys: [string, string][] = [];
      sc.members((key) => {
        keys.push([key, sc.peekKind()]);
        sc.skipValue();
      });
      return keys;
    });
    expect(seen).toEqual([
      ['a"b', 'array'],
      ['é', 'string'],
    ]);
  });
});

describe('locateJsonError', () => {
  const locate = (text: string, chunk: number) => withFile(text, chunk, (win) => locateJsonError(win, 0));

  it('finds nothing wrong in valid JSON, whatever the window size', () => {
    const rnd = random(3);
    const values = Array.from({ length: 300 }, () => value(rnd, 0));
    const text = JSON.stringify(values, null, 2);
    // Small and odd window sizes put every kind of token across a window's edge.
    for (const chunk of [1, 2, 3, 16, 17, 19, 23, 1 << 20])
      expect(locate(text, chunk), `${chunk}`).toBeUndefined();
  });

  it('reports the same place with any window size', () => {
    const text = '{\n  "a": [1, 2, {"b\\/c": "x\\q"}]\n}';
    for (const chunk of [1, 5, 16, 17, 19, 1 << 20]) {
      expect(locate(text, chunk)).toEqual({
        reason: "invalid escape sequence before 'q'",
        line: 2,
        column: 27,
        pointer: '/a/2/b~1c',
      });
    }
  });

  it('names non-ASCII and escaped keys in the pointer, even split across windows', () => {
    const text = '{"é😀\\u0041~": {"ok": "ü\\n", "x": [true, fals]}}';
    for (const chunk of [1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 1 << 20]) {
      expect(locate(text, chunk)).toEqual({
        reason: "expected 'false' but found ']'",
        line: 1,
        column: 45,
        pointer: '/é😀A~0/x/1',
      });
    }
  });

  it('rejects what JSON.parse rejects', () => {
    for (const text of ['01', '1.', '-', '1e', '"\t"', '"\\u12g4"', '{"a" 1}', '[1,]', 'nul', '{}{}']) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(locate(text, 2), text).toBeDefined();
    }
  });
});
