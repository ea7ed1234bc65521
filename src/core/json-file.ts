/**
 * core/json-file: rewrite a user's JSON file (trust.config.json) the way they wrote it: the
 * same indentation (tabs or N spaces), line endings and final newline, every other key kept in
 * its place, and atomically (a temp file renamed over it), so a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeError } from './files.js';

export interface JsonStyle {
  indent: string;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
}

/** The style of existing JSON text; two spaces and a final newline for a new file. */
export function jsonStyleOf(text: string | undefined): JsonStyle {
  // No file, or an empty `{}`, says nothing about style: two spaces and a final newline.
  if (!text || /^\s*\{\s*\}\s*$/.test(text))
    return { indent: '  ', eol: text?.includes('\r\n') ? '\r\n' : '\n', finalNewline: true };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  // A file on one line (with content) stays on one line.
  if (!text.trimEnd().includes('\n')) return { indent: '', eol, finalNewline: /\n$/.test(text) };
  const firstIndented = /\n([ \t]+)\S/.exec(text)?.[1];
  const indent = firstIndented ? (firstIndented.startsWith('\t') ? '\t' : firstIndented) : '  ';
  return { indent, eol, finalNewline: /\n$/.test(text) || text.length === 0 };
}

export function formatJson(value: unknown, style: JsonStyle): string {
  const body = JSON.stringify(value, null, style.indent).replace(/\n/g, style.eol);
  return style.finalNewline ? `${body}${style.eol}` : body;
}

/** Write `value` to `file` in `style`, atomically; a failure is one line, exit 2. */
export function writeJsonFile(file: string, value: unknown, style: JsonStyle): void {
  // Through a symlink to the real file (a rename would replace the link), keeping its mode.
  let target = file;
  let mode = 0o644;
  try {
    target = realpathSync(file);
    mode = statSync(target).mode & 0o777;
  } catch {
    // a new file
  }
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, formatJson(value, style), { flag: 'wx', mode });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw writeError('the config file', file, error);
  }
}
