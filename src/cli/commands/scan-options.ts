/**
 * `trust scan`'s options, checked before any request leaves: the grade gate, the algorithm,
 * the politeness limits, the resolver and the CA file. Each bad value is one line, exit 2.
 */
import { actorOf, ciIdentity } from '../../audit/ci-identity.js';
import { InputError, UsageError } from '../../core/errors.js';
import { trustVersion } from '../../core/version.js';
import { GRADE_NAMES } from '../../scan/observatory/index.js';
import { createResolver } from '../../scan/resolver.js';
import type { ScanSettings } from '../../scan/run-scan.js';
import { scanUserAgent } from '../../scan/user-agent.js';
import { type Context, stringOption } from '../context.js';
import { requireOrg } from './assets-common.js';
import { inRoot, readTextFile } from './log-common.js';

export function scanSettings(ctx: Context): ScanSettings & { failUnder?: string } {
  const failUnder = stringOption(ctx, 'failUnder');
  if (failUnder !== undefined && !GRADE_NAMES.includes(failUnder)) {
    throw new UsageError(`--fail-under: "${failUnder}" is not a grade (${GRADE_NAMES.join(', ')})`);
  }
  const algorithm = stringOption(ctx, 'algorithm') ?? '5';
  if (algorithm !== '4' && algorithm !== '5')
    throw new UsageError(`--algorithm: "${algorithm}" is not 4 or 5`);
  const rate = positive(ctx, 'rate', '--rate', 5);
  const budget = positive(ctx, 'budget', '--budget', 100);
  if (!Number.isInteger(budget))
    throw new UsageError(`--budget: ${budget} is not a whole number of requests`);
  const timeoutMs = Math.round(positive(ctx, 'scanTimeout', '--timeout', 10) * 1000);
  const server = stringOption(ctx, 'scanResolver');
  if (server !== undefined && !/^(\[[0-9a-f:.]+\]|[0-9.]+|[a-z0-9.-]+)(:\d{1,5})?$/i.test(server)) {
    throw new UsageError(`--resolver: "${server}" is not host[:port]`);
  }
  const version = trustVersion();
  const identity = ciIdentity(ctx.env);
  return {
    root: ctx.root,
    // The org the tokens were bound to by `trust assets add` (required, as for assets verify).
    org: requireOrg(ctx),
    actor: actorOf(identity),
    version,
    userAgent: scanUserAgent(),
    algorithm: algorithm === '4' ? 4 : 5,
    rate,
    budget,
    timeoutMs,
    resolver: createResolver(server, timeoutMs),
    ...caOf(ctx),
    ...(failUnder ? { failUnder } : {}),
  };
}

function caOf(ctx: Context): { ca?: string } {
  const file = stringOption(ctx, 'scanCa');
  if (!file) return {};
  const text = readTextFile(inRoot(ctx, file), 'the CA file');
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InputError(`--ca ${file}: no PEM certificate in it (-----BEGIN CERTIFICATE-----)`);
  }
  return { ca: text };
}

function positive(ctx: Context, name: string, flag: string, fallback: number): number {
  const value = ctx.options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag}: expected a number above 0, got ${String(value)}`);
  }
  return value;
}
