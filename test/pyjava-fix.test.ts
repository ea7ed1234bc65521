/**
 * `trust fix` end to end on Python and Java: a real git repository holding the codemod
 * fixtures (codemods/python/fixtures, codemods/java/fixtures) and their Bandit, Semgrep and
 * CodeQL SARIF, run through the built binary. Dry run writes nothing; a real run produces the
 * expected files, reports the defusedxml package action and every guard as unfixed with its
 * reason in CodeTF; a second run changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileTree, makeGitRepo, type TempRepo } from './helpers/git-repo.js';
import { REPO_ROOT, runTrust } from './helpers/run-trust.js';

const PY = join(REPO_ROOT, 'codemods/python/fixtures');
const JAVA = join(REPO_ROOT, 'codemods/java/fixtures');

interface Copy {
  /** Folder in the test repository. */
  to: string;
  from: string;
  files: string[];
  sarifs: string[];
}

const COPIES: Copy[] = [
  { to: 'py/invites', from: join(PY, 'multi'), files: ['app.py'], sarifs: ['bandit.sarif'] },
  {
    to: 'py/xml',
    from: join(PY, 'use-defusedxml'),
    files: ['input.py', 'minidom.py', 'guard.py'],
    sarifs: ['input.sarif', 'guard.sarif'],
  },
  {
    to: 'py/sql',
    from: join(PY, 'sql-parameterization'),
    files: ['input.py', 'guard.py'],
    sarifs: ['input.sarif', 'codeql.sarif', 'semgrep.sarif', 'guard.sarif'],
  },
  {
    to: 'java/sql',
    from: join(JAVA, 'sql-parameterizer'),
    files: ['UserDao.java', 'Guard.java'],
    sarifs: ['codeql.sarif', 'semgrep.sarif'],
  },
  {
    to: 'java/xxe',
    from: join(JAVA, 'xxe'),
    files: ['InvoiceParser.java', 'Guard.java'],
    sarifs: ['codeql.sarif', 'semgrep.sarif'],
  },
];

/** The SARIF with every artifact URI moved under `folder`, as a scanner run from the repo root writes it. */
function rebase(text: string, folder: string): string {
  const log = JSON.parse(text);
  for (const run of log.runs) {
    for (const a of run.artifacts ?? []) a.location.uri = `${folder}/${a.location.uri}`;
    for (const r of run.results ?? []) {
      for (const l of r.locations ?? []) {
        const art = l.physicalLocation?.artifactLocation;
        if (art?.uri) art.uri = `${folder}/${art.uri}`;
      }
    }
  }
  return JSON.stringify(log, null, 2);
}

function tree(): { files: FileTree; sarifs: string[] } {
  const files: FileTree = {};
  const sarifs: string[] = [];
  for (const c of COPIES) {
    for (const f of c.files) files[`${c.to}/${f}`] = readFileSync(join(c.from, f), 'utf8');
    for (const s of c.sarifs) {
      const name = `sarif/${c.to.replace('/', '-')}-${s}`;
      files[name] = rebase(readFileSync(join(c.from, s), 'utf8'), c.to);
      sarifs.push(name);
    }
  }
  return { files, sarifs };
}

const EXPECTED: Record<string, string> = {
  'py/invites/app.py': join(PY, 'multi/expected.py'),
  'py/xml/input.py': join(PY, 'use-defusedxml/expected.py'),
  'py/xml/minidom.py': join(PY, 'use-defusedxml/expected-minidom.py'),
  'py/sql/input.py': join(PY, 'sql-parameterization/expected.py'),
  'java/sql/UserDao.java': join(JAVA, 'sql-parameterizer/UserDao.expected.java'),
  'java/xxe/InvoiceParser.java': join(JAVA, 'xxe/InvoiceParser.expected.java'),
};
const UNTOUCHED = ['py/xml/guard.py', 'py/sql/guard.py', 'java/sql/Guard.java', 'java/xxe/Guard.java'];

