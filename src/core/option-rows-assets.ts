/**
 * core/option-rows-assets: the `trust assets` rows of the one option table (core/options.ts
 * assembles it). The org, resolver and CA rows also name `scan`: the scan re-verifies its
 * production assets with the same values, so they must come from the same place.
 */
import type { OptionSpec } from './options.js';

export const ASSET_ENVS = ['production', 'staging', 'dev'] as const;
export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;

export const ASSETS_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'assetEnv',
    flags: '--env <env>',
    description: 'the environment the asset serves; a production asset must be verified before any scan',
    type: 'string',
    choices: ASSET_ENVS,
    env: false,
    config: false,
    scope: ['assets add'],
  },
  {
    name: 'assetOwner',
    flags: '--owner <team>',
    description: 'the team that owns the asset',
    type: 'string',
    env: false,
    config: false,
    scope: ['assets add'],
  },
  {
    name: 'assetCriticality',
    flags: '--criticality <level>',
    description: 'how much the asset matters (orders reports and alerts)',
    type: 'string',
    choices: CRITICALITIES,
    default: 'medium',
    env: false,
    config: false,
    scope: ['assets add'],
  },
  {
    name: 'allowPrivate',
    flags: '--allow-private',
    description: 'the asset may resolve to a loopback or private address (a staging box, a local test site)',
    type: 'boolean',
    default: false,
    env: false,
    config: false,
    scope: ['assets add'],
  },
  {
    name: 'rotate',
    flags: '--rotate',
    description: 'the asset exists: issue a new token (shown once) and drop its verification',
    type: 'boolean',
    default: false,
    env: false,
    config: false,
    scope: ['assets add'],
  },
  {
    name: 'scanOrg',
    flags: '--org <org>',
    description: 'the org the ownership tokens are bound to (written to scan.org by the first `assets add`)',
    type: 'string',
    config: 'scan.org',
    scope: ['assets add', 'assets verify', 'assets remove', 'scan'],
    example: 'acme',
  },
  {
    name: 'scanResolver',
    flags: '--resolver <ip:port>',
    description:
      'DNS server for TXT verification and for the address a scan pins (default: the system resolver)',
    type: 'string',
    config: 'scan.resolver',
    scope: ['assets verify', 'scan'],
    example: '1.1.1.1:53',
  },
  {
    name: 'scanCa',
    flags: '--ca <file>',
    description: 'extra trusted CA certificates (PEM), besides the system roots and NODE_EXTRA_CA_CERTS',
    type: 'string',
    config: 'scan.ca',
    scope: ['assets verify', 'scan'],
  },
  {
    name: 'verifyMethod',
    flags: '--method <method>',
    description: 'prove ownership only by this method (default: DNS, then the file)',
    type: 'string',
    choices: ['dns', 'file'],
    env: false,
    config: false,
    scope: ['assets verify'],
  },
];
