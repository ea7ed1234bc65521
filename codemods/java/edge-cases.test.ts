/**
 * Java codemods on shapes real code has: qualified names, imports already present, a local
 * class shadowing java.util.Random, factories already hardened, a reused Statement.
 */
import { describe, expect, it } from 'vitest';
import { findingOn, fixSource } from '../python/_harness.js';

const SEMGREP_RANDOM = 'java.lang.security.audit.crypto.weak-random.weak-random';

function fixOne(tool: string, rule: string, source: string, text: string, nth = 0) {
  const result = fixSource('A.java', source, [findingOn(tool, rule, 'A.java', source, text, nth)]);
  return { after: result.after, outcome: result.outcomes[0]! };
}

describe('secure-random', () => {
  it('rewrites a qualified java.util.Random and reuses an existing SecureRandom import', () => {
    const src =
      'import java.security.SecureRandom;\n\nclass A {\n  int f() {\n    return new java.util.Random().nextInt(6);\n  }\n}\n';
    expect(fixOne('Semgrep OSS', SEMGREP_RANDOM, src, 'new java.util.Random().nextInt(6)').after).toBe(
      'import java.security.SecureRandom;\n\nclass A {\n  int f() {\n    return new SecureRandom().nextInt(6);\n  }\n}\n',
    );
  });

  it('leaves a Random that is not java.util.Random alone', () => {
    const src =
      'import com.acme.dice.Random;\n\nclass A {\n  int f() {\n    return new Random().nextInt(6);\n  }\n}\n';
    expect(fixOne('Semgrep OSS', SEMGREP_RANDOM, src, 'new Random().nextInt(6)').outcome.reason).toMatch(
      /not java\.util\.Random/,
    );
  });
});

