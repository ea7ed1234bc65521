/**
 * llm/prompts: one prompt set per provider family. Each takes the random boundary of the
 * data block it will be sent with; `data` is already fenced (prompts/data-block.ts).
 */
import type { ProviderName } from '../types.js';
import { anthropicPrompts } from './anthropic.js';
import { openaiPrompts } from './openai.js';

export interface PromptSet {
  generatorSystem(boundary: string): string;
  generatorUser(boundary: string, data: string, feedback?: string): string;
  evaluatorSystem(boundary: string): string;
  evaluatorUser(boundary: string, data: string): string;
  triageSystem(boundary: string): string;
  triageUser(boundary: string, data: string): string;
}

export function promptsFor(provider: ProviderName): PromptSet {
  return provider === 'anthropic' ? anthropicPrompts : openaiPrompts;
}
