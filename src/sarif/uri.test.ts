import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/helpers/git-repo.js';
import { PathResolver, parseSourceRoot, percentDecode } from './uri.js';

describe('sarif/uri', () => {
  let root: string;
  beforeAll(() => {
    root = makeTempDir('trust-uri-');
    mkdirSync(join(root, 'src/lib'), { recursive: true });
    writeFileSync(join(root, 'src/lib/util.c'), 'int x;\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const resolve = (uri: unknown, extra: Record<string, unknown> = {}, run = {}, sourceRoots: string[] = []) =>
    new PathResolver({ root, sourceRoots: sourceRoots.map(parseSourceRoot) }).resolve({ uri, ...extra }, run);

  it('relative, percent-encoded and backslash paths', () => {
    expect(resolve('src/lib/util.c')).toMatchObject({ status: 'in-tree', path: 'src/lib/util.c' });
    expect(resolve('src/my%20file.c')).toMatchObject({ status: 'in-tree', path: 'src/my file.c' });
    expect(resolve('src\\lib\\util.c')).toMatchObject({ status: 'in-tree', path: 'src/lib/util.c' });
    expect(resolve('./src/./lib/util.c')).toMatchObject({ path: 'src/lib/util.c' });
    expect(percentDecode('a%ZZb%41')).toBe('a%ZZbA'); // malformed escapes are kept, good ones decoded
  });

  it('file:// URIs and absolute paths under the root', () => {
    expect(resolve(`file://${root}/src/lib/util.c`)).toMatchObject({
      status: 'in-tree',
      path: 'src/lib/util.c',
    });
    expect(resolve(`file://localhost${root}/src/x.c`)).toMatchObject({ status: 'in-tree', path: 'src/x.c' });
    expect(resolve(`${root}/src/lib/util.c`)).toMatchObject({ status: 'in-tree', path: 'src/lib/util.c' });
  });

  it('Windows drive paths: out of tree unless mapped; mapping is case-insensitive and may add a subdir', () => {
    expect(resolve('file:///c:/build/src/x.c').status).toBe('out-of-tree');
    expect(resolve('C:\\build\\src\\x.c', {}, {}, ['c:/build'])).toMatchObject({
      status: 'in-tree',
      path: 'src/x.c',
    });
    expect(resolve('file:///C:/build/x.c', {}, {}, ['C:\\build=native'])).toMatchObject({
      path: 'native/x.c',
    });
    expect(resolve('/opt/app/src/x.c', {}, {}, ['/opt/app/'])).toMatchObject({ path: 'src/x.c' });
  });

  it('a foreign absolute path is re-rooted by its longest existing suffix', () => {
    expect(resolve('/home/runner/work/app/app/src/lib/util.c')).toMatchObject({
      status: 'suffix-match',
      path: 'src/lib/util.c',
    });
    expect(resolve('/home/runner/work/app/app/src/lib/missing.c').status).toBe('out-of-tree');
  });

  it('a relative path that is not at the root is searched for (SpotBugs bare names); ambiguity is not guessed', () => {
    expect(resolve('lib/util.c')).toMatchObject({ status: 'suffix-match', path: 'src/lib/util.c' });
    writeFileSync(join(root, 'src/two.c'), '');
    mkdirSync(join(root, 'other'), { recursive: true });
    writeFileSync(join(root, 'other/two.c'), '');
    expect(resolve('two.c')).toMatchObject({ status: 'in-tree', path: 'two.c' });
  });

  it('uriBaseId chains through originalUriBaseIds, with a cycle guard', () => {
    const run = {
      originalUriBaseIds: {
        REPO: { uri: `file://${root}/` },
        SRC: { uri: 'src/', uriBaseId: 'REPO' },
        LIB: { uri: 'lib/', uriBaseId: 'SRC' },
        LOOP_A: { uri: 'a/', uriBaseId: 'LOOP_B' },
        LOOP_B: { uri: 'b/', uriBaseId: 'LOOP_A' },
      },
    };
    expect(resolve('util.c', { uriBaseId: 'LIB' }, run)).toMatchObject({
      status: 'in-tree',
      path: 'src/lib/util.c',
    });
    expect(resolve('x.c', { uriBaseId: 'LOOP_A' }, run).status).toBe('in-tree');
    expect(resolve('src/x.c', { uriBaseId: '%SRCROOT%' }, run)).toMatchObject({ path: 'src/x.c' });
  });

  it('artifactLocation.index fills the uri from run.artifacts', () => {
    const run = { artifacts: [{ location: { uri: 'src/lib/util.c' } }] };
    expect(resolve(undefined, { index: 0 }, run)).toMatchObject({
      status: 'in-tree',
      path: 'src/lib/util.c',
    });
    expect(resolve(undefined, { index: 5 }, run).status).toBe('unresolved');
  });

  it('non-file schemes are unresolved, never fetched', () => {
    expect(resolve('https://example.com/a.js')).toMatchObject({ status: 'unresolved' });
    expect(resolve('', {})).toMatchObject({ status: 'unresolved' });
  });

  it('refuses .. hidden in an absolute path or a percent-encoding', () => {
    expect(resolve(`${root}/../etc/passwd`).status).toBe('out-of-tree');
    expect(resolve('%2e%2e/%2e%2e/etc/passwd').status).toBe('out-of-tree');
    expect(resolve('src/..%2f..%2fetc/passwd').status).toBe('out-of-tree');
  });
});
