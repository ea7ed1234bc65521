/**
 * V3 XXE hardening: configure the XML parser factory before it builds a parser, with one
 * statement inserted just before the statement that calls `newDocumentBuilder()`,
 * `newSAXParser()`, `createXMLStreamReader()` or `newTransformer()`. That statement already
 * handles the checked exceptions `setFeature` throws, so the insertion always compiles.
 * A finding on `parser.parse(...)` is traced through locals (and `getXMLReader()`) to the factory.
 */
import type { SgNode } from '@ast-grep/napi';
import { defineCodemod, type TransformContext, type TransformResult } from '../../src/fix/codemod.js';
import { callsOn, enclosingBody, enclosingStatement, findLocal, indentAt, insertBefore } from './_support.js';

const DISALLOW_DOCTYPE = '"http://apache.org/xml/features/disallow-doctype-decl"';
const BUILDERS = [
  'newDocumentBuilder',
  'newSAXParser',
  'createXMLStreamReader',
  'createXMLEventReader',
  'newTransformer',
];

interface Target {
  factory: string;
  builder: string;
  /** The statement the hardening goes before. */
  anchor: SgNode;
}

/** Follow a parser expression back to the factory call that built it (through locals and getXMLReader()). */
function parserSource(expr: SgNode | null, at: SgNode, depth = 0): Target | string {
  if (!expr || depth > 4) return 'the parser cannot be traced back to its factory';
  if (expr.kind() === 'method_invocation') {
    const name = expr.field('name')?.text() ?? '';
    if (BUILDERS.includes(name)) return targetOf(expr);
    if (name === 'getXMLReader') return parserSource(expr.field('object'), at, depth + 1);
    return `${expr.text()} is not built from a parser factory in this method`;
  }
  const body = enclosingBody(at);
  if (expr.kind() !== 'identifier' || !body) {
    return 'the parser is not a local variable of this method, so its factory cannot be found';
  }
  const local = findLocal(body, expr.text(), at);
  if (!local?.value)
    return `${expr.text()} is not a local variable built in this method, so its factory cannot be found`;
  return parserSource(local.value, at, depth + 1);
}

function targetOf(call: SgNode): Target | string {
  const name = call.field('name')?.text() ?? '';
  const receiver = call.field('object');
  if (name === 'parse') return parserSource(receiver, call);
  if (receiver?.kind() !== 'identifier') {
    return 'the parser factory is not held in a variable (built inline), so there is nothing to configure before use';
  }
  const anchor = enclosingStatement(call);
  if (!anchor) return 'the parser is built outside a method body (field initializer or lambda expression)';
  return { factory: receiver.text(), builder: name, anchor };
}

/** The statements that harden `factory`, and a regex recognising them when already present. */
function hardening(ctx: TransformContext, t: Target): { lines: string[]; present: RegExp } {
  const f = t.factory;
  if (t.builder === 'newDocumentBuilder' || t.builder === 'newSAXParser') {
    return {
      lines: [`${f}.setFeature(${DISALLOW_DOCTYPE}, true);`],
      present:
        /\.setFeature\(\s*("http:\/\/apache\.org\/xml\/features\/disallow-doctype-decl"|\w+\.FEATURE_SECURE_PROCESSING)/,
    };
  }
  if (t.builder === 'newTransformer') {
    const xc = ctx.ensureImport({ module: 'javax.xml', name: 'XMLConstants' });
    return {
      lines: [
        `${f}.setAttribute(${xc}.ACCESS_EXTERNAL_DTD, "");`,
        `${f}.setAttribute(${xc}.ACCESS_EXTERNAL_STYLESHEET, "");`,
      ],
      present: /\.setAttribute\(\s*(\w+\.)*ACCESS_EXTERNAL_DTD/,
    };
  }
  const xif = ctx.ensureImport({ module: 'javax.xml.stream', name: 'XMLInputFactory' });
  return {
    lines: [
      `${f}.setProperty(${xif}.SUPPORT_DTD, false);`,
      `${f}.setProperty(${xif}.IS_SUPPORTING_EXTERNAL_ENTITIES, false);`,
    ],
    present: /\.setProperty\(\s*((\w+\.)*SUPPORT_DTD|"javax\.xml\.stream\.supportDTD")/,
  };
}

export default defineCodemod({
  id: 'trust:java/harden-xxe',
  title: 'Disable DTDs and external entities in XML parsers',
  description: [
    'XML parsers in the JDK resolve DOCTYPE declarations and external entities by default, so an',
    'uploaded document can read local files (`<!ENTITY x SYSTEM "file:///etc/passwd">`), reach',
    'internal hosts, or expand entities until memory runs out. This change configures the factory',
    'just before it builds the parser: DOCTYPEs are refused for DocumentBuilder and SAX parsers,',
    'DTD support and external entities are switched off for StAX, and external DTD/stylesheet',
    'access is blocked for Transformers. Documents with a DOCTYPE are now rejected; that rarely',
    'matters for data exchange formats.',
  ].join('\n'),
  cwe: [611, 776],
  languages: ['java'],
  rules: {
    codeql: ['java/xxe', 'java/xxe-local'],
    semgrep: [
      'java.lang.security.audit.xxe.documentbuilderfactory-disallow-doctype-decl-missing.documentbuilderfactory-disallow-doctype-decl-missing',
      'java.lang.security.audit.xxe.saxparserfactory-disallow-doctype-decl-missing.saxparserfactory-disallow-doctype-decl-missing',
      'java.lang.security.audit.xxe.transformerfactory-dtds-not-disabled.transformerfactory-dtds-not-disabled',
    ],
    sonar: ['java:S2755'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    {
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html#java',
      description: 'OWASP XXE Prevention Cheat Sheet: Java',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/611.html',
      description: 'CWE-611: XML External Entity Reference',
    },
  ],
  match: {
    kind: 'method_invocation',
    has: { field: 'name', regex: `^(${[...BUILDERS, 'parse'].join('|')})$` },
  },
  transform(ctx): TransformResult {
    const target = targetOf(ctx.node);
    if (typeof target === 'string') return { unfixed: target };
    const { lines, present } = hardening(ctx, target);
    const body = enclosingBody(target.anchor);
    const before = target.anchor.range().start.index;
    const already = [
      ...callsOn(body ?? target.anchor, target.factory, 'set(Feature|Property|Attribute)'),
    ].some((c) => c.range().start.index < before && present.test(c.text()));
    if (already) return [];
    const indent = indentAt(ctx.source, before);
    return [insertBefore(ctx.source, target.anchor, lines.join(`\n${indent}`))];
  },
});
