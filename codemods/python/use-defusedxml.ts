/**
 * P4 defused XML parsing: `xml.etree.ElementTree.fromstring(x)` (however it was imported) ->
 * `defusedxml.ElementTree.fromstring(x)`, and the same for minidom, pulldom, sax and
 * expatbuilder. defusedxml is a dependency, so the fix reports a package action instead of
 * editing requirements files. Import findings (B405-B409) are left unfixed: importing the
 * module is harmless, and every parse call is fixed at its own finding.
 */
import { defineCodemod, type TransformResult } from '../../src/fix/codemod.js';
import { callArgs, importedNames, qualify } from './_support.js';

/** Standard-library module -> its defusedxml replacement and the functions it provides. */
const DEFUSED: Record<string, { module: string; functions: readonly string[] }> = {
  'xml.etree.ElementTree': {
    module: 'defusedxml.ElementTree',
    functions: ['parse', 'iterparse', 'fromstring', 'XML', 'XMLParser'],
  },
  'xml.etree.cElementTree': {
    module: 'defusedxml.ElementTree',
    functions: ['parse', 'iterparse', 'fromstring', 'XML', 'XMLParser'],
  },
  'xml.dom.minidom': { module: 'defusedxml.minidom', functions: ['parse', 'parseString'] },
  'xml.dom.pulldom': { module: 'defusedxml.pulldom', functions: ['parse', 'parseString'] },
  'xml.dom.expatbuilder': { module: 'defusedxml.expatbuilder', functions: ['parse', 'parseString'] },
  'xml.sax': { module: 'defusedxml.sax', functions: ['parse', 'parseString', 'make_parser'] },
  'xml.sax.expatreader': { module: 'defusedxml.expatreader', functions: ['create_parser'] },
};
const NAMES = [...new Set(Object.values(DEFUSED).flatMap((d) => d.functions))];
/** Arguments each function may keep: a caller-supplied parser would bypass the defusing. */
const ALLOWED_POSITIONAL: Record<string, number> = { iterparse: 2, parse: 1, parseString: 1 };

export default defineCodemod({
  id: 'trust:python/use-defusedxml',
  title: 'Parse untrusted XML with defusedxml',
  description: [
    "The standard library's XML parsers expand entities, so a crafted document can exhaust memory",
    '("billion laughs"), and the SAX/minidom/pulldom parsers can also be made to fetch external',
    'resources. This change calls the same function from `defusedxml`, a drop-in that refuses those',
    'constructs and otherwise returns the same objects. It needs the `defusedxml` package: the fix',
    'reports it as a package action and does not edit your requirements, so add it yourself. Calls',
    'that pass their own parser are left unfixed, because that parser would not be defused.',
  ].join('\n'),
  cwe: [611, 776],
  languages: ['python'],
  rules: {
    bandit: ['B313', 'B314', 'B315', 'B316', 'B317', 'B318', 'B319', 'B405', 'B406', 'B407', 'B408', 'B409'],
    semgrep: [
      'python.lang.security.use-defused-xml.use-defused-xml',
      'python.lang.security.use-defused-xml-parse.use-defused-xml-parse',
    ],
    codeql: ['py/xxe', 'py/xml-bomb'],
  },
  reviewGuidance: 'merge-after-cursory-review',
  references: [
    { url: 'https://pypi.org/project/defusedxml/', description: 'defusedxml' },
    {
      url: 'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      description: 'XML vulnerabilities',
    },
    {
      url: 'https://cwe.mitre.org/data/definitions/611.html',
      description: 'CWE-611: XML External Entity Reference',
    },
  ],
  match: {
    any: [
      { kind: 'call', has: { field: 'function', regex: `(^|\\.)(${NAMES.join('|')})$` } },
      { kind: 'import_statement', regex: '\\bxml\\b' },
      { kind: 'import_from_statement', regex: '\\bxml\\b' },
    ],
  },
  transform(ctx): TransformResult {
    if (ctx.node.kind() !== 'call') {
      return {
        unfixed:
          'importing the XML module is harmless by itself; each parse call is fixed at its own finding (B313-B319)',
      };
    }
    const fn = ctx.node.field('function');
    const name = fn ? qualify(fn, importedNames(ctx.root)) : undefined;
    const dot = name?.lastIndexOf('.') ?? -1;
    const target = name ? DEFUSED[name.slice(0, dot)] : undefined;
    const func = name?.slice(dot + 1) ?? '';
    const args = callArgs(ctx.node);
    if (!fn || !target?.functions.includes(func) || !args) {
      return {
        unfixed: `${fn?.text() ?? 'this call'} is not a standard-library XML parser defusedxml replaces`,
      };
    }
    if (args.splat)
      return { unfixed: 'arguments are passed through *args/**kwargs; a custom parser may be among them' };
    if (args.keywords.has('parser') || args.positional.length > (ALLOWED_POSITIONAL[func] ?? 1)) {
      return { unfixed: 'the call passes its own parser, which defusedxml would use as-is (not defused)' };
    }
    const module = ctx.ensureImport({ module: target.module });
    ctx.addPackage({
      action: 'add',
      package: 'pkg:pypi/defusedxml',
      reason: 'defusedxml provides the hardened drop-in replacements for the standard-library XML parsers',
    });
    return [ctx.replace(fn, `${module}.${func}`)];
  },
});
