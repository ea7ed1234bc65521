import { describe, expect, it } from 'vitest';
import { CanonicalizationError, canonicalize, parseCanonical } from './jcs.js';
import {
  CompactRange,
  consistencyProof,
  hashLeaf,
  inclusionProof,
  perfectCover,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

const leaves = Array.from({ length: 70 }, (_, i) => hashLeaf(Buffer.from(`entry ${i}`)));

// The same perfect-subtree cache the store keeps, built by CompactRange.push.
const nodes = new Map<string, Buffer>();
const range = new CompactRange();
for (const leaf of leaves) for (const n of range.push(leaf)) nodes.set(`${n.level}/${n.index}`, n.hash);
const read = (level: number, index: number) =>
  level === 0 ? leaves[index]! : (nodes.get(`${level}/${index}`) ?? Buffer.alloc(0));

describe('merkle', () => {
  it('compact range agrees with the recursive definition at every size', () => {
    const r = new CompactRange();
    for (let n = 0; n < leaves.length; n++) {
      expect(r.root()).toEqual(rootOf(leaves.slice(0, n)));
      r.push(leaves[n]!);
    }
  });

  it('proves every leaf and every size pair from cached subtrees', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 31, 32, 33, 64, 70]) {
      const root = rootOf(leaves.slice(0, size));
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(i, size, read);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        expect(verifyInclusion(i, size, leaves[i]!, proof, root)).toBe(true);
        expect(verifyInclusion(i, size, leaves[(i + 1) % 70]!, proof, root)).toBe(false);
      }
      for (let m = 1; m < size; m++) {
        const proof = consistencyProof(m, size, read);
        expect(verifyConsistency(m, size, proof, rootOf(leaves.slice(0, m)), root)).toBe(true);
        expect(verifyConsistency(m, size, proof, rootOf(leaves.slice(1, m + 1)), root)).toBe(false);
      }
    }
  });

  it('covers a range with aligned perfect subtrees', () => {
    expect(perfectCover(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
  });
});

describe('jcs', () => {
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalize({ a: Number.NaN })).toThrow(/\$\.a/);
    expect(() => canonicalize({ a: 1n })).toThrow();
    // The error names where the value is, as a path from the root.
    expect(() => canonicalize({ x: [0, { y: Number.POSITIVE_INFINITY }] })).toThrow(
      new CanonicalizationError('$.x[1].y: Infinity is not valid JSON'),
    );
    expect(() => canonicalize(() => 1)).toThrow(new CanonicalizationError('$: a function is not valid JSON'));
    expect(canonicalize({ b: [1, -0, 'x'], a: null })).toBe('{"a":null,"b":[1,0,"x"]}');
  });
  it('tells canonical bytes from the same meaning written differently', () => {
    expect(parseCanonical(Buffer.from('{"a":1,"b":2}'))).toEqual({ value: { a: 1, b: 2 }, canonical: true });
    expect(parseCanonical(Buffer.from('{"b":2,"a":1}'))?.canonical).toBe(false);
    expect(parseCanonical(Buffer.from('{"a": 1}'))?.canonical).toBe(false);
    expect(parseCanonical(Buffer.from('{"a":1.0}'))?.canonical).toBe(false);
    expect(parseCanonical(Buffer.from('{"a":1,"a":1}'))?.canonical).toBe(false);
    expect(parseCanonical(Buffer.from([0x7b, 0xff, 0x7d]))).toBeUndefined();
  });
});
