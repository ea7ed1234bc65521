/**
 * llm/pricing: the LLM steps use the one dated price table of core/pricing (shared with the
 * proxy), re-exported here so the llm modules keep one local import.
 */
export { costOf, type Price, parsePrice, priceOf } from '../core/pricing.js';
