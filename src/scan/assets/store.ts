/**
 * scan/assets/store: the assets list in trust.config.json (`assets`), or in the config file
 * named by --config. Reads validate the whole file against the published schema (every
 * problem with its dot-path); writes keep the user's other keys and formatting and are atomic.
 * Imports core only; the CLI commands and `trust scan` call this.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, validateConfig } from '../../core/config.js';
import { ConfigError } from '../../core/errors.js';
import { fsReason } from '../../core/files.js';
import { jsonStyleOf, writeJsonFile } from '../../core/json-file.js';
import type { Asset } from '../types.js';
import { hostOf, normalizeOrigin } from './origin.js';

/** The file the assets live in: `file` (relative to cwd) or trust.config.json in cwd. */
export function assetsFileOf(cwd: string, file?: string): string {
  if (!file) return join(cwd, DEFAULT_CONFIG_FILE);
  return isAbsolute(file) ? file : resolve(cwd, file);
}

interface ConfigDocument {
  file: string;
  /** The text as read; undefined when the file does not exist yet. */
  text?: string;
  values: Record<string, unknown>;
}

function readDocument(file: string, mustExist: boolean): ConfigDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !mustExist) return { file, values: {} };
    throw new ConfigError(`cannot read config file ${file}: ${fsReason(error) ?? (error as Error).message}`);
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const problems = validateConfig(values);
  if (problems.length > 0)
    throw new ConfigError(`${file}: ${problems.length === 1 ? problems[0] : problems.join('; ')}`, problems);
  return { file, text, values: values as Record<string, unknown> };
}

/** Every asset of the config; none when there is no config file (a named file must exist). */
export function loadAssets(cwd: string, file?: string): Asset[] {
  const doc = readDocument(assetsFileOf(cwd, file), Boolean(file));
  return (doc.values.assets as Asset[] | undefined) ?? [];
}

/**
 * Change the assets list and write the file back. `change` gets a copy of the list and returns
 * the new one; it may throw (a duplicate, an unknown asset) and then nothing is written.
 */
export function updateAssets<T>(
  file: string,
  change: (assets: Asset[], values: Record<string, unknown>) => { assets: Asset[]; result: T },
): T {
  const doc = readDocument(file, false);
  const current = structuredClone((doc.values.assets as Asset[] | undefined) ?? []);
  const values = structuredClone(doc.values);
  const { assets, result } = change(current, values);
  const next: Record<string, unknown> = { ...values, assets };
  const problems = validateConfig(next);
  if (problems.length > 0) throw new ConfigError(`${file}: ${problems.join('; ')}`, problems);
  writeJsonFile(file, next, jsonStyleOf(doc.text));
  return result;
}

/** An asset by its URL (any form normalizeOrigin takes) or by host ("shop.example.com", "host:port"). */
export function findAsset(assets: Asset[], ref: string): Asset | undefined {
  const wanted = ref.trim().toLowerCase();
  let origin: string | undefined;
  try {
    origin = normalizeOrigin(wanted);
  } catch {
    origin = undefined;
  }
  const exact = assets.find((a) => a.url === origin || a.url === wanted);
  if (exact) return exact;
  const byHost = assets.filter((a) => new URL(a.url).host === wanted || hostOf(a.url) === wanted);
  return byHost.length === 1 ? byHost[0] : undefined;
}
