import { describe, expect, it } from 'vitest';
import { startLlmServer } from '../../test/servers/llm-server.js';
import { ConfigError } from '../core/errors.js';
import { createProvider, resolveLlmSettings } from './settings.js';

const settingsOf = (options: Record<string, unknown>, env: NodeJS.ProcessEnv) => {
  const r = resolveLlmSettings(options, env);
  if ('skip' in r) throw new Error(r.skip);
  return r.settings;
};

describe('resolveLlmSettings', () => {
  it('skips with one line when nothing is configured', () => {
    expect(resolveLlmSettings({}, {})).toEqual({
      skip: 'no LLM provider configured (set ANTHROPIC_API_KEY or OPENAI_API_KEY, or TRUST_LLM_BASE_URL for a local endpoint)',
    });
    expect(resolveLlmSettings({ llmProvider: 'anthropic' }, { OPENAI_API_KEY: 'sk-x' })).toEqual({
      skip: 'LLM provider anthropic selected but ANTHROPIC_API_KEY is not set',
    });
  });

  it('picks the provider from the keys, the base URL from the option, then the provider variable', () => {
    expect(settingsOf({}, { ANTHROPIC_API_KEY: 'a-key-123', OPENAI_API_KEY: 'o-key-123' })).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
    });
    expect(
      settingsOf({}, { OPENAI_API_KEY: 'o-key-123', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }),
    ).toMatchObject({ provider: 'openai', baseURL: 'http://127.0.0.1:1/v1' });
    expect(
      settingsOf(
        { llmBaseUrl: 'http://127.0.0.1:2/v1' },
        { OPENAI_API_KEY: 'o-key-123', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' },
      ).baseURL,
    ).toBe('http://127.0.0.1:2/v1');
    // A local OpenAI-compatible endpoint needs no key.
    expect(settingsOf({ llmBaseUrl: 'http://127.0.0.1:11434/v1' }, {})).toMatchObject({
      provider: 'openai',
      apiKey: 'not-needed',
    });
  });

  it('rejects a malformed price, base URL or threshold as a configuration error', () => {
    const env = { OPENAI_API_KEY: 'o-key-123' };
    expect(() => resolveLlmSettings({ llmPrice: 'cheap' }, env)).toThrow(ConfigError);
    expect(() => resolveLlmSettings({ llmBaseUrl: 'localhost:8080' }, env)).toThrow(
      'llm.baseUrl: "localhost:8080" is not an http(s) URL',
    );
    expect(() => resolveLlmSettings({ minSafety: 120 }, env)).toThrow(
      'llm.thresholds.safety: 120 is not between 0 and 100',
    );
  });

  it('sends Azure OpenAI keys in the api-key header', async () => {
    const server = await startLlmServer(() => ({ tool: { ok: true } }));
    try {
      const settings = settingsOf(
        { llmBaseUrl: server.openaiUrl },
        { AZURE_OPENAI_API_KEY: 'azure-key-1234567' },
      );
      expect(settings.azure).toBe(true);
      await createProvider(settings, 'gpt-4.1').complete({
        purpose: 'triage',
        system: 's',
        user: 'u',
        tool: { name: 't', description: 'd', schema: { type: 'object' } },
      });
      expect(server.requests[0]!.headers['api-key']).toBe('azure-key-1234567');
    } finally {
      await server.close();
    }
  });
});
