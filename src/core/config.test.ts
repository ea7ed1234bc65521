import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, resolveOptions, validateConfig } from './config.js';
import { buildConfigSchema } from './config-schema.js';
import { ConfigError } from './errors.js';
import { envNameOf, OPTIONS, optionsFor } from './options.js';

describe('config validation', () => {
  it('accepts a valid file and reports every problem with its dot-path otherwise', () => {
    expect(validateConfig({ logDb: 'audit.db', sarif: { strict: true, sourceRoots: ['/src'] } })).toEqual([]);
    const problems = validateConfig({
      logDb: 42,
      sarif: { strict: 'yes', sourceRoot: '/x' },
      colour: false,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'logDb: must be string',
        'sarif.strict: must be boolean',
        'sarif.sourceRoot: unknown key',
        'colour: unknown key',
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('names the file and every problem when loading fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-config-'));
    writeFileSync(join(dir, 'trust.config.json'), JSON.stringify({ sarif: { strikt: true } }));
    expect(() => loadConfig(dir)).toThrowError(ConfigError);
    expect(() => loadConfig(dir)).toThrowError(/trust\.config\.json: sarif\.strikt: unknown key/);
    writeFileSync(join(dir, 'trust.config.json'), '{ "logDb": ');
    expect(() => loadConfig(dir)).toThrowError(/is not valid JSON/);
  });

  it('treats a missing default file as empty but a missing explicit file as an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trust-config-'));
    expect(loadConfig(dir)).toEqual({ values: {} });
    expect(() => loadConfig(dir, join(dir, 'nope.json'))).toThrowError(/cannot read config file/);
  });

  it('the committed schema is exactly the one generated from the option table', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../schema/trust.config.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed, 'run `npm run schema` after changing src/core/options.ts').toEqual(buildConfigSchema());
  });
});

describe('option resolution: flag > TRUST_* env > config file > default', () => {
  const specs = [...optionsFor('global'), ...optionsFor('findings')];

  it('takes each layer in order', () => {
    const config = { values: { logDb: 'from-file.db', sarif: { strict: true, sourceRoots: ['/file'] } } };
    const env = { TRUST_LOG_DB: 'from-env.db', TRUST_SOURCE_ROOT: '/env-a,/env-b' };
    const cli = { logDb: 'from-cli.db' };
    const { values, sources } = resolveOptions(specs, cli, new Set(['logDb']), env, config);
    expect(values.logDb).toBe('from-cli.db');
    expect(sources.logDb).toBe('cli');
    expect(values.sourceRoot).toEqual(['/env-a', '/env-b']);
    expect(sources.sourceRoot).toBe('env');
    expect(values.strict).toBe(true);
    expect(sources.strict).toBe('config');
    expect(values.verbose).toBe(false);
    expect(sources.verbose).toBe('default');
  });

  it('rejects a malformed environment value with the variable named', () => {
    expect(() =>
      resolveOptions(specs, {}, new Set(), { TRUST_STRICT: 'maybe' }, { values: {} }),
    ).toThrowError(/TRUST_STRICT: expected true or false/);
    expect(() =>
      resolveOptions(specs, {}, new Set(), { TRUST_LEVEL: 'error,fatal' }, { values: {} }),
    ).toThrowError(/TRUST_LEVEL: "fatal" is not one of/);
  });

  it('derives one distinct TRUST_* variable per option', () => {
    const names = OPTIONS.map(envNameOf).filter(Boolean);
    expect(new Set(names).size).toBe(names.length);
    expect(envNameOf(OPTIONS.find((o) => o.name === 'logDb')!)).toBe('TRUST_LOG_DB');
    for (const name of names) expect(name).toMatch(/^TRUST_[A-Z0-9_]+$/);
  });
});
