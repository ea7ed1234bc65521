/**
 * A module load hook for bench/cli-help (runs on node's loader thread): appends the URL of
 * every module loaded through the ESM loader to the file named by TRUST_BENCH_MODULES.
 */
import { appendFileSync } from 'node:fs';

type Next = (url: string, context: unknown) => Promise<unknown>;

export async function load(url: string, context: unknown, nextLoad: Next): Promise<unknown> {
  const out = process.env.TRUST_BENCH_MODULES;
  if (out) appendFileSync(out, `${url}\n`);
  return nextLoad(url, context);
}
