import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.js';
import type { Asset } from '../types.js';
import { findAsset, loadAssets, updateAssets } from './store.js';

const asset = (url: string): Asset => ({
  url,
  env: 'staging',
  owner: 'web',
  criticality: 'low',
  tokenSha256: 'a'.repeat(64),
  createdAt: '2026-12-01T00:00:00.000Z',
});

const dir = () => mkdtempSync(join(tmpdir(), 'trust-assets-'));

describe('assets store', () => {
  it('has no assets without a config file, and refuses a named file that is missing', () => {
    const cwd = dir();
    expect(loadAssets(cwd)).toEqual([]);
    expect(() => loadAssets(cwd, 'missing.json')).toThrow(ConfigError);
  });

  it("keeps the user's other keys, their order and tab indentation", () => {
    const cwd = dir();
    const file = join(cwd, 'trust.config.json');
    writeFileSync(file, '{\n\t"failOn": "error",\n\t"llm": {\n\t\t"provider": "anthropic"\n\t}\n}');
    updateAssets(file, (assets) => ({ assets: [...assets, asset('https://a.example.com')], result: 0 }));
    const text = readFileSync(file, 'utf8');
    expect(
      text.startsWith(
        '{\n\t"failOn": "error",\n\t"llm": {\n\t\t"provider": "anthropic"\n\t},\n\t"assets": [',
      ),
    ).toBe(true);
    expect(text.endsWith('}')).toBe(true);
    expect(loadAssets(cwd).map((a) => a.url)).toEqual(['https://a.example.com']);
  });

  it('writes nothing when the change throws', () => {
    const cwd = dir();
    const file = join(cwd, 'trust.config.json');
    const before = '{\n    "assets": []\n}\n';
    writeFileSync(file, before);
    expect(() =>
      updateAssets(file, () => {
        throw new ConfigError('duplicate');
      }),
    ).toThrow('duplicate');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('reports a bad asset with its dot-path', () => {
    const cwd = dir();
    writeFileSync(
      join(cwd, 'trust.config.json'),
      JSON.stringify({ assets: [{ ...asset('https://a.b.com'), env: 'prod' }] }),
    );
    expect(() => loadAssets(cwd)).toThrow(/assets\.0\.env: must be one of/);
  });

  it('finds an asset by URL, by host or host:port, and not by an ambiguous host', () => {
    const list = [
      asset('https://shop.example.com'),
      asset('https://api.example.com:8443'),
      asset('http://api.example.com:8080'),
    ];
    expect(findAsset(list, 'https://SHOP.example.com/cart')?.url).toBe('https://shop.example.com');
    expect(findAsset(list, 'shop.example.com')?.url).toBe('https://shop.example.com');
    expect(findAsset(list, 'api.example.com:8080')?.url).toBe('http://api.example.com:8080');
    expect(findAsset(list, 'api.example.com')).toBeUndefined();
    expect(findAsset(list, 'nope.example.com')).toBeUndefined();
  });
});
