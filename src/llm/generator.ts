/**
 * llm/generator: asks the generator model for find/replace edits confined to the snippet.
 * Its explanation stays here: the evaluator never sees the generator's reasoning.
 */
import type { ModelEdit } from './edits.js';
import { describeSnippet, fence, newBoundary } from './prompts/data-block.js';
import { promptsFor } from './prompts/index.js';
import { callStructured, type LlmSession, type StructuredResult } from './session.js';
import type { Snippet } from './snippet.js';
import type { JsonSchema } from './types.js';

export interface GeneratedFix {
  edits: ModelEdit[];
  explanation: string;
}

export const PROPOSE_FIX_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['edits', 'explanation'],
  properties: {
    explanation: { type: 'string', description: 'what the fix changes and why, in at most three sentences' },
    edits: {
      type: 'array',
      maxItems: 10,
      items: {
        type: 'object',
        required: ['path', 'find', 'replace'],
        properties: {
          path: { type: 'string', description: 'the file path exactly as shown' },
          find: {
            type: 'string',
            description: 'exact text to replace, copied from the editable region or import lines',
          },
          replace: { type: 'string', description: 'the replacement text' },
        },
      },
    },
  },
};

export async function generateFix(
  session: LlmSession,
  snippet: Snippet,
  feedback?: string,
): Promise<StructuredResult<GeneratedFix>> {
  const prompts = promptsFor(session.generator.name);
  const data = describeSnippet(snippet);
  const boundary = newBoundary(data, feedback ?? '');
  const result = await callStructured<GeneratedFix>(session, session.generator, {
    purpose: 'fix-generate',
    system: prompts.generatorSystem(boundary),
    user: prompts.generatorUser(boundary, fence(boundary, data), feedback),
    tool: {
      name: 'propose_fix',
      description: 'Propose the edits that fix the finding.',
      schema: PROPOSE_FIX_SCHEMA,
    },
  });
  if (!result.ok) return result;
  // Only the fields we asked for: anything else the model volunteers (a self-assigned score,
  // extra files) is dropped here.
  const value: GeneratedFix = {
    explanation: result.value.explanation,
    edits: result.value.edits.map((e) => ({ path: e.path, find: e.find, replace: e.replace })),
  };
  return { ...result, value };
}
