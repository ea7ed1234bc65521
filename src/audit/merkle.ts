/**
 * RFC 9162 §2.1 Merkle tree hashing, inclusion and consistency proofs (generation and
 * verification), and the compact range (a stack of at most log2(N) perfect-subtree roots)
 * that lets the store append and the verifier stream in O(log N) memory.
 * Sizes and indices are JS numbers: exact up to 2^53 entries, far beyond one SQLite file.
 */
import { hash } from 'node:crypto';

export const HASH_SIZE = 32;

/**
 * One-shot SHA-256: `crypto.hash` skips the Hash object `createHash` builds per call, which
 * was most of the cost of hashing a ~500-byte leaf (2-3x slower per leaf).
 */
export function sha256(...parts: Uint8Array[]): Buffer {
  return hash('sha256', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'buffer');
}

const LEAF_PREFIX = Buffer.from([0]);

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = sha256();

export function hashLeaf(data: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, data);
}

// 0x01 || left || right, filled in place: an interior node costs one hash call, no allocation
// but its result. Safe to share: hashing is synchronous.
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 1);

export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE)
    return sha256(NODE_INPUT.subarray(0, 1), left, right);
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The largest power of two strictly below n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes, by the RFC's recursive definition (used by tests and small trees). */
export function rootOf(leafHashes: readonly Buffer[]): Buffer {
  if (leafHashes.length === 0) return EMPTY_ROOT;
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = splitPoint(leafHashes.length);
  return hashChildren(rootOf(leafHashes.slice(0, k)), rootOf(leafHashes.slice(k)));
}

/** A perfect subtree: leaves [index*2^level, (index+1)*2^level). */
export interface PerfectNode {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * The right edge of a growing tree: one perfect-subtree root per set bit of the size, largest
 * first. Appending merges equal-sized neighbours, like incrementing a binary counter, so the
 * levels are implied by the size and only the hashes are kept.
 */
export class CompactRange {
  private readonly hashes: Buffer[];
  private count: number;

  constructor(size = 0, nodes: ReadonlyArray<{ hash: Buffer }> = []) {
    this.count = size;
    this.hashes = nodes.map((n) => n.hash);
  }

  get size(): number {
    return this.count;
  }

  /** Append a leaf hash; returns the perfect subtrees (level >= 1) this completed. */
  push(leafHash: Buffer): PerfectNode[] {
    const made: PerfectNode[] = [];
    let index = this.count;
    let level = 0;
    let node = leafHash;
    for (let c = this.count; c % 2 === 1; c = (c - 1) / 2) {
      node = hashChildren(this.hashes.pop()!, node);
      level++;
      index = Math.floor(index / 2);
      made.push({ level, index, hash: node });
    }
    this.hashes.push(node);
    this.count += 1;
    return made;
  }

  /** `push` without reporting the subtrees: the verifier's hot loop. */
  append(leafHash: Buffer): void {
    this.appendSubtree(leafHash, 0);
  }

  /**
   * Append the root of a perfect subtree of 2^level leaves computed elsewhere (another
   * thread); the size must be a multiple of 2^level, as it is at an aligned block's start.
   */
  appendSubtree(hash: Buffer, level: number): void {
    const width = 2 ** level;
    if (this.count % width !== 0) throw new RangeError(`size ${this.count} is not aligned to ${width}`);
    let node = hash;
    for (let c = this.count / width; c % 2 === 1; c = (c - 1) / 2)
      node = hashChildren(this.hashes.pop()!, node);
    this.hashes.push(node);
    this.count += width;
  }

  /** The perfect-subtree roots, largest first (one per set bit of the size). */
  subtrees(): Buffer[] {
    return [...this.hashes];
  }

  /** A copy that later appends to either side leave alone. */
  clone(): CompactRange {
    return new CompactRange(
      this.count,
      this.hashes.map((hash) => ({ hash })),
    );
  }

  /** The tree head of everything pushed so far. */
  root(): Buffer {
    if (this.hashes.length === 0) return EMPTY_ROOT;
    let acc = this.hashes[this.hashes.length - 1]!;
    for (let i = this.hashes.length - 2; i >= 0; i--) acc = hashChildren(this.hashes[i]!, acc);
    return acc;
  }
}

/** The aligned perfect subtrees, left to right, that exactly cover leaves [start, end). */
export function perfectCover(start: number, end: number): Array<{ level: number; index: number }> {
  const out: Array<{ level: number; index: number }> = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // Grow while the block stays aligned at `at` and inside [at, end).
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    out.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return out;
}

/** Reads the hash of perfect subtree (level, index); level 0 is a leaf hash. */
export type PerfectHashReader = (level: number, index: number) => Buffer;

/** MTH(D[start:end]) for the ranges RFC 9162's recursions ask for, from perfect subtrees. */
export function rangeHash(start: number, end: number, read: PerfectHashReader): Buffer {
  if (end <= start) return EMPTY_ROOT;
  const parts = perfectCover(start, end).map((p) => read(p.level, p.index));
  let acc = parts[parts.length - 1]!;
  for (let i = parts.length - 2; i >= 0; i--) acc = hashChildren(parts[i]!, acc);
  return acc;
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) for leaf `index` in a tree of `size` leaves. */
export function inclusionProof(index: number, size: number, read: PerfectHashReader): Buffer[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`index ${index} is not in a tree of ${size}`);
  const path: Buffer[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(rangeHash(start + k, end, read));
    } else {
      walk(m - k, start + k, end);
      path.push(rangeHash(start, start + k, read));
    }
  };
  walk(index, 0, size);
  return path;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) between sizes m <= n. */
export function consistencyProof(size1: number, size2: number, read: PerfectHashReader): Buffer[] {
  if (!(size1 > 0 && size1 <= size2)) throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  const path: Buffer[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) path.push(rangeHash(start, end, read));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, complete);
      path.push(rangeHash(start + k, end, read));
    } else {
      sub(m - k, start + k, end, false);
      path.push(rangeHash(start, start + k, read));
    }
  };
  sub(size1, 0, size2, true);
  return path;
}

const isSize = (n: number) => Number.isSafeInteger(n) && n >= 0;
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2. Returns false for every malformed or non-matching input. */
export function verifyInclusion(
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isSize(index) || !isSize(size) || index >= size) return false;
  if (leafHash.length !== HASH_SIZE || root.length !== HASH_SIZE) return false;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && Buffer.from(r).equals(root);
}

/** RFC 9162 §2.1.4.2. Returns false for every malformed or non-matching input. */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size2 < size1) return false;
  // Equal sizes: nothing to prove, the heads must be the same bytes.
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2);
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE || proof.length === 0) return false;
  if (proof.some((p) => p.length !== HASH_SIZE)) return false;
  // A power-of-two first tree is itself a node of the second, so the proof omits it.
  const path = isPow2(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return Buffer.from(fr).equals(root1) && Buffer.from(sr).equals(root2) && sn === 0;
}

function isPow2(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}