describe('trust fix on Python and Java', () => {
  let repo: TempRepo;
  let sarifs: string[];
  const read = (p: string) => readFileSync(join(repo.dir, p), 'utf8');

  beforeAll(async () => {
    const t = tree();
    sarifs = t.sarifs;
    repo = await makeGitRepo(t.files);
  });
  afterAll(async () => repo?.cleanup());

  it('--dry-run prints the diffs and writes nothing', async () => {
    const r = await runTrust(['fix', ...sarifs, '--dry-run'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const path of Object.keys(EXPECTED)) expect(r.stdout).toContain(`+++ b/${path}`);
    expect(r.stdout).toContain(
      '+    PreparedStatement statement = connection.prepareStatement("SELECT id FROM users WHERE name = ?");',
    );
    expect((await repo.git.status()).isClean()).toBe(true);
  });

  it('fixes every file exactly, leaves the guards alone and reports them in CodeTF', async () => {
    const r = await runTrust(['fix', ...sarifs, '--codetf', 'codetf.json'], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const [path, expected] of Object.entries(EXPECTED))
      expect(read(path), path).toBe(readFileSync(expected, 'utf8'));
    const status = await repo.git.status();
    expect(status.modified.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const path of UNTOUCHED) expect(status.modified).not.toContain(path);

    const codetf = JSON.parse(read('codetf.json'));
    const validate = new Ajv({ strict: false, allErrors: true }).compile(
      JSON.parse(readFileSync(join(REPO_ROOT, 'schema/codetf.schema.json'), 'utf8')),
    );
    expect(validate(codetf), JSON.stringify(validate.errors)).toBe(true);
    const results: {
      codemod: string;
      changeset: { path: string; changes: { packageActions?: unknown[] }[] }[];
      unfixedFindings?: unknown[];
      unfixed?: unknown[];
    }[] = codetf.results;
    const byId = new Map(results.map((x) => [x.codemod, x]));
    for (const id of [
      'trust:python/secure-random',
      'trust:python/harden-pyyaml',
      'trust:python/requests-timeout',
      'trust:python/subprocess-shell-false',
      'trust:python/use-defusedxml',
      'trust:python/sql-parameterization',
      'trust:java/sql-parameterizer',
      'trust:java/harden-xxe',
    ]) {
      expect(byId.get(id)?.changeset.length, id).toBeGreaterThan(0);
    }
    const actions = byId
      .get('trust:python/use-defusedxml')!
      .changeset.flatMap((c) => c.changes.flatMap((ch) => ch.packageActions ?? []));
    expect(actions).toContainEqual(
      expect.objectContaining({ action: 'add', package: 'pkg:pypi/defusedxml' }),
    );
    const unfixed = results.flatMap(
      (x) => (x.unfixedFindings ?? x.unfixed ?? []) as { path: string; reason: string }[],
    );
    const reasons = (path: string) => unfixed.filter((u) => u.path === path).map((u) => u.reason);
    expect(reasons('py/sql/guard.py')).toEqual([
      expect.stringMatching(/term is part of a larger SQL literal/),
    ]);
    expect(reasons('java/sql/Guard.java')).toEqual([expect.stringMatching(/used as a table or column name/)]);
    expect(reasons('java/xxe/Guard.java')).toEqual([expect.stringMatching(/built inline/)]);
    expect(reasons('py/xml/guard.py')).toContainEqual(expect.stringMatching(/passes its own parser/));
  });

  it('a second run changes nothing', async () => {
    const before = Object.fromEntries(Object.keys(EXPECTED).map((p) => [p, read(p)]));
    // On the committed fixes: fix refuses a tree with uncommitted changes.
    await repo.git.raw(['commit', '-qam', 'trust fixes']);
    const r = await runTrust(['fix', ...sarifs], { cwd: repo.dir });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const [path, text] of Object.entries(before)) expect(read(path), path).toBe(text);
  });
});
