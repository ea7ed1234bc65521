/**
 * The JSON schema of each entry kind (version 1), compiled once with ajv. The verifier checks
 * every stored entry against these; the log checks every new one before it is written.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { ENTRY_KINDS, ENTRY_SCHEMA, type EntryKind } from './entries.js';

const str = { type: 'string', minLength: 1, maxLength: 4096 } as const;
const text = { type: 'string', maxLength: 65536 } as const;
const int = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const sha = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const strings = { type: 'array', items: str, maxItems: 10000 } as const;
const score = { type: 'integer', minimum: 0, maximum: 100 } as const;

function kindSchema(kind: EntryKind, properties: Record<string, unknown>, required: string[]) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['schema', 'seq', 'kind', 'v', 'ts', 'actor', ...required],
    properties: {
      schema: { const: ENTRY_SCHEMA },
      seq: int,
      kind: { const: kind },
      v: { const: 1 },
      // UTC only, seconds required; fractions optional.
      ts: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$' },
      actor: str,
      supersedes: int,
      ...properties,
    },
  };
}

const SCHEMAS: Record<EntryKind, object> = {
  triage: kindSchema(
    'triage',
    {
      finding: {
        type: 'object',
        additionalProperties: false,
        required: ['fingerprint', 'tool', 'rule'],
        properties: { fingerprint: str, tool: str, rule: str, path: str, line: int },
      },
      decision: {
        enum: ['true_positive', 'false_positive', 'wont_fix', 'needs_review', 'suspicious', 'mitigated'],
      },
      justification: text,
      decidedBy: {
        type: 'object',
        additionalProperties: false,
        required: ['method'],
        properties: { method: { enum: ['rule', 'llm', 'human'] }, rule: str, model: str },
      },
    },
    ['finding', 'decision', 'justification', 'decidedBy'],
  ),
  fix: kindSchema(
    'fix',
    {
      fingerprints: strings,
      method: { enum: ['codemod', 'llm'] },
      codemod: str,
      files: strings,
      diffSha256: sha,
      outcome: { enum: ['applied', 'dry-run', 'suppressed', 'failed'] },
      evaluation: {
        type: 'object',
        additionalProperties: false,
        required: ['safety', 'effectiveness', 'cleanliness'],
        properties: { safety: score, effectiveness: score, cleanliness: score },
      },
      reason: text,
    },
    ['fingerprints', 'method', 'files', 'outcome'],
  ),
  pr: kindSchema(
    'pr',
    {
      forge: { enum: ['github', 'gitlab'] },
      action: { enum: ['opened', 'updated', 'closed'] },
      url: str,
      number: int,
      branch: str,
      base: str,
      fingerprints: strings,
    },
    ['forge', 'action', 'url', 'number', 'branch', 'base', 'fingerprints'],
  ),
  'llm-call': kindSchema(
    'llm-call',
    {
      provider: str,
      model: str,
      purpose: str,
      inputTokens: int,
      outputTokens: int,
      costMicroUsd: int,
      promptSha256: sha,
      cached: { type: 'boolean' },
      latencyMs: int,
      status: { enum: ['ok', 'error'] },
      error: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
    },
    [
      'provider',
      'model',
      'purpose',
      'inputTokens',
      'outputTokens',
      'costMicroUsd',
      'promptSha256',
      'cached',
      'latencyMs',
      'status',
    ],
  ),
  scan: kindSchema(
    'scan',
    {
      asset: str,
      org: str,
      grant: {
        type: 'object',
        additionalProperties: false,
        required: ['method', 'env'],
        properties: { method: { enum: ['dns', 'file', 'none'] }, env: str, verifiedAt: str },
      },
      grade: str,
      score: int,
      failed: int,
      sarifSha256: sha,
    },
    ['asset', 'grade', 'score', 'failed'],
  ),
  'asset-verification': kindSchema(
    'asset-verification',
    { asset: str, method: str, result: { enum: ['verified', 'failed', 'revoked'] }, reason: text, org: str },
    ['asset', 'method', 'result'],
  ),
  key: kindSchema(
    'key',
    {
      action: { enum: ['generate', 'rotate', 'shred', 'revoke'] },
      purpose: { enum: ['log-signing', 'cache', 'api-key'] },
      keyId: str,
      org: str,
      verifierKey: str,
    },
    ['action', 'purpose'],
  ),
  run: kindSchema(
    'run',
    {
      command: str,
      trustVersion: str,
      ci: {
        type: 'object',
        additionalProperties: false,
        required: ['provider'],
        properties: {
          provider: { enum: ['github', 'gitlab', 'local'] },
          repository: str,
          runId: str,
          runAttempt: str,
          workflow: str,
          job: str,
          actor: str,
          commit: str,
          ref: str,
          url: str,
        },
      },
      previousCheckpoint: {
        type: 'object',
        additionalProperties: false,
        required: ['size', 'root'],
        properties: { size: int, root: str },
      },
    },
    ['command', 'trustVersion', 'ci'],
  ),
  revocation: kindSchema('revocation', { reason: text }, ['supersedes', 'reason']),
  verify: kindSchema(
    'verify',
    {
      source: str,
      commands: {
        type: 'array',
        maxItems: 10000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['phase', 'name', 'command', 'exitCode', 'durationMs', 'timedOut'],
          properties: {
            phase: { enum: ['baseline', 'scan', 'check'] },
            name: str,
            command: str,
            exitCode: { type: ['integer', 'null'], minimum: 0, maximum: 255 },
            durationMs: int,
            timedOut: { type: 'boolean' },
          },
        },
      },
      checkRuns: int,
      outcomes: {
        type: 'array',
        maxItems: 10000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['group', 'fingerprints', 'files', 'kept'],
          properties: {
            group: str,
            fingerprints: strings,
            files: strings,
            kept: { type: 'boolean' },
            findingGone: { type: 'boolean' },
            checks: text,
            reason: text,
          },
        },
      },
    },
    ['commands', 'checkRuns', 'outcomes'],
  ),
};

let validators: Map<string, ValidateFunction> | undefined;

/** Every problem with an entry as "path: message"; empty when it matches its kind's schema. */
export function entryProblems(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return ['entry is not an object'];
  const kind = (entry as { kind?: unknown }).kind;
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: true });
    validators = new Map(ENTRY_KINDS.map((k) => [k, ajv.compile(SCHEMAS[k])]));
  }
  const validate = typeof kind === 'string' ? validators.get(kind) : undefined;
  if (!validate) return [`unknown entry kind ${JSON.stringify(kind)}`];
  if (validate(entry)) {
    const e = entry as { seq: number; supersedes?: number };
    if (e.supersedes !== undefined && e.supersedes >= e.seq)
      return ['/supersedes: must name an earlier entry'];
    return [];
  }
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
