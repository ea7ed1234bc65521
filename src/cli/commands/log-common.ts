/**
 * Shared by the `trust log ...` commands and `trust triage`: where the log, the checkpoint
 * file and the committed verifier keys are, and how audit errors become exit codes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import {
  type AuditLog,
  CheckpointError,
  defaultOrigin,
  NoteError,
  openAuditLog,
  parseSignerKey,
  parseVerifierKey,
  type Signer,
  StoreError,
  type Verifier,
} from '../../audit/index.js';
import { ConfigError, InputError } from '../../core/errors.js';
import { redactor } from '../../core/redact.js';
import { prepareFolderOf } from '../../core/trust-dir.js';
import { type Context, listOption, stringOption } from '../context.js';

/** The committed file of trusted verifier keys, one per line (several during a rotation). */
export const VERIFIER_KEY_FILE = '.trust/verifier-key';

export function inRoot(ctx: Context, file: string): string {
  return isAbsolute(file) ? file : resolve(ctx.root, file);
}

export function logPath(ctx: Context): string {
  return inRoot(ctx, stringOption(ctx, 'logDb') ?? '.trust/trust.db');
}

export function checkpointPath(ctx: Context): string {
  return inRoot(ctx, stringOption(ctx, 'checkpointFile') ?? '.trust/checkpoint');
}

export function originOf(ctx: Context): string {
  return stringOption(ctx, 'origin') ?? defaultOrigin(ctx.env, ctx.root);
}

/** Open (creating when asked) the log, translating store errors into input errors. */
export function openLog(ctx: Context, create: boolean, options: { actor?: string } = {}): AuditLog {
  const path = logPath(ctx);
  if (!create && !existsSync(path))
    throw new InputError(`no audit log at ${path} (nothing has been recorded yet)`);
  if (create) prepareFolderOf(path, ctx.root);
  return auditCall(() =>
    openAuditLog(path, {
      origin: originOf(ctx),
      create,
      env: ctx.env,
      busyTimeoutMs: logWaitMs(ctx),
      ...options,
    }),
  );
}

/** --log-wait in milliseconds: how long to queue behind another process's write lock. */
export function logWaitMs(ctx: Context): number {
  const seconds = ctx.options.logWait;
  return typeof seconds === 'number' && seconds >= 0 ? Math.round(seconds * 1000) : 30_000;
}

/** Trusted verifier keys: --verifier-key / TRUST_VERIFIER_KEY / config, else .trust/verifier-key. */
export function trustedVerifiers(ctx: Context): { verifiers: Verifier[]; source: string } {
  let lines = listOption(ctx, 'verifierKey').flatMap((v) => v.split(/[\s,]+/));
  let source = '--verifier-key';
  if (lines.length === 0) {
    const file = join(ctx.root, VERIFIER_KEY_FILE);
    if (!existsSync(file)) return { verifiers: [], source: VERIFIER_KEY_FILE };
    lines = readFileSync(file, 'utf8').split('\n');
    source = VERIFIER_KEY_FILE;
  }
  const verifiers = lines
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      try {
        return parseVerifierKey(l);
      } catch (error) {
        throw new ConfigError(`${source}: ${(error as Error).message}`);
      }
    });
  return { verifiers, source };
}

export function requireVerifiers(ctx: Context): Verifier[] {
  const { verifiers } = trustedVerifiers(ctx);
  if (verifiers.length === 0) {
    throw new ConfigError(
      `no trusted verifier key: commit the key printed by 'trust log keygen' to ${VERIFIER_KEY_FILE} or pass --verifier-key`,
    );
  }
  return verifiers;
}

export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Run audit code, turning its expected errors into one-line input errors (exit 2). */
export function auditCall<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof StoreError || error instanceof CheckpointError || error instanceof NoteError) {
      throw new InputError(error.message, { cause: error });
    }
    throw error;
  }
}

/** The checkpoint signers in TRUST_SIGNING_KEY (several, whitespace-separated, during a rotation); undefined when unset. */
export function signersFromEnv(ctx: Context): Signer[] | undefined {
  const secret = ctx.env.TRUST_SIGNING_KEY;
  if (!secret) return undefined;
  return secret
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((k, i) => {
      redactor.add(k); // each key of a rotation pair is a secret on its own
      try {
        return parseSignerKey(k);
      } catch (error) {
        throw new ConfigError(`TRUST_SIGNING_KEY (key ${i + 1}): ${(error as Error).message}`);
      }
    });
}
