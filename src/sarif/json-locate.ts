/**
 * The slow, precise pass: validates a JSON document byte by byte (streaming through a
 * ByteWindow, so any size works) and reports the first syntax error with its line, column and
 * the JSON pointer of the enclosing value. Only run once something is known to be wrong.
 */

import type { ByteWindow } from './json-window.js';

export interface JsonProblem {
  reason: string;
  line: number;
  /** 1-based, in characters (UTF-8 sequences count once). */
  column: number;
  /** RFC 6901 pointer of the value being read ("" for the document itself). */
  pointer: string;
}

interface Frame {
  object: boolean;
  key: string;
  index: number;
}

class Found {
  constructor(readonly problem: JsonProblem) {}
}

const QUOTE = 0x22;
const END = 'the file ends too early (truncated?)';

export function locateJsonError(win: ByteWindow, start: number): JsonProblem | undefined {
  const locator = new Locator(win, start);
  try {
    locator.document();
    return undefined;
  } catch (error) {
    if (error instanceof Found) return error.problem;
    throw error;
  }
}

export function describeByte(c: number): string {
  if (c === -1) return 'the end of the file';
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  if (c >= 0x80) return 'a non-ASCII character';
  return `the control character 0x${c.toString(16).padStart(2, '0')}`;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

class Locator {
  private i = 0;
  private line = 1;
  private column = 1;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly win: ByteWindow,
    start: number,
  ) {
    win.seek(start);
  }

  document(): void {
    const stack = this.stack;
    let expectValue = true;
    for (;;) {
      const c = this.skipWhitespace();
      if (expectValue) {
        if (c === 0x7b || c === 0x5b) {
          this.next();
          const object = c === 0x7b;
          stack.push({ object, key: '', index: 0 });
          const d = this.skipWhitespace();
          if (d === (object ? 0x7d : 0x5d)) {
            this.next();
            stack.pop();
            expectValue = false;
          } else if (object) {
            this.key();
          }
          continue;
        }
        this.scalar(c);
        expectValue = false;
        continue;
      }
      const top = stack[stack.length - 1];
      if (!top) {
        if (c === -1) return;
        this.fail(`unexpected ${describeByte(c)} after the end of the JSON document`, false);
      }
      const close = top.object ? 0x7d : 0x5d;
      if (c === 0x2c) {
        this.next();
        if (top.object) this.key();
        else top.index++;
        expectValue = true;
      } else if (c === close) {
        this.next();
        stack.pop();
      } else {
        const closing = top.object ? '}' : ']';
        this.fail(c === -1 ? END : `expected ',' or '${closing}' but found ${describeByte(c)}`, false);
      }
    }
  }

  /** Reads `"key":`, leaving the cursor before the value. */
  private key(): void {
    const c = this.skipWhitespace();
    if (c !== QUOTE) {
      this.fail(
        c === -1 ? END : `expected a property name in double quotes but found ${describeByte(c)}`,
        false,
      );
    }
    this.next();
    const frame = this.stack[this.stack.length - 1]!;
    frame.key = this.string(true);
    const d = this.skipWhitespace();
    if (d !== 0x3a) this.fail(d === -1 ? END : `expected ':' but found ${describeByte(d)}`, false);
    this.next();
  }

  private scalar(c: number): void {
    if (c === QUOTE) {
      this.next();
      this.string(false);
    } else if (c === 0x74) {
      this.literal('true');
    } else if (c === 0x66) {
      this.literal('false');
    } else if (c === 0x6e) {
      this.literal('null');
    } else if (c === 0x2d || isDigit(c)) {
      this.number();
    } else {
      this.fail(c === -1 ? END : `expected a value but found ${describeByte(c)}`, true);
    }
  }

  /**
   * After the opening quote; with `keep` (keys) returns the string's value. Bytes are gathered
   * as latin1 (one char per byte, so a window edge inside a UTF-8 sequence does no harm) and
   * decoded at the end.
   */
  private string(keep: boolean): string {
    let raw = '';
    let escaped = false;
    for (;;) {
      const from = this.i;
      this.skipPlainStringBytes();
      if (keep && this.i > from) raw += this.win.buf.toString('latin1', from, this.i);
      const c = this.peek();
      if (c === -1) this.fail(`${END} inside a string`, true);
      if (c === QUOTE) {
        this.next();
        if (!keep) return '';
        const text = /[^\x00-\x7f]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
        return escaped ? (JSON.parse(`"${text}"`) as string) : text;
      }
      if (c < 0x20) this.fail(`${describeByte(c)} must be escaped inside a string`, true);
      this.next();
      if (c !== 0x5c) {
        // A plain byte just past the window's old end.
        if (keep) raw += String.fromCharCode(c);
        continue;
      }
      escaped = true;
      const e = this.peek();
      let sequence = '\\';
      if (e === 0x75) {
        this.next();
        sequence += 'u';
        for (let n = 0; n < 4; n++) {
          const h = this.peek();
          if (!isHex(h)) this.fail(`expected 4 hex digits after \\u but found ${describeByte(h)}`, true);
          this.next();
          sequence += String.fromCharCode(h);
        }
      } else if (e !== -1 && '"\\/bfnrt'.includes(String.fromCharCode(e))) {
        this.next();
        sequence += String.fromCharCode(e);
      } else {
        this.fail(`invalid escape sequence before ${describeByte(e)}`, true);
      }
      if (keep) raw += sequence;
    }
  }

  private literal(word: string): void {
    for (let n = 0; n < word.length; n++) {
      const c = this.peek();
      if (c !== word.charCodeAt(n)) this.fail(`expected '${word}' but found ${describeByte(c)}`, true);
      this.next();
    }
  }

  private number(): void {
    if (this.peek() === 0x2d) this.next();
    const first = this.peek();
    if (first === 0x30) this.next();
    else this.digits();
    if (this.peek() === 0x2e) {
      this.next();
      this.digits();
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.next();
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.next();
      this.digits();
    }
  }

  private digits(): void {
    if (!isDigit(this.peek())) this.fail(`expected a digit but found ${describeByte(this.peek())}`, true);
    while (isDigit(this.peek())) this.next();
  }

  private skipWhitespace(): number {
    for (;;) {
      const { buf, len } = this.win;
      let i = this.i;
      while (i < len) {
        const c = buf[i]!;
        if (c === 0x20 || c === 0x09 || c === 0x0d) {
          this.column++;
        } else if (c === 0x0a) {
          this.line++;
          this.column = 1;
        } else {
          break;
        }
        i++;
      }
      this.i = i;
      const c = this.peek();
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
    }
  }

  /** Steps over string bytes that need no checking (most of a document), within the window. */
  private skipPlainStringBytes(): void {
    const { buf, len } = this.win;
    let i = this.i;
    let column = this.column;
    while (i < len) {
      const c = buf[i]!;
      if (c === QUOTE || c === 0x5c || c < 0x20) break;
      if ((c & 0xc0) !== 0x80) column++;
      i++;
    }
    this.i = i;
    this.column = column;
  }

  private peek(): number {
    const win = this.win;
    if (this.i >= win.len) {
      const more = win.more(this.i);
      this.i = 0;
      if (!more) return -1;
    }
    return win.buf[this.i]!;
  }

  private next(): void {
    const c = this.win.buf[this.i++]!;
    if (c === 0x0a) {
      this.line++;
      this.column = 1;
    } else if ((c & 0xc0) !== 0x80) {
      this.column++;
    }
  }

  /** `inValue`: the error is inside the value being read, so the pointer names it, not its container. */
  private fail(reason: string, inValue: boolean): never {
    const frames = inValue ? this.stack : this.stack.slice(0, -1);
    const pointer = frames
      .map((f) => `/${f.object ? f.key.replace(/~/g, '~0').replace(/\//g, '~1') : f.index}`)
      .join('');
    throw new Found({ reason, line: this.line, column: this.column, pointer });
  }
}
