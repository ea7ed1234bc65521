/**
 * core/pricing: the ONE dated price table, in USD per million tokens, shared by the LLM steps
 * (src/llm: --max-cost, audit entries) and the proxy (src/proxy: per-request cost and savings).
 * Models are matched by the longest name prefix. A model not listed has no price (cost
 * unknown) unless an override gives one (--llm-price, proxy.prices; "0,0" for a local model).
 *
 * Cache prices: OpenAI bills cached prompt tokens at `cacheReadPerMTok`; Anthropic bills cache
 * reads at `cacheReadPerMTok` and cache writes at `cacheWritePerMTok` (5-minute TTL) or
 * `cacheWrite1hPerMTok` (1-hour TTL). Where an entry gives none, the input price applies.
 */

export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok?: number;
  cacheWritePerMTok?: number;
  cacheWrite1hPerMTok?: number;
}

/** The day the list prices below were checked against the providers' public pages. */
export const PRICES_AS_OF = '2025-11-15';

const anthropic = (input: number, output: number): Price => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cacheReadPerMTok: input * 0.1,
  cacheWritePerMTok: input * 1.25,
  cacheWrite1hPerMTok: input * 2,
});
const openai = (input: number, output: number, cached: number): Price => ({
  inputPerMTok: input,
  outputPerMTok: output,
  cacheReadPerMTok: cached,
});

// Public list prices (standard tier, no batch discount).
const PRICES: Record<string, Price> = {
  'claude-opus-4-5': anthropic(5, 25),
  'claude-opus-4': anthropic(15, 75),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-3-7-sonnet': anthropic(3, 15),
  'claude-3-5-sonnet': anthropic(3, 15),
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'claude-3-haiku': anthropic(0.25, 1.25),
  'gpt-4o-mini': openai(0.15, 0.6, 0.075),
  'gpt-4o': openai(2.5, 10, 1.25),
  'gpt-4.1-nano': openai(0.1, 0.4, 0.025),
  'gpt-4.1-mini': openai(0.4, 1.6, 0.1),
  'gpt-4.1': openai(2, 8, 0.5),
  'gpt-5-nano': openai(0.05, 0.4, 0.005),
  'gpt-5-mini': openai(0.25, 2, 0.025),
  'gpt-5': openai(1.25, 10, 0.125),
  'o4-mini': openai(1.1, 4.4, 0.275),
  o3: openai(2, 8, 0.5),
  'text-embedding-3-small': openai(0.02, 0, 0.02),
  'text-embedding-3-large': openai(0.13, 0, 0.13),
  'text-embedding-ada-002': openai(0.1, 0, 0.1),
};

/**
 * Tokens of one call, normalized so that no token is counted twice: `input` is the prompt
 * tokens billed at the base input rate only (OpenAI's prompt_tokens minus cached_tokens;
 * Anthropic's input_tokens as reported), `cacheRead` the cached ones, `cacheWrite(1h)` the
 * Anthropic cache-creation tokens.
 */
export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cacheWrite1h: number;
}

/** The price of `model`: an override for it first, else the table; undefined when unknown. */
export function priceOf(model: string, override?: Price | Record<string, Price>): Price | undefined {
  if (override && 'inputPerMTok' in override) return override as Price;
  const name = model.toLowerCase();
  const table = override ? { ...PRICES, ...(override as Record<string, Price>) } : PRICES;
  let best: string | undefined;
  for (const prefix of Object.keys(table)) {
    if (name.startsWith(prefix.toLowerCase()) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? table[best] : undefined;
}

export function costOf(
  price: Price | undefined,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  if (!price) return undefined;
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/** The cost of `usage` in USD, each kind of token at its own rate. */
export function costOfUsage(price: Price | undefined, usage: TokenUsage): number | undefined {
  if (!price) return undefined;
  const read = price.cacheReadPerMTok ?? price.inputPerMTok;
  const write = price.cacheWritePerMTok ?? price.inputPerMTok;
  const write1h = price.cacheWrite1hPerMTok ?? write;
  return (
    (usage.input * price.inputPerMTok +
      usage.cacheRead * read +
      usage.cacheWrite * write +
      usage.cacheWrite1h * write1h +
      usage.output * price.outputPerMTok) /
    1_000_000
  );
}

/**
 * "3,15" -> { 3, 15 } (USD per million input, output tokens), optionally followed by the
 * cache-read, cache-write and 1-hour cache-write prices: "3,15,0.3,3.75,6". Undefined when malformed.
 */
export function parsePrice(text: string): Price | undefined {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length < 2 || parts.length > 5 || parts.some((n) => !Number.isFinite(n) || n < 0))
    return undefined;
  const [input, output, read, write, write1h] = parts as [number, number, number?, number?, number?];
  return {
    inputPerMTok: input,
    outputPerMTok: output,
    ...(read !== undefined ? { cacheReadPerMTok: read } : {}),
    ...(write !== undefined ? { cacheWritePerMTok: write } : {}),
    ...(write1h !== undefined ? { cacheWrite1hPerMTok: write1h } : {}),
  };
}
