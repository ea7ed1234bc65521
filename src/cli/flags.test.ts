import { describe, expect, it } from 'vitest';
import { closest } from './command-words.js';
import { reflow, splitList } from './flags.js';

describe('splitList', () => {
  it('splits commas, trims, drops empties, keeps brace globs whole', () => {
    expect(splitList('error, warning,,note')).toEqual(['error', 'warning', 'note']);
    expect(splitList('src/{a,b}/**,lib/**')).toEqual(['src/{a,b}/**', 'lib/**']);
    expect(splitList('js/x')).toEqual(['js/x']);
  });
});

describe('reflow', () => {
  it('joins hard line breaks inside a paragraph and keeps blank-line paragraphs', () => {
    expect(reflow('one two\nthree\n  four\n\nnext\npara')).toBe('one two three four\n\nnext para');
  });
});

describe('closest', () => {
  it('suggests a near name only', () => {
    expect(closest('fixx', ['findings', 'fix', 'triage'])).toBe('fix');
    expect(closest('trage', ['findings', 'fix', 'triage'])).toBe('triage');
    expect(closest('deploy', ['findings', 'fix', 'triage'])).toBeUndefined();
  });
});
