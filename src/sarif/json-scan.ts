/**
 * A byte scanner for the outer levels of a large JSON document. It is strict about the
 * structure it walks (objects and arrays whose members the caller asks for) and loose inside
 * the values it skips: it only tracks strings and nesting to find where a value ends, so the
 * caller can JSON.parse that span on its own later (which validates it). Any syntax problem
 * throws `JsonSyntax`; the caller then locates it precisely with `locateJsonError`.
 */

import type { ByteWindow } from './json-window.js';

/** Thrown for any syntax problem; carries no position (the slow, precise pass finds it). */
export class JsonSyntax extends Error {}

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACES = 0x20202020;

/** Bytes the container skipper stops at: 0 for everything else. */
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
const CLASS = new Uint8Array(256);
CLASS[QUOTE] = STRING;
CLASS[0x7b] = OPEN;
CLASS[0x5b] = OPEN;
CLASS[0x7d] = CLOSE;
CLASS[0x5d] = CLOSE;

/** The kind of the value starting with byte `c`, or undefined when no JSON value starts so. */
export function kindOf(c: number): JsonKind | undefined {
  if (c === 0x7b) return 'object';
  if (c === 0x5b) return 'array';
  if (c === QUOTE) return 'string';
  if (c === 0x74 || c === 0x66) return 'boolean';
  if (c === 0x6e) return 'null';
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return 'number';
  return undefined;
}

