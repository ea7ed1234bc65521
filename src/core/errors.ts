/**
 * core/errors: the typed errors every capability throws, and the exit code each maps to.
 * Foreign errors (git, HTTP, SQLite, JSON) are translated into these at the boundary that
 * sees them, with a one-line message that says what to do. Imports nothing.
 */

export const ExitCode = {
  ok: 0,
  policy: 1,
  usage: 2,
  external: 3,
  internal: 70,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of every error we expect; anything else is a bug (exit 70). */
export class TrustError extends Error {
  readonly exitCode: ExitCodeValue;
  /** Show the command's usage after the message (only for bad flags or arguments). */
  readonly showUsage: boolean;

  constructor(
    message: string,
    exitCode: ExitCodeValue,
    options: { cause?: unknown; showUsage?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.showUsage = options.showUsage ?? false;
  }
}

/** A bad flag or argument: exit 2, with usage. */
export class UsageError extends TrustError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, ExitCode.usage, { ...options, showUsage: true });
  }
}

/** Bad configuration: exit 2. `problems` carries every issue with its dot-path. */
export class ConfigError extends TrustError {
  readonly problems: string[];
  constructor(message: string, problems: string[] = [], options: { cause?: unknown } = {}) {
    super(message, ExitCode.usage, options);
    this.problems = problems;
  }
}

/** Bad input data (invalid SARIF, unreadable file, unverified asset): exit 2. */
export class InputError extends TrustError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, ExitCode.usage, options);
  }
}

/** A policy said no (findings over --fail-on, grade under --fail-under, log failed): exit 1. */
export class PolicyError extends TrustError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, ExitCode.policy, options);
  }
}

/** An external service failed after retries (forge, LLM provider, network): exit 3. */
export class ExternalError extends TrustError {
  readonly service: string;
  constructor(service: string, message: string, options: { cause?: unknown } = {}) {
    super(`${service}: ${message}`, ExitCode.external, options);
    this.service = service;
  }
}

export function isTrustError(error: unknown): error is TrustError {
  return error instanceof TrustError;
}

/** A short, single-line description of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error).split('\n')[0] ?? 'unknown error';
}
