/**
 * Typed entry builders for the other capabilities. They take what the caller has (a prompt,
 * a diff, a cost in dollars) and keep only what the log may hold: hashes instead of text,
 * integers instead of floats.
 */
import { createHash } from 'node:crypto';
import type {
  AssetVerificationFields,
  FixFields,
  KeyFields,
  LlmCallFields,
  PrFields,
  RevocationFields,
  ScanFields,
  TriageFields,
  VerifyFields,
} from './entries.js';

type Without<T, K extends keyof T> = Omit<T, K | 'kind'>;

/** SHA-256 hex of text or bytes: proves which content without keeping it. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function triageEntry(fields: Without<TriageFields, never>): TriageFields {
  return { kind: 'triage', ...fields };
}

/** A fix; pass the unified diff to record its hash (the diff itself is never stored). */
export function fixEntry(fields: Without<FixFields, 'diffSha256'> & { diff?: string }): FixFields {
  const { diff, ...rest } = fields;
  return { kind: 'fix', ...rest, ...(diff !== undefined ? { diffSha256: sha256Hex(diff) } : {}) };
}

export function prEntry(fields: Without<PrFields, never>): PrFields {
  return { kind: 'pr', ...fields };
}

/**
 * An LLM call: metadata only. `prompt` (the exact text sent) is hashed, never stored; `costUsd`
 * becomes integer micro-dollars; `latencyMs` is rounded.
 */
export function llmCallEntry(
  fields: Without<LlmCallFields, 'promptSha256' | 'costMicroUsd'> & {
    prompt: string | Uint8Array;
    costUsd: number;
  },
): LlmCallFields {
  const { prompt, costUsd, latencyMs, ...rest } = fields;
  return {
    kind: 'llm-call',
    ...rest,
    latencyMs: Math.max(0, Math.round(latencyMs)),
    costMicroUsd: Math.max(0, Math.round(costUsd * 1_000_000)),
    promptSha256: sha256Hex(prompt),
  };
}

/** A scan; pass the SARIF text to record its hash. */
export function scanEntry(fields: Without<ScanFields, 'sarifSha256'> & { sarif?: string }): ScanFields {
  const { sarif, ...rest } = fields;
  return {
    kind: 'scan',
    ...rest,
    score: Math.round(rest.score),
    ...(sarif !== undefined ? { sarifSha256: sha256Hex(sarif) } : {}),
  };
}

export function assetVerificationEntry(
  fields: Without<AssetVerificationFields, never>,
): AssetVerificationFields {
  return { kind: 'asset-verification', ...fields };
}

export function keyEntry(fields: Without<KeyFields, never>): KeyFields {
  return { kind: 'key', ...fields };
}

/** Revoke an earlier entry: nothing is deleted, this entry supersedes it. */
export function revocationEntry(supersedes: number, reason: string): RevocationFields {
  return { kind: 'revocation', supersedes, reason };
}

/** What --verify kept and dropped; reasons are capped (an output tail is no place for a whole log). */
export function verifyEntry(fields: Without<VerifyFields, never>): VerifyFields {
  const cap = (t: string | undefined) => (t === undefined || t.length <= 2000 ? t : `${t.slice(0, 1999)}…`);
  return {
    kind: 'verify',
    ...fields,
    commands: fields.commands.map((c) => ({ ...c, durationMs: Math.max(0, Math.round(c.durationMs)) })),
    outcomes: fields.outcomes.map((o) => {
      const reason = cap(o.reason);
      return { ...o, ...(reason !== undefined ? { reason } : {}) };
    }),
  };
}