export function withArticle(kind: JsonKind): string {
  if (kind === 'null') return 'null';
  return kind === 'object' || kind === 'array' ? `an ${kind}` : `a ${kind}`;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Bytes that end a number or literal. */
function endsScalar(c: number): boolean {
  return isWhitespace(c) || c === 0x2c || c === 0x5d || c === 0x7d || c === 0x3a || c === QUOTE;
}

export class Scanner {
  /** Index into `win.buf` of the next byte. */
  i = 0;

  constructor(readonly win: ByteWindow) {}

  /** File offset of the next byte. */
  get offset(): number {
    return this.win.base + this.i;
  }

  seek(offset: number): void {
    this.win.seek(offset);
    this.i = 0;
  }

  /** Skips whitespace and returns the next byte without consuming it; -1 at end of file. */
  peek(): number {
    const win = this.win;
    for (;;) {
      const { buf, len } = win;
      let i = this.i;
      while (i < len) {
        const c = buf[i]!;
        if (!isWhitespace(c)) {
          this.i = i;
          return c;
        }
        i++;
      }
      this.i = 0;
      if (!win.more(len)) return -1;
    }
  }

  /** The kind of the next value (after whitespace); a syntax error when none starts there. */
  peekKind(): JsonKind {
    const kind = kindOf(this.peek());
    if (kind === undefined) throw new JsonSyntax();
    return kind;
  }

  /** Consumes the byte `c` (after whitespace) or throws. */
  expect(c: number): void {
    if (this.peek() !== c) throw new JsonSyntax();
    this.i++;
  }

  /** Calls `onMember(key)` for each member of the object at the cursor, positioned at the value; it must consume the value. */
  members(onMember: (key: string) => void): void {
    this.expect(0x7b);
    if (this.peek() === 0x7d) {
      this.i++;
      return;
    }
    for (;;) {
      if (this.peek() !== QUOTE) throw new JsonSyntax();
      const key = this.readString();
      this.expect(0x3a);
      this.peekKind();
      onMember(key);
      const c = this.peek();
      if (c !== 0x2c && c !== 0x7d) throw new JsonSyntax();
      this.i++;
      if (c === 0x7d) return;
    }
  }

  /** Calls `onElement(index)` for each element of the array at the cursor; it must consume the element. */
  elements(onElement: (index: number) => void): void {
    this.expect(0x5b);
    if (this.peek() === 0x5d) {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.peekKind();
      onElement(index);
      const c = this.peek();
      if (c !== 0x2c && c !== 0x5d) throw new JsonSyntax();
      this.i++;
      if (c === 0x5d) return;
    }
  }

  /** Reads the (short) string token at the cursor and returns its value. */
  readString(): string {
    const win = this.win;
    let start = this.i;
    let j = start + 1;
    for (;;) {
      while (j < win.len) {
        const c = win.buf[j]!;
        if (c === BACKSLASH) {
          j += 2;
        } else if (c === QUOTE) {
          this.i = j + 1;
          try {
            return JSON.parse(win.buf.toString('utf8', start, j + 1)) as string;
          } catch {
            throw new JsonSyntax();
          }
        } else {
          j++;
        }
      }
      const before = win.base;
      if (!win.more(start)) throw new JsonSyntax();
      const shift = win.base - before;
      start -= shift;
      j -= shift;
    }
  }

  /** Skips the value at the cursor, tracking only strings and nesting. */
  skipValue(): void {
    const c = this.peek();
    if (c === 0x7b || c === 0x5b) {
      this.skipContainer();
      return;
    }
    if (c === QUOTE) {
      this.i = this.skipString(this.i + 1);
      return;
    }
    if (kindOf(c) === undefined) throw new JsonSyntax();
    this.skipScalar();
  }

  private skipScalar(): void {
    const win = this.win;
    let i = this.i + 1;
    for (;;) {
      const { buf, len } = win;
      while (i < len && !endsScalar(buf[i]!)) i++;
      if (i < len) break;
      const more = win.more(len);
      i = 0;
      if (!more) break;
    }
    this.i = i;
  }

  /**
   * The hot loop of ingest. Pretty-printed SARIF is mostly indentation outside strings, so runs
   * of spaces are skipped a word at a time, other bytes through a class table, and string
   * bodies with indexOf. (Word skipping may step past `len` into stale bytes; that only ever
   * happens at the window's end, where the next window restarts at `len` anyway.)
   */
  private skipContainer(): void {
    const win = this.win;
    let { buf, len, words } = win;
    let i = this.i;
    let depth = 0;
    for (;;) {
      while (i < len) {
        const c = buf[i]!;
        if (c === 0x20) {
          if ((i & 3) === 0 && words[i >>> 2] === SPACES) {
            i += 4;
            while (words[i >>> 2] === SPACES) i += 4;
          } else {
            i++;
          }
        } else if (CLASS[c] === 0) {
          i++;
        } else {
          break;
        }
      }
      if (i >= len) {
        if (!win.more(len)) throw new JsonSyntax();
        ({ buf, len, words } = win);
        i = 0;
        continue;
      }
      const kind = CLASS[buf[i]!];
      if (kind === STRING) {
        i = this.skipString(i + 1);
        ({ buf, len, words } = win);
      } else if (kind === OPEN) {
        i++;
        depth++;
      } else {
        i++;
        if (--depth === 0) {
          this.i = i;
          return;
        }
      }
    }
  }

  /**
   * From just inside a string, the index just past its closing quote. Uses indexOf to jump over
   * string bodies; a quote is escaped when an odd run of backslashes precedes it. May slide the
   * window, keeping nothing (the caller only needs offsets).
   */
  private skipString(from: number): number {
    const win = this.win;
    for (;;) {
      const { buf, len } = win;
      let q = buf.indexOf(QUOTE, from);
      while (q !== -1 && q < len) {
        let k = q - 1;
        while (k >= from && buf[k] === BACKSLASH) k--;
        if (((q - 1 - k) & 1) === 0) return q + 1;
        q = buf.indexOf(QUOTE, q + 1);
      }
      let k = len - 1;
      while (k >= from && buf[k] === BACKSLASH) k--;
      const pendingEscape = ((len - 1 - k) & 1) === 1;
      if (!win.more(len)) throw new JsonSyntax();
      from = pendingEscape ? 1 : 0;
    }
  }
}

/** A growable list of [start, end) file offsets. */
export class Spans {
  starts = new Float64Array(64);
  ends = new Float64Array(64);
  length = 0;

  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Float64Array(this.length * 2);
      const ends = new Float64Array(this.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }
}
