/**
 * A sliding window over an open file, so the SARIF scanner never holds the whole file (which
 * may exceed V8's maximum string length, or memory). The scanner keeps indexes into `buf`;
 * `more(keep)` drops the bytes before `keep` and appends the next chunk, so indexes shift by
 * `-keep`. A window grows only when one kept token is larger than it.
 */

import { readSync } from 'node:fs';

export const CHUNK = 1 << 22;

export class ByteWindow {
  buf: Buffer;
  /** `buf` seen as 32-bit words, to skip runs of indentation four bytes at a time. */
  words: Uint32Array;
  /** File offset of `buf[0]`. */
  base = 0;
  /** Valid bytes in `buf`. */
  len = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    chunk = CHUNK,
  ) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(1, Math.min(chunk, size)));
    this.words = wordsOf(this.buf);
  }

  /** Drops `buf[0..keep)` and reads more of the file. False when nothing more could be read. */
  more(keep: number): boolean {
    const kept = this.len - keep;
    if (keep > 0 && kept > 0) this.buf.copy(this.buf, 0, keep, this.len);
    this.base += keep;
    this.len = kept;
    const at = this.base + this.len;
    if (at >= this.size) return false;
    if (this.len === this.buf.length) {
      const bigger = Buffer.allocUnsafeSlow(this.buf.length * 2);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
      this.words = wordsOf(bigger);
    }
    const n = readBytes(this.fd, this.buf, this.len, this.buf.length - this.len, at);
    this.len += n;
    return n > 0;
  }

  /** Restarts the window at a file offset (used to scan a part of the file a second time). */
  seek(offset: number): void {
    this.base = offset;
    this.len = 0;
  }
}

/** Unpooled buffers start at byteOffset 0, so word k holds bytes 4k..4k+3. */
function wordsOf(buf: Buffer): Uint32Array {
  return new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
}

/** Reads up to `length` bytes at `position` (fewer only at end of file). */
export function readBytes(
  fd: number,
  into: Buffer,
  offset: number,
  length: number,
  position: number,
): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, offset + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Bytes `[start, end)` of the file, in `scratch` when it is big enough. */
export function readSpan(fd: number, start: number, end: number, scratch?: Buffer): Buffer {
  const length = end - start;
  const into = scratch && scratch.length >= length ? scratch : Buffer.allocUnsafe(length);
  const n = readBytes(fd, into, 0, length, start);
  return into.subarray(0, n);
}
