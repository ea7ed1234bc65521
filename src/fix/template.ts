/** Fix templates: `$X` / `$$$ARGS` in a codemod's `fix` replaced by the match's captures. */
import type { SgNode } from '@ast-grep/napi';

export function renderTemplate(template: string, node: SgNode, source: string): string {
  return template.replace(
    /\$\$\$([A-Z_][A-Z0-9_]*)|\$([A-Z_][A-Z0-9_]*)/g,
    (_whole, many?: string, one?: string) => {
      if (many) {
        const nodes = node.getMultipleMatches(many).filter((n) => n.isNamed());
        if (nodes.length === 0) return '';
        return source.slice(nodes[0]!.range().start.index, nodes[nodes.length - 1]!.range().end.index);
      }
      const hit = node.getMatch(one!);
      if (!hit) throw new Error(`fix template names $${one}, which the match rule does not capture`);
      return hit.text();
    },
  );
}
