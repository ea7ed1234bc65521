/**
 * Where a new Java import goes: among the imports of its nearest package, in ASCII order, so
 * Google Java Format's single sorted block, IntelliJ's java/javax block at the end and Eclipse's
 * per-root groups all stay as they were.
 */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../edits.js';
import { parseSource } from '../languages.js';
import { TopLevel } from '../toplevel.js';
import { javaPlanner } from './java.js';

function withImports(source: string, classes: string[]): string {
  const root = parseSource('java', source).root();
  const planner = javaPlanner(root, source, new TopLevel(root).nodes);
  const specs = classes.map((c) => ({
    module: c.slice(0, c.lastIndexOf('.')),
    name: c.slice(c.lastIndexOf('.') + 1),
  }));
  return applyEdits(
    source,
    planner.render(
      specs,
      specs.map((s) => s.name),
      [],
    ),
  );
}

describe('java imports next to their package, in ASCII order', () => {
  it('keeps a single sorted block sorted (Google Java Format)', () => {
    const src = 'import com.acme.Box;\nimport java.util.List;\nimport org.slf4j.Logger;\n\nclass A {}\n';
    expect(withImports(src, ['java.security.SecureRandom', 'java.sql.PreparedStatement'])).toBe(
      'import com.acme.Box;\nimport java.security.SecureRandom;\nimport java.sql.PreparedStatement;\nimport java.util.List;\nimport org.slf4j.Logger;\n\nclass A {}\n',
    );
  });

  it('joins the java group where the layout keeps it (IntelliJ: last)', () => {
    const src =
      'package p;\n\nimport com.acme.Box;\nimport org.slf4j.Logger;\n\nimport java.io.File;\nimport javax.sql.DataSource;\n\nclass A {}\n';
    expect(withImports(src, ['java.security.SecureRandom'])).toBe(
      'package p;\n\nimport com.acme.Box;\nimport org.slf4j.Logger;\n\nimport java.io.File;\nimport java.security.SecureRandom;\nimport javax.sql.DataSource;\n\nclass A {}\n',
    );
  });

  it('puts XMLConstants before javax.xml.transform (upper case sorts first in ASCII)', () => {
    const src = 'import javax.xml.transform.TransformerFactory;\n\nclass A {}\n';
    expect(withImports(src, ['javax.xml.XMLConstants'])).toBe(
      'import javax.xml.XMLConstants;\nimport javax.xml.transform.TransformerFactory;\n\nclass A {}\n',
    );
  });

  it('starts a block after static imports, and after the package line when there is no import', () => {
    expect(
      withImports('import static org.junit.Assert.assertTrue;\n\nclass A {}\n', [
        'java.sql.PreparedStatement',
      ]),
    ).toBe(
      'import static org.junit.Assert.assertTrue;\n\nimport java.sql.PreparedStatement;\n\nclass A {}\n',
    );
    expect(withImports('package p;\n\nclass A {}\n', ['java.sql.PreparedStatement'])).toBe(
      'package p;\n\nimport java.sql.PreparedStatement;\n\nclass A {}\n',
    );
  });
});
