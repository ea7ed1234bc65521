/**
 * core/config-assets-schema: the JSON schema of `assets` in trust.config.json (written by
 * `trust assets add`). It lives in core, beside the option table's schema, because the config
 * is validated as one document; the matching TypeScript type is Asset in scan/types.ts.
 */
const ORIGIN = '^https?://[^/?#@\\s]+$';

export const ASSETS_SCHEMA = {
  description: 'web assets trust scan may scan, each with its ownership verification (trust assets add)',
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'env', 'owner', 'criticality', 'tokenSha256', 'createdAt'],
    properties: {
      url: { type: 'string', pattern: ORIGIN, description: 'the asset: its origin' },
      env: { enum: ['production', 'staging', 'dev'] },
      owner: { type: 'string', minLength: 1, description: 'the team that owns it' },
      criticality: { enum: ['critical', 'high', 'medium', 'low'] },
      tokenSha256: {
        type: 'string',
        pattern: '^[0-9a-f]{64}$',
        description: 'SHA-256 of the ownership token bound to the org and asset (the token is never stored)',
      },
      createdAt: { type: 'string', minLength: 1 },
      verification: {
        type: 'object',
        additionalProperties: false,
        required: ['method', 'result', 'at'],
        properties: {
          method: { enum: ['dns', 'file'] },
          result: { enum: ['verified', 'failed'] },
          at: { type: 'string', minLength: 1 },
          reason: { type: 'string' },
        },
      },
      allowPrivate: { type: 'boolean', description: 'allow a loopback or private address' },
      followHosts: { type: 'array', items: { type: 'string', minLength: 1 } },
      http: { type: 'boolean', description: 'scan the plain-HTTP front door too (default true)' },
      httpPort: {
        type: 'integer',
        minimum: 1,
        maximum: 65535,
        description: 'the plain-HTTP front door port when it is not 80 (a site on non-standard ports)',
      },
    },
  },
} as const;
