/**
 * core/redact: the one place that knows the process's secrets. Every line that leaves the
 * process (output, errors, audit entries, cache metadata) goes through `redact()`.
 * A secret is registered once, with its base64 and URL-encoded forms, so a token that was
 * encoded on its way into a header or URL is still caught.
 */

/** Environment variables whose values are always secrets. */
export const SECRET_ENV_VARS = [
  'TRUST_MASTER_KEY',
  'TRUST_NEW_MASTER_KEY',
  'TRUST_SIGNING_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GITLAB_TOKEN',
  'CI_JOB_TOKEN',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'AZURE_OPENAI_API_KEY',
  'TRUST_LLM_API_KEY',
] as const;

const PLACEHOLDER = '***';
/** Values shorter than this are not registered: redacting "1" would scrub every digit. */
const MIN_SECRET_LENGTH = 6;

export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;

  /** Register a secret and its common encodings. Short or empty values are ignored. */
  add(secret: string | undefined): void {
    if (!secret) return;
    const value = secret.trim();
    if (value.length < MIN_SECRET_LENGTH) return;
    for (const form of [
      value,
      Buffer.from(value, 'utf8').toString('base64'),
      Buffer.from(value, 'utf8').toString('base64url'),
      encodeURIComponent(value),
    ]) {
      if (form.length >= MIN_SECRET_LENGTH) this.secrets.add(form);
    }
    this.pattern = undefined;
  }

  /** Register every well-known secret variable present in `env`. */
  addFromEnv(env: NodeJS.ProcessEnv): void {
    for (const name of SECRET_ENV_VARS) this.add(env[name]);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || text.length === 0) return text;
    this.pattern ??= buildPattern([...this.secrets]);
    return text.replace(this.pattern, PLACEHOLDER);
  }

  /** Deep-redact a JSON-like value (strings anywhere inside are scrubbed). */
  redactValue<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return JSON.parse(this.redact(JSON.stringify(value))) as T;
  }
}

function buildPattern(secrets: string[]): RegExp {
  // Longest first so that a secret containing another is replaced whole.
  const sorted = secrets.sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The process-wide redactor; `main` fills it from the environment before anything runs. */
export const redactor = new Redactor();