describe('harden-xxe', () => {
  it('recognises a factory that is already hardened', () => {
    const src = [
      'import javax.xml.parsers.DocumentBuilderFactory;',
      '',
      'class A {',
      '  Object f(java.io.InputStream in) throws Exception {',
      '    DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();',
      '    dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);',
      '    return dbf.newDocumentBuilder().parse(in);',
      '  }',
      '}',
      '',
    ].join('\n');
    // CodeQL reports the argument of parse(): the second "in)" in the file.
    expect(fixOne('CodeQL', 'java/xxe', src, 'in)', 1).outcome.reason).toMatch(/already in the fixed form/);
  });

  it('traces an XMLReader back through getXMLReader() to its SAXParserFactory', () => {
    const src = [
      'class A {',
      '  void f(org.xml.sax.InputSource in) throws Exception {',
      '    javax.xml.parsers.SAXParserFactory spf = javax.xml.parsers.SAXParserFactory.newInstance();',
      '    org.xml.sax.XMLReader reader = spf.newSAXParser().getXMLReader();',
      '    reader.parse(in);',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(fixOne('CodeQL', 'java/xxe', src, 'in)', 1).after).toBe(
      src.replace(
        '    org.xml.sax.XMLReader reader',
        '    spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);\n    org.xml.sax.XMLReader reader',
      ),
    );
  });

  it('hardens a TransformerFactory and adds the XMLConstants import once, in ASCII order', () => {
    const src = [
      'import javax.xml.transform.TransformerFactory;',
      '',
      'class A {',
      '  Object f() throws Exception {',
      '    TransformerFactory tf = TransformerFactory.newInstance();',
      '    return tf.newTransformer();',
      '  }',
      '}',
      '',
    ].join('\n');
    const r = fixOne(
      'Semgrep OSS',
      'java.lang.security.audit.xxe.transformerfactory-dtds-not-disabled.transformerfactory-dtds-not-disabled',
      src,
      'tf.newTransformer()',
    );
    expect(r.after).toBe(
      [
        'import javax.xml.XMLConstants;',
        'import javax.xml.transform.TransformerFactory;',
        '',
        'class A {',
        '  Object f() throws Exception {',
        '    TransformerFactory tf = TransformerFactory.newInstance();',
        '    tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");',
        '    tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");',
        '    return tf.newTransformer();',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });
});

describe('secure-cookie', () => {
  it('sets HttpOnly for the HttpOnly rule only', () => {
    const src =
      'class A {\n  void f(R response, String v) {\n    Cookie c = new Cookie("k", v);\n    response.addCookie(c);\n  }\n}\n';
    const r = fixOne(
      'Semgrep OSS',
      'java.lang.security.audit.cookie-missing-httponly.cookie-missing-httponly',
      src,
      'response.addCookie(c);',
    );
    expect(r.after).toBe(
      'class A {\n  void f(R response, String v) {\n    Cookie c = new Cookie("k", v);\n    c.setHttpOnly(true);\n    response.addCookie(c);\n  }\n}\n',
    );
  });
});

describe('sql-parameterizer', () => {
  it('refuses a Statement used for another query', () => {
    const src = [
      'class A {',
      '  void f(java.sql.Connection c, String n) throws Exception {',
      '    Statement s = c.createStatement();',
      '    s.executeUpdate("DELETE FROM t WHERE n = \'" + n + "\'");',
      '    s.executeUpdate("DELETE FROM u");',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(
      fixOne('CodeQL', 'java/sql-injection', src, `"DELETE FROM t WHERE n = '" + n + "'"`).outcome.reason,
    ).toMatch(/used for more than this query/);
  });

  it('converts a Statement opened in try-with-resources', () => {
    const src = [
      'class A {',
      '  int f(java.sql.Connection c, int id) throws Exception {',
      '    try (Statement s = c.createStatement()) {',
      '      return s.executeUpdate("DELETE FROM t WHERE id = " + id);',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const r = fixOne('CodeQL', 'java/sql-injection', src, '"DELETE FROM t WHERE id = " + id');
    expect(r.after).toBe(
      [
        'import java.sql.PreparedStatement;',
        '',
        'class A {',
        '  int f(java.sql.Connection c, int id) throws Exception {',
        '    try (PreparedStatement s = c.prepareStatement("DELETE FROM t WHERE id = ?")) {',
        '      s.setInt(1, id);',
        '      return s.executeUpdate();',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('binds an unknown type with setObject', () => {
    const src = [
      'class A {',
      '  void f(java.sql.Connection c, Key k) throws Exception {',
      '    Statement s = c.createStatement();',
      '    s.executeUpdate("DELETE FROM t WHERE k = " + k);',
      '  }',
      '}',
      '',
    ].join('\n');
    const r = fixOne('CodeQL', 'java/sql-injection', src, '"DELETE FROM t WHERE k = " + k');
    expect(r.after).toContain(
      '    PreparedStatement s = c.prepareStatement("DELETE FROM t WHERE k = ?");\n    s.setObject(1, k);\n    s.executeUpdate();\n',
    );
  });
});

describe('CRLF files', () => {
  it('inserts lines with the file own line ending', async () => {
    const { readFileSync, mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { runFixture } = await import('../python/_harness.js');
    const fixtures = join(import.meta.dirname, 'fixtures');
    const cases: [string, string, string[], string][] = [
      [
        join(fixtures, 'xxe'),
        'InvoiceParser.java',
        ['semgrep.sarif', 'codeql.sarif'],
        'InvoiceParser.expected.java',
      ],
      [
        join(fixtures, 'insecure-cookie'),
        'SessionController.java',
        ['semgrep.sarif', 'codeql.sarif'],
        'SessionController.expected.java',
      ],
      [join(fixtures, '../../python/fixtures/secure-tempfile'), 'input.py', ['input.sarif'], 'expected.py'],
    ];
    for (const [dir, file, sarifs, expected] of cases) {
      const tmp = mkdtempSync(join(tmpdir(), 'trust-crlf-'));
      try {
        const crlf = (name: string) => readFileSync(join(dir, name), 'utf8').replace(/\n/g, '\r\n');
        writeFileSync(join(tmp, file), crlf(file));
        for (const s of sarifs) writeFileSync(join(tmp, s), readFileSync(join(dir, s)));
        const run = await runFixture(tmp, file, sarifs);
        expect(
          run.first.outcomes.every((o) => o.status === 'fixed'),
          file,
        ).toBe(true);
        expect(run.first.after, file).toBe(crlf(expected));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  });
});
