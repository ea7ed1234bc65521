/**
 * core/config-schema: builds the JSON schema of trust.config.json from the option table.
 * The generated schema is committed as schema/trust.config.schema.json (`npm run schema`);
 * a test fails when the two drift apart.
 */
import { ASSETS_SCHEMA } from './config-assets-schema.js';
import { configPathOf, OPTIONS, type OptionSpec } from './options.js';

type JsonSchema = Record<string, unknown>;

export const CONFIG_SCHEMA_ID = 'https://trust.invalid/schema/trust.config.schema.json';

export function buildConfigSchema(): JsonSchema {
  const root: JsonSchema = objectSchema();
  (root.properties as Record<string, JsonSchema>).$schema = {
    type: 'string',
    description: 'the schema this file follows',
  };
  for (const spec of OPTIONS) {
    const path = configPathOf(spec);
    if (!path) continue;
    placeAt(root, path.split('.'), valueSchema(spec));
  }
  // Not an option: a list the assets commands keep, validated with the rest of the file.
  (root.properties as Record<string, JsonSchema>).assets = ASSETS_SCHEMA;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'trust configuration (trust.config.json)',
    ...root,
  };
}

function objectSchema(): JsonSchema {
  return { type: 'object', additionalProperties: false, properties: {} };
}

function placeAt(node: JsonSchema, segments: string[], leaf: JsonSchema): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const props = node.properties as Record<string, JsonSchema>;
  if (rest.length === 0) {
    props[head] = leaf;
    return;
  }
  props[head] ??= objectSchema();
  placeAt(props[head], rest, leaf);
}

function valueSchema(spec: OptionSpec): JsonSchema {
  const schema: JsonSchema = { description: spec.description };
  if (spec.type === 'string[]') {
    const items: JsonSchema = { type: 'string' };
    if (spec.choices) items.enum = [...spec.choices];
    schema.type = 'array';
    schema.items = items;
  } else {
    schema.type = spec.type;
    if (spec.choices) schema.enum = [...spec.choices];
  }
  if (spec.default !== undefined) schema.default = spec.default;
  if (spec.example !== undefined) schema.examples = [spec.example];
  return schema;
}
