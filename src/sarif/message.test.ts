import { describe, expect, it } from 'vitest';
import { formatMessage, resolveLinks } from './message.js';

describe('embedded links in messages (SARIF §3.11.6)', () => {
  it('reduces links in plain-text messages to their text', () => {
    expect(
      formatMessage(
        { text: 'This query depends on a [user-provided value](1) and [another](2).' },
        undefined,
        undefined,
      ),
    ).toBe('This query depends on a user-provided value and another.');
    expect(resolveLinks('[DOM text](1) is reinterpreted as HTML', true)).toBe(
      'DOM text is reinterpreted as HTML',
    );
    expect(resolveLinks('see [the docs](https://example.com/x)', true)).toBe('see the docs');
  });

  it('undoes escaped brackets and leaves escaped links alone', () => {
    expect(resolveLinks('array \\[0\\] and \\[not a link\\](1)', true)).toBe('array [0] and [not a link](1)');
    expect(resolveLinks('[a \\[b\\]](3)', true)).toBe('a [b]');
  });

  it('keeps real Markdown links but reduces numeric ones in markdown messages', () => {
    expect(
      formatMessage(
        { markdown: 'Flows from [source](1) per [help](https://h.example/q)' },
        undefined,
        undefined,
      ),
    ).toBe('Flows from source per [help](https://h.example/q)');
  });

  it('fills placeholders before reducing links', () => {
    expect(formatMessage({ text: '{0} reaches [here](1)', arguments: ['x'] }, undefined, undefined)).toBe(
      'x reaches here',
    );
  });
});
