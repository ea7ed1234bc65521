/**
 * core/option-rows-log: the audit-log rows of the one option table (core/options.ts
 * assembles it). TRUST_SIGNING_KEY is a secret and never an option.
 */
import type { OptionSpec } from './options.js';

export const LOG_OPTIONS: readonly OptionSpec[] = [
  // --- audit log ----------------------------------------------------------------------
  {
    name: 'logWait',
    flags: '--log-wait <seconds>',
    description: 'how long to wait for another process writing the audit log before giving up (exit 3)',
    type: 'number',
    default: 30,
    config: 'log.waitSeconds',
    scope: 'global',
  },
  {
    name: 'origin',
    flags: '--origin <name>',
    description:
      'log origin, used as the checkpoint origin line and key name when a log or key is created (default: <host>/<repository>/trust-audit from the CI environment)',
    type: 'string',
    config: 'log.origin',
    scope: ['log keygen', 'log checkpoint', 'log verify-proof', 'triage', 'pr', 'run'],
    example: 'github.com/acme/app/trust-audit',
  },
  {
    name: 'checkpointFile',
    flags: '--checkpoint-file <file>',
    description:
      'where `log checkpoint` writes the signed checkpoint, and the trusted checkpoint `log verify` reads by default',
    type: 'string',
    default: '.trust/checkpoint',
    config: 'log.checkpointFile',
    scope: ['log checkpoint', 'log verify', 'run'],
  },
  {
    name: 'trustedCheckpoint',
    flags: '--trusted-checkpoint <file...>',
    description:
      'carried-forward signed checkpoint(s) the log must be consistent with (default: --checkpoint-file)',
    type: 'string[]',
    split: false,
    config: 'log.trustedCheckpoints',
    scope: ['log verify'],
  },
  {
    name: 'bootstrap',
    flags: '--bootstrap',
    description:
      'accept a log with no carried-forward checkpoint (first run only; otherwise that fails closed)',
    type: 'boolean',
    default: false,
    config: false,
    // Never from the environment: a CI variable must not silently turn fail-closed off.
    env: false,
    scope: ['log verify'],
  },
  {
    name: 'deep',
    flags: '--deep',
    description:
      'also parse every entry a signed checkpoint covers and check its canonical form and schema (by default those are checked by leaf hash against the signed root; newer entries always in full)',
    type: 'boolean',
    default: false,
    config: 'log.verifyDeep',
    env: 'TRUST_LOG_VERIFY_DEEP',
    scope: ['log verify'],
  },
  {
    name: 'verifierKey',
    flags: '--verifier-key <vkey...>',
    description: 'trusted checkpoint verifier key(s) (default: the lines of .trust/verifier-key)',
    type: 'string[]',
    config: 'log.verifierKeys',
    scope: ['log verify', 'log verify-proof', 'log checkpoint', 'run'],
  },
  {
    name: 'kind',
    flags: '--kind <kind...>',
    description: 'only entries of these kinds',
    type: 'string[]',
    choices: [
      'triage',
      'fix',
      'pr',
      'llm-call',
      'scan',
      'asset-verification',
      'key',
      'run',
      'revocation',
      'verify',
    ],
    config: false,
    scope: ['log show', 'log export'],
  },
  {
    name: 'finding',
    flags: '--finding <id>',
    description: 'only entries about this finding fingerprint',
    type: 'string',
    config: false,
    scope: ['log show', 'log export'],
  },
  {
    name: 'since',
    flags: '--since <time>',
    description: 'only entries at or after this time (2025-01-31, an RFC 3339 time, or a span back: 24h, 7d)',
    type: 'string',
    config: false,
    scope: ['log show', 'log export'],
  },
  {
    name: 'size',
    flags: '--size <n>',
    description:
      'prove against the stored checkpoint of this size (default: the newest that covers the entry)',
    type: 'number',
    config: false,
    scope: ['log prove'],
  },
  {
    name: 'output',
    flags: '--output <file>',
    description: 'write to this file instead of stdout',
    type: 'string',
    config: false,
    scope: ['log prove', 'log export'],
  },
];
