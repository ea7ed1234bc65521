/**
 * scan/observatory/html: what the tests read from the front page's HTML: `<meta http-equiv>`
 * policies, `<meta name="referrer">`, and `<script src>` elements with their integrity.
 */
import { Parser } from 'htmlparser2';

export interface PageFacts {
  /** Lower-cased http-equiv name -> contents, in document order. */
  httpEquiv: Map<string, string[]>;
  referrerMeta: string[];
  scripts: { src: string; integrity?: string; crossorigin?: string }[];
}

export function readPage(html: string): PageFacts {
  const facts: PageFacts = { httpEquiv: new Map(), referrerMeta: [], scripts: [] };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') {
          const equiv = attrs['http-equiv']?.trim().toLowerCase();
          const content = attrs.content;
          if (equiv && content !== undefined) {
            const list = facts.httpEquiv.get(equiv) ?? [];
            list.push(content);
            facts.httpEquiv.set(equiv, list);
          }
          if (attrs.name?.trim().toLowerCase() === 'referrer' && content !== undefined) {
            facts.referrerMeta.push(content);
          }
        } else if (name === 'script' && attrs.src !== undefined) {
          facts.scripts.push({ src: attrs.src, integrity: attrs.integrity, crossorigin: attrs.crossorigin });
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return facts;
}
