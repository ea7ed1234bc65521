/**
 * llm/pricing: list prices in USD per million tokens, matched by the longest model-name
 * prefix, to estimate each call's cost for --max-cost and the audit log. A model not listed
 * has no price (cost unknown) unless --llm-price gives one (self-hosted models: "0,0").
 */

export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

// Public list prices (standard tier, no batch or cache discounts); checked 2025.
const PRICES: Record<string, Price> = {
  'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-5-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'claude-3-haiku': { inputPerMTok: 0.25, outputPerMTok: 1.25 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  o3: { inputPerMTok: 2, outputPerMTok: 8 },
};

/** The price of `model`, from an explicit override first, else the table; undefined when unknown. */
export function priceOf(model: string, override?: Price): Price | undefined {
  if (override) return override;
  const name = model.toLowerCase();
  let best: string | undefined;
  for (const prefix of Object.keys(PRICES)) {
    if (name.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? PRICES[best] : undefined;
}

export function costOf(
  price: Price | undefined,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  if (!price) return undefined;
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/** "3,15" -> { 3, 15 } (USD per million input, output tokens); undefined when malformed. */
export function parsePrice(text: string): Price | undefined {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n) || n < 0)) return undefined;
  return { inputPerMTok: parts[0]!, outputPerMTok: parts[1]! };
}
