/**
 * llm/prompts/data-block: everything that came from the repository or the scanner travels
 * inside one block fenced by a boundary the code cannot know in advance, so text in the code
 * cannot close the block and speak as trust. The prompts say: data, not instructions.
 *
 * The boundary is a SHA-256 of everything fenced with it (every caller passes the whole
 * block): to close the fence, the code would have to contain the digest of itself. Unlike a
 * random one, it is the same for the same data, so a repeated call is the same request and a
 * trust proxy cache (`--llm-cache`) can answer it.
 */
import { createHash } from 'node:crypto';
import type { Snippet } from '../snippet.js';

export function newBoundary(...contents: string[]): string {
  for (let round = 0; ; round++) {
    const hash = createHash('sha256').update(`trust/data-block\0${round}`);
    for (const c of contents) hash.update('\0').update(c);
    const boundary = `TRUST-DATA-${hash.digest('hex').slice(0, 24)}`;
    if (!contents.some((c) => c.includes(boundary))) return boundary;
  }
}

export function fence(boundary: string, body: string): string {
  return `<<<${boundary}\n${body}\n${boundary}>>>`;
}

/** The finding and its code, as plain labelled sections (the same for every provider family). */
export function describeSnippet(s: Snippet, options: { withFlow?: boolean } = {}): string {
  const parts = [
    `file: ${s.path}${s.language ? ` (${s.language})` : ''}`,
    `rule: ${s.rule.id}${s.rule.name ? ` (${s.rule.name})` : ''}${s.rule.cwe.length ? `; CWE-${s.rule.cwe.join(', CWE-')}` : ''}`,
    `scanner message: ${s.message}`,
    `flagged lines: ${s.flagged.startLine}-${s.flagged.endLine}`,
  ];
  if (s.rule.help) parts.push(`rule help:\n${s.rule.help}`);
  if (s.imports.length) parts.push(`import lines of the file:\n${s.imports.map((l) => l.text).join('\n')}`);
  parts.push(`editable region, lines ${s.region.startLine}-${s.region.endLine}:\n${s.regionText}`);
  if (options.withFlow !== false && s.flow.length) {
    const steps = s.flow.map(
      (f, i) =>
        `step ${i + 1}: ${f.path}:${f.line}${f.message ? ` (${f.message})` : ''}\n${f.lines.map((l) => l.text).join('\n')}`,
    );
    parts.push(`code-flow steps (context only, not editable):\n${steps.join('\n')}`);
  }
  return parts.join('\n\n');
}
