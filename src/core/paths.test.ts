import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeRelative, placeInRoot, readInRoot } from './paths.js';

describe('core/paths', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeAll(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'trust-paths-')));
    root = join(base, 'repo');
    outside = join(base, 'outside');
    mkdirSync(join(root, 'src'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, 'src/app.js'), 'inside\n');
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET\n');
    symlinkSync(outside, join(root, 'escape'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'src/secret-link.txt'));
    symlinkSync(join(root, 'src'), join(root, 'src-alias'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('normalizes relative paths and refuses ones that climb out', () => {
    expect(normalizeRelative('./a/b/../c//d')).toBe('a/c/d');
    expect(normalizeRelative('a/../../etc/passwd')).toBeUndefined();
  });

  it('places relative and absolute in-tree paths', () => {
    expect(placeInRoot(root, 'src/./app.js')).toEqual({ inside: true, path: 'src/app.js' });
    expect(placeInRoot(root, `${root}/src/app.js`)).toEqual({ inside: true, path: 'src/app.js' });
    expect(placeInRoot(root, 'src/not-yet-there.js')).toEqual({ inside: true, path: 'src/not-yet-there.js' });
    // a symlink that stays inside the tree is fine
    expect(placeInRoot(root, 'src-alias/app.js')).toEqual({ inside: true, path: 'src-alias/app.js' });
  });

  it('puts .., absolute-elsewhere and symlinks leaving the tree outside, and never reads them', () => {
    const dotdot = placeInRoot(root, '../outside/secret.txt');
    expect(dotdot.inside).toBe(false);
    expect(placeInRoot(root, `${outside}/secret.txt`).inside).toBe(false);
    expect(placeInRoot(root, `${root}/../outside/secret.txt`).inside).toBe(false);
    const viaDir = placeInRoot(root, 'escape/secret.txt');
    expect(viaDir).toMatchObject({ inside: false });
    expect(!viaDir.inside && viaDir.reason).toMatch(/symbolic link/);
    expect(placeInRoot(root, 'src/secret-link.txt').inside).toBe(false);
    // a path below a symlinked directory that does not exist yet still escapes
    expect(placeInRoot(root, 'escape/new/file.txt').inside).toBe(false);

    expect(readInRoot(root, 'src/app.js')).toBe('inside\n');
    expect(readInRoot(root, 'escape/secret.txt')).toBeUndefined();
    expect(readInRoot(root, 'src/secret-link.txt')).toBeUndefined();
    expect(readInRoot(root, '../outside/secret.txt')).toBeUndefined();
    expect(readInRoot(root, `${outside}/secret.txt`)).toBeUndefined();
  });

  it('refuses the root itself', () => {
    expect(placeInRoot(root, '.').inside).toBe(false);
    expect(placeInRoot(root, root).inside).toBe(false);
  });
});
