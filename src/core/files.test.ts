import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { fsReason, unwritableReason, writeError } from './files.js';

const dir = mkdtempSync(join(tmpdir(), 'trust-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('unwritableReason', () => {
  it('accepts an existing file and a new file in an existing folder', () => {
    writeFileSync(join(dir, 'f.json'), '{}');
    expect(unwritableReason(join(dir, 'f.json'))).toBeUndefined();
    expect(unwritableReason(join(dir, 'new.json'))).toBeUndefined();
  });

  it('names a missing folder, unless parents may be created', () => {
    const path = join(dir, 'a', 'b', 'x.db');
    expect(unwritableReason(path)).toBe(`no such directory ${join(dir, 'a', 'b')}`);
    expect(unwritableReason(path, { parents: true })).toBeUndefined();
  });

  it('refuses a directory, and a file where a folder should be', () => {
    mkdirSync(join(dir, 'd'));
    expect(unwritableReason(join(dir, 'd'))).toBe('it is a directory (EISDIR)');
    writeFileSync(join(dir, 'plain'), 'x');
    expect(unwritableReason(join(dir, 'plain', 'x.json'), { parents: true })).toMatch(/ENOTDIR/);
  });
});

describe('writeError', () => {
  it('turns a file-system failure into a one-line input error, and leaves a bug alone', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const error = writeError('the report', '/dev/full', enospc);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('cannot write the report /dev/full: no space left on the device (ENOSPC)');
    const bug = new TypeError('x is undefined');
    expect(writeError('the report', '/x', bug)).toBe(bug);
    expect(fsReason(bug)).toBeUndefined();
  });
});
