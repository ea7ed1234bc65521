/** The catalogue as plain data (for `trust codemods list/show --json` and docs). */
import type { Codemod } from './codemod.js';

export function describeCodemod(c: Codemod) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    cwe: [...c.cwe],
    languages: [...c.languages],
    rules: c.rules,
    reviewGuidance: c.reviewGuidance,
    references: [...c.references],
    kind: c.fix !== undefined ? ('template' as const) : ('transform' as const),
  };
}
