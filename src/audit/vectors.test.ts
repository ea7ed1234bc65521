// Every public vector in test/vectors (copied from /work/shared/vectors, see its README):
// JCS, RFC 6962 trees and proof probes, serverless-log checkpoints, C2SP notes, Wycheproof.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openCheckpoint, parseSignedCheckpoint, signCheckpoint } from './checkpoint.js';
import { canonicalBytes } from './jcs.js';
import {
  CompactRange,
  consistencyProof,
  EMPTY_ROOT,
  hashChildren,
  hashLeaf,
  inclusionProof,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
import {
  ed25519Verify,
  keyIdOf,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.js';

const VECTORS = fileURLToPath(new URL('../../test/vectors/', import.meta.url));
const read = (p: string) => readFileSync(join(VECTORS, p));
const json = (p: string) => JSON.parse(read(p).toString('utf8'));
const b64 = (s: string) => Buffer.from(s, 'base64');
const hex = (s: string) => Buffer.from(s, 'hex');

function filesUnder(dir: string): string[] {
  return readdirSync(join(VECTORS, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(VECTORS, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

describe('RFC 8785 JCS vectors', () => {
  const names = readdirSync(join(VECTORS, 'jcs/input'));
  it('has all six upstream cases', () => expect(names).toHaveLength(6));
  for (const name of names) {
    it(name, () => {
      const expected = read(`jcs/output/${name}`);
      const outhex = hex(
        read(`jcs/outhex/${name.replace('.json', '.txt')}`)
          .toString()
          .replace(/\s+/g, ''),
      );
      expect(outhex.equals(expected)).toBe(true);
      expect(canonicalBytes(JSON.parse(read(`jcs/input/${name}`).toString('utf8')))).toEqual(expected);
    });
  }
});

describe('RFC 6962 8-leaf tree', () => {
  const tree = json('merkle/rfc6962-8-leaves.json');
  const leaves: Buffer[] = tree.leafHashesHex.map(hex);
  const read = (level: number, index: number) => {
    let nodes = leaves;
    for (let l = 0; l < level; l++)
      nodes = nodes.flatMap((n, i) => (i % 2 ? [] : [hashChildren(n, nodes[i + 1]!)]));
    return nodes[index]!;
  };

  it('hashes leaves and roots for every size', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(tree.emptyTreeRootHex);
    tree.leafInputsHex.forEach((input: string, i: number) => {
      expect(hashLeaf(hex(input))).toEqual(leaves[i]);
    });
    for (const { treeSize, rootHex } of tree.rootsByTreeSize) {
      expect(rootOf(leaves.slice(0, treeSize)).toString('hex')).toBe(rootHex);
      const range = new CompactRange();
      for (const leaf of leaves.slice(0, treeSize)) range.push(leaf);
      expect(range.root().toString('hex')).toBe(rootHex);
    }
  });

  it('matches the hasher known answers', () => {
    const ka = tree.hasherKnownAnswers;
    expect(Object.keys(ka)).toHaveLength(4);
    expect(EMPTY_ROOT.toString('hex')).toBe(ka.emptyTreeHash.hashHex);
    expect(hashLeaf(hex(ka.emptyLeafHash.leafInputHex)).toString('hex')).toBe(ka.emptyLeafHash.hashHex);
    expect(hashLeaf(hex(ka.leafHash.leafInputHex)).toString('hex')).toBe(ka.leafHash.hashHex);
    const [l, r] = [hex(ka.nodeHash.leftHex), hex(ka.nodeHash.rightHex)];
    expect(hashChildren(l, r).toString('hex')).toBe(ka.nodeHash.hashHex);
    expect(hashLeaf(Buffer.concat([l, r]))).not.toEqual(hashChildren(l, r));
    expect(hashChildren(r, l)).not.toEqual(hashChildren(l, r));
  });

  it('has every complete subtree hash', () => {
    const all = JSON.stringify(tree.completeSubtreeHashesHex);
    for (let level = 0; level <= 3; level++) {
      for (let i = 0; i < 8 / 2 ** level; i++) expect(all).toContain(read(level, i).toString('hex'));
    }
  });

  it('generates the reference inclusion and consistency proofs', () => {
    expect(tree.inclusionProofs.length).toBe(5);
    for (const p of tree.inclusionProofs) {
      const proof = inclusionProof(p.leafIndex, p.treeSize, read);
      expect(proof.map((h) => h.toString('hex'))).toEqual(p.proofHex);
      expect(verifyInclusion(p.leafIndex, p.treeSize, hex(p.leafHashHex), proof, hex(p.rootHex))).toBe(true);
    }
    expect(tree.consistencyProofs.length).toBe(5);
    for (const p of tree.consistencyProofs) {
      const proof = consistencyProof(p.size1, p.size2, read);
      expect(proof.map((h) => h.toString('hex'))).toEqual(p.proofHex);
      expect(verifyConsistency(p.size1, p.size2, proof, hex(p.root1Hex), hex(p.root2Hex))).toBe(true);
    }
  });

  it('round-trips proofs for every index and size pair', () => {
    for (let size = 1; size <= 8; size++) {
      const root = rootOf(leaves.slice(0, size));
      for (let i = 0; i < size; i++) {
        expect(verifyInclusion(i, size, leaves[i]!, inclusionProof(i, size, read), root)).toBe(true);
      }
      for (let m = 1; m <= size; m++) {
        const proof = m === size ? [] : consistencyProof(m, size, read);
        expect(verifyConsistency(m, size, proof, rootOf(leaves.slice(0, m)), root)).toBe(true);
      }
    }
  });
});

describe('transparency-dev/merkle proof probes', () => {
  const inclusion = filesUnder('merkle/inclusion');
  const consistency = filesUnder('merkle/consistency');
  it('has all 196 probes', () => expect(inclusion.length + consistency.length).toBe(196));
  for (const file of inclusion) {
    it(file, () => {
      const v = json(file);
      const ok = verifyInclusion(
        v.leafIdx,
        v.treeSize,
        b64(v.leafHash ?? ''),
        (v.proof ?? []).map(b64),
        b64(v.root ?? ''),
      );
      expect(ok).toBe(!v.wantErr);
    });
  }
  for (const file of consistency) {
    it(file, () => {
      const v = json(file);
      const ok = verifyConsistency(
        v.size1,
        v.size2,
        (v.proof ?? []).map(b64),
        b64(v.root1 ?? ''),
        b64(v.root2 ?? ''),
      );
      expect(ok).toBe(!v.wantErr);
    });
  }
});

describe('serverless-log signed checkpoints', () => {
  const log = json('serverless-log/log.json');
  const verifier = parseVerifierKey(log.verifierKey);
  const signer = parseSignerKey(log.testOnlySigningKey);
  const files = readdirSync(join(VECTORS, 'serverless-log/checkpoints'));
  const leaves: Buffer[] = log.leaves.map((l: { data: string }) => hashLeaf(Buffer.from(l.data, 'utf8')));

  it('derives key ids and the verifier key', () => {
    expect(verifier.keyId.toString('hex')).toBe(log.verifierKeyParts.keyIdHex);
    expect(keyIdOf('astra', hex(log.verifierKeyParts.ed25519PublicKeyHex)).toString('hex')).toBe('cad5a3d2');
    expect(signer.verifierKey).toBe(log.verifierKey);
    log.leaves.forEach((l: { leafHashHex: string }, i: number) => {
      expect(leaves[i]!.toString('hex')).toBe(l.leafHashHex);
    });
  });

  it('has all 17 checkpoint files', () => expect(files.length).toBe(17));
  for (const file of files) {
    it(file, () => {
      const bytes = read(`serverless-log/checkpoints/${file}`);
      const cp = openCheckpoint(bytes, [verifier], log.origin);
      expect(cp.root).toEqual(rootOf(leaves.slice(0, cp.size)));
      if (file !== 'checkpoint') expect(cp.size).toBe(Number(file.split('.')[1]));
      // Ed25519 is deterministic: re-signing reproduces the file byte for byte.
      expect(signCheckpoint(cp, [signer])).toBe(bytes.toString('utf8'));
      const tampered = Buffer.from(bytes);
      const at = tampered.indexOf(0x0a) + 1; // a digit of the size
      tampered[at] = tampered[at]! ^ 1;
      expect(() => openCheckpoint(tampered, [verifier])).toThrow();
    });
  }
});

describe('C2SP signed-note examples', () => {
  const ex = json('c2sp/signed-note-example.json');
  it('verifies the worked example and rejects changes', () => {
    const v = parseVerifierKey(ex.verifiable.verifierKey);
    expect(v.keyId.toString('hex')).toBe(ex.verifiable.expected.keyIdHex);
    const opened = openNote(ex.verifiable.note, [v]);
    expect(opened.text).toBe(ex.verifiable.noteText);
    expect(opened.signatures[0]!.signature.toString('hex')).toBe(ex.verifiable.signatures[0].signatureHex);
    expect(() => openNote(ex.verifiable.note.replace('example message', 'exampel message'), [v])).toThrow(
      /does not verify/,
    );
    const sig = opened.signatures[0]!.signature;
    expect(v.verify(Buffer.from(`${ex.verifiable.noteText}\n`), sig)).toBe(false);
  });
  it('parses the Quasimodo note at its last blank line and rejects it without a key', () => {
    const note = parseNote(ex.formatOnly.note);
    expect(note.text).toBe(ex.formatOnly.noteText);
    expect(note.signatures[0]!.name).toBe('quasimodo.example/salvatore');
    expect(note.signatures[0]!.keyId.toString('hex')).toBe(ex.formatOnly.signatures[0].keyIdHex);
    expect(note.signatures[0]!.signature.toString('hex')).toBe(ex.formatOnly.signatures[0].signatureHex);
    const other = parseVerifierKey(ex.verifiable.verifierKey);
    expect(() => openNote(ex.formatOnly.note, [other])).toThrow(/no signature by a trusted key/);
  });
  it('parses the tlog-checkpoint example', () => {
    const cp = json('c2sp/tlog-checkpoint-example.json');
    const parsed = parseSignedCheckpoint(cp.note);
    expect(parsed.origin).toBe(cp.parsed.origin);
    expect(parsed.size).toBe(cp.parsed.treeSize);
    expect(parsed.root.toString('hex')).toBe(cp.parsed.rootHex);
    expect(parsed.extensions).toEqual(cp.parsed.extensionLines);
    expect(parsed.note.signatures[0]!.keyId.toString('hex')).toBe(cp.signatures[0].keyIdHex);
    expect(parsed.note.text).toBe(cp.noteText);
  });
  it('signs a note that verifies', () => {
    const signer = parseSignerKey(json('serverless-log/log.json').testOnlySigningKey);
    const note = signNote('hello\n', [signer]);
    expect(openNote(note, [parseVerifierKey(signer.verifierKey)]).text).toBe('hello\n');
  });
});

describe('Wycheproof Ed25519', () => {
  const w = json('wycheproof/ed25519_test.json');
  const tests = w.testGroups.flatMap((g: { publicKey: { pk: string }; tests: unknown[] }) =>
    g.tests.map((t) => ({
      pk: g.publicKey.pk,
      ...(t as { tcId: number; msg: string; sig: string; result: string; comment: string }),
    })),
  );
  it('has all 151 tests', () => expect(tests.length).toBe(w.numberOfTests));
  for (const t of tests) {
    it(`tcId ${t.tcId}: ${t.comment}`, () => {
      expect(ed25519Verify(hex(t.pk), hex(t.msg), hex(t.sig))).toBe(t.result === 'valid');
    });
  }
});
