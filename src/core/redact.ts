/**
 * core/redact: the one place that knows the process's secrets. Every line that leaves the
 * process (output, errors, audit entries, cache metadata) goes through `redact()`.
 * A secret is registered once, with its base64, URL-encoded and JSON-escaped forms, so a
 * token that was encoded on its way into a header, a URL or a JSON document (an audit entry's
 * canonical bytes, --json output) is still caught, even when it contains `"` or `\`.
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
      // Inside a JSON string `"` and `\` are escaped: the raw value no longer appears there.
      JSON.stringify(value).slice(1, -1),
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

  /**
   * Deep-redact a JSON-like value: every string inside (keys too) is scrubbed as it is, not
   * as JSON text, where escaping would hide a secret that contains `"` or `\`.
   */
  redactValue<T>(value: T): T {
    if (this.secrets.size === 0) return value;
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value === null || typeof value !== 'object') return value;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return this.walk((value as { toJSON: () => unknown }).toJSON());
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.walk(v)]));
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
