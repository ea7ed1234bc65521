/**
 * test/helpers/sarif-schema: validates a SARIF log against the official SARIF 2.1.0 JSON schema
 * (fixtures/schemas/sarif-schema-2.1.0-rtm.5.json, draft-04, hence ajv-draft-04) with formats
 * (uri, date-time) checked. Returns every error as "<instance path> <message>".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { REPO_ROOT } from './run-trust.js';

// Both are CommonJS with a `default` export property; under NodeNext the import is the module.
const Ajv04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

let validate: ReturnType<InstanceType<typeof Ajv04>['compile']> | undefined;

export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const schema = JSON.parse(
      readFileSync(join(REPO_ROOT, 'fixtures/schemas/sarif-schema-2.1.0-rtm.5.json'), 'utf8'),
    ) as object;
    // The official schema's `language` pattern ("…{2}]?$") is invalid under the u flag; SARIF
    // validators (the multitool, GitHub) read it as a plain ECMAScript regex, as here.
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
}
