/**
 * verify/presets-probe: the small facts the presets are chosen from: files in the repository,
 * a project-local binary, an executable on PATH. Reads only; never runs project code.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A text file's content, or undefined when it is absent or unreadable. */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return isFile(path);
  } catch {
    return false;
  }
}

/** The first executable called `name` on PATH, as the engine (execa, no shell) would find it. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** `node_modules/.bin/<name>` relative to the root, when the project installed it. */
export function localBin(root: string, name: string): string | undefined {
  const rel = `node_modules/.bin/${name}`;
  return existsSync(join(root, rel)) ? rel : undefined;
}

/** package.json's scripts, or {} when there is none or it does not parse. */
export function packageScripts(root: string): Record<string, string> {
  const text = readText(join(root, 'package.json'));
  if (text === undefined) return {};
  try {
    const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    if (typeof scripts !== 'object' || scripts === null) return {};
    return Object.fromEntries(Object.entries(scripts).filter(([, v]) => typeof v === 'string')) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}
