/** J8 DOM sink swap: `el.innerHTML = value` -> `el.textContent = value` when value is not markup. */
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';

function transform(ctx: TransformContext): TransformResult {
  const { node } = ctx;
  if (node.kind() === 'augmented_assignment_expression') {
    return {
      unfixed: 'innerHTML += appends markup; textContent += would turn the existing markup into text',
    };
  }
  const left = node.field('left');
  const right = node.field('right');
  const prop = left?.field('property');
  if (!left || !right || !prop) return { unfixed: 'unexpected assignment shape' };
  // A literal with tags in it means the author wants markup: a text swap would break the page.
  const literals = [
    right,
    ...right.findAll({ rule: { any: [{ kind: 'string' }, { kind: 'template_string' }] } }),
  ];
  if (
    literals.some(
      (l) => (l.kind() === 'string' || l.kind() === 'template_string') && /<[a-zA-Z/!]/.test(l.text()),
    )
  ) {
    return {
      unfixed:
        'the assigned value contains HTML markup, so it must stay HTML: sanitize it (e.g. DOMPurify) instead',
    };
  }
  return [ctx.replace(prop, 'textContent')];
}

export default defineCodemod({
  id: 'trust:js/dom-text',
  title: 'Write text, not HTML, into the DOM',
  description: [
    'Assigning untrusted data to `innerHTML`/`outerHTML` parses it as HTML, so a value like',
    '`<img src=x onerror=...>` runs script (DOM XSS). This change writes the value with',
    '`textContent`, which never parses markup. Applied only when the assigned value contains no',
    'literal markup; check that the element was not meant to receive HTML.',
  ].join('\n'),
  cwe: [79],
  languages: ['javascript', 'typescript', 'tsx'],
  rules: {
    codeql: ['js/xss', 'js/xss-through-dom', 'js/html-constructed-from-input'],
    semgrep: [
      'javascript.browser.security.insecure-innerhtml.insecure-innerhtml',
      'javascript.browser.security.insecure-document-method.insecure-document-method',
    ],
    sonar: ['javascript:S5696', 'typescript:S5696'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    { url: 'https://cwe.mitre.org/data/definitions/79.html', description: 'CWE-79: Cross-site Scripting' },
    {
      url: 'https://developer.mozilla.org/en-US/docs/Web/API/Node/textContent',
      description: 'Node.textContent',
    },
  ],
  match: {
    any: [
      {
        kind: 'assignment_expression',
        has: {
          field: 'left',
          kind: 'member_expression',
          has: { field: 'property', regex: '^(innerHTML|outerHTML)$' },
        },
      },
      {
        kind: 'augmented_assignment_expression',
        has: {
          field: 'left',
          kind: 'member_expression',
          has: { field: 'property', regex: '^(innerHTML|outerHTML)$' },
        },
      },
    ],
  },
  transform,
});
