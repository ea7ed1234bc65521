/**
 * The safeJoin() helper path-containment writes, run: the fixture's expected output is what
 * the codemod produces (catalogue.test.ts checks that), so loading it runs the real helper.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixed = createRequire(import.meta.url)(
  join(import.meta.dirname, 'fixtures/path-containment/left-alone/paths.expected.cjs'),
) as { underBase(base: string, name: string): string; uploadPath(name: string): string };

describe('safeJoin() written by trust:js/path-containment', () => {
  it("accepts every path under a base of '/' (known only at run time) instead of testing for a '//' prefix", () => {
    expect(fixed.underBase('/', 'etc/hosts')).toBe('/etc/hosts');
    expect(fixed.underBase('/', '/var/log/../tmp')).toBe('/var/tmp');
    expect(() => fixed.underBase('/srv', '../etc/passwd')).toThrow('path escapes /srv');
  });

  it('keeps paths inside a base directory and throws for those that leave it', () => {
    expect(fixed.uploadPath('avatars/1.png')).toBe('/srv/uploads/avatars/1.png');
    expect(() => fixed.uploadPath('../secrets.env')).toThrow('path escapes /srv/uploads: ../secrets.env');
    expect(() => fixed.uploadPath('/etc/passwd')).toThrow('path escapes /srv/uploads');
    expect(() => fixed.uploadPath('../uploads-old/x')).toThrow('path escapes /srv/uploads');
  });
});
