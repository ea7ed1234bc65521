/**
 * Real code (issue 11, acceptance 1): `trust fix` on real open-source packages nobody here wrote,
 * each pinned to an exact version in package.json (a package tarball ships its source, so
 * `npm ci` brings it and nothing here touches the network): express, a web framework (route
 * handling, dynamic keys, a non-literal require, file access); qs, the query-string parser
 * behind CVE-2017-1000048 and CVE-2022-24999 (prototype pollution), which ships its tests
 * (tape) and its ESLint flat config; ejs, a template engine (file access, dynamic regular
 * expressions, `new Function`). See test/helpers/real-code/projects.ts. Each is scanned with real ESLint + eslint-plugin-security +
 * @microsoft/eslint-plugin-sdl through @microsoft/eslint-formatter-sarif, fixed by the built
 * binary, scanned again, and checked:
 *   - every changed file parses;
 *   - no fixed finding's rule still reports at its place unless trust recorded it as mitigated;
 *   - every result ends fixed, mitigated or triaged with a justification, or needs_review with
 *     a reason the run does not refute (read from `trust fix --json`);
 *   - a helper trust adds is written once per project, and every added line is in the file's
 *     own style (the edition of the language it is written in, semicolons, quotes, indentation,
 *     trailing commas, spacing); the project's own lint config reports nothing new in the
 *     changed files;
 *   - the project's own tests pass before and after, and a probe of its public API (requests
 *     to an express app on loopback, ejs renders) gives the same output.
 * The figures per project (results before and after, each end, by rule) are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../codemods/index.js';
import { firstSyntaxError, languageOf, parseSource } from '../../src/fix/languages.js';
import { addedDeclarations, repeatedHelpers } from '../helpers/real-code/added-helpers.js';
import { newMessages } from '../helpers/real-code/compare.js';
import { figures } from '../helpers/real-code/figures.js';
import { changedNewLines, inRange, lineMap } from '../helpers/real-code/line-map.js';
import { classify, type FixJson, type Outcome, untrueReason } from '../helpers/real-code/outcomes.js';
import { versions } from '../helpers/real-code/project.js';
import { PROJECTS } from '../helpers/real-code/projects.js';
import { type RealRun, realRun } from '../helpers/real-code/run.js';
import { dialectOf, inferStyle, offSpecifiers, parsesAs, styleLint } from '../helpers/real-code/style.js';

const where = (o: Outcome) => `${o.entry.path}:${o.entry.line ?? '?'} ${o.entry.rule}`;

describe.each(PROJECTS)('real code: trust fix on $name $version', (project) => {
  let run: RealRun;
  let json: FixJson;
  let outcomes: Outcome[];
  const file = (path: string) => run.changed.find((c) => c.path === path);

  beforeAll(async () => {
    run = await realRun(project);
    json = JSON.parse(run.fix.stdout) as FixJson;
    outcomes = classify(json);
    console.log(
      figures({
        title: `${project.name} ${project.version}`,
        before: run.scanBefore,
        after: run.scanAfter,
        outcomes,
        changedFiles: run.changed.length,
        tests: run.testsBefore && {
          before: run.testsBefore.summary,
          after: run.testsAfter?.summary ?? '(not run)',
        },
      }),
    );
  }, 240_000);
  afterAll(async () => run?.repo.cleanup());

  it('is the exact version package.json pins, and trust fix ran and changed files', () => {
    expect(versions(project.name)).toEqual({ pinned: project.version, installed: project.version });
    expect(run.fix.exitCode, run.fix.stderr).toBe(0);
    expect(run.findings.length).toBe(run.scanBefore.filter((m) => m.ruleId && !m.fatal).length);
    expect(outcomes.filter((o) => o.end === 'fixed' || o.end === 'mitigated').length).toBeGreaterThan(0);
    expect(run.changed.length).toBeGreaterThan(0);
  });

  it('every changed file parses', () => {
    const broken = run.changed.flatMap((c) => {
      const language = languageOf(c.path);
      const error = language ? firstSyntaxError(parseSource(language, c.after).root()) : undefined;
      return error ? [`${c.path}:${error.line}`] : [];
    });
    const fatal = run.scanAfter.filter((m) => m.fatal).map((m) => `${m.path}:${m.line} ${m.message}`);
    expect([...broken, ...fatal]).toEqual([]);
  });

  it("no fixed finding's rule still reports at its place unless recorded as mitigated", () => {
    const byId = new Map(run.findings.map((f) => [f.id, f]));
    const mapFor = (path: string) => {
      const c = file(path);
      return c ? lineMap(c.before, c.after) : (line: number) => ({ start: line, end: line });
    };
    const stillReported: string[] = [];
    for (const o of outcomes.filter((x) => x.end === 'fixed')) {
      const f = byId.get(o.entry.id);
      const start = f?.location.region?.startLine ?? o.entry.line ?? 0;
      const map = mapFor(o.entry.path);
      const place = map(start);
      // The same rule may report other results on the same lines: only more reports after than
      // the results there that trust left unfixed (or mitigated) mean the fixed one still fires.
      const left = outcomes.filter((x) => {
        if (x.end === 'fixed' || x.entry.rule !== o.entry.rule || x.entry.path !== o.entry.path) return false;
        const line = byId.get(x.entry.id)?.location.region?.startLine ?? 0;
        const there = map(line);
        return there.start <= place.end && there.end >= place.start;
      }).length;
      const after = run.scanAfter.filter(
        (m) => m.path === o.entry.path && m.ruleId === o.entry.rule && inRange(m.line, place),
      ).length;
      if (after > left)
        stillReported.push(`${where(o)} (${o.entry.codemod}): still reported at line ${place.start}`);
    }
    expect(stillReported).toEqual([]);
  });

  it('every result ends fixed, mitigated or triaged with a justification, or needs_review with a true reason', () => {
    const ids = outcomes.map((o) => o.entry.id);
    expect(new Set(ids).size, 'one outcome per finding').toBe(ids.length);
    expect(run.findings.filter((f) => !ids.includes(f.id)).map((f) => f.id)).toEqual([]);
    // Nothing touched the checkout between the scan and trust: what trust read is what was scanned.
    const unchanged = (path: string) =>
      run.scanned.get(path) === (file(path)?.before ?? run.scanned.get(path));
    const problems = outcomes.flatMap((o) => {
      const why = untrueReason(o, {
        unchangedSinceScan: unchanged,
        parses: (path) => {
          const c = file(path);
          const language = languageOf(path);
          return !language || !c || firstSyntaxError(parseSource(language, c.before).root()) === undefined;
        },
        codemods: CODEMODS,
      });
      return why ? [`${where(o)} [${o.end}]: ${why}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('the CodeTF report says what --json says for every result', () => {
    type Codetf = {
      results?: {
        unfixedFindings?: { id: string; reason: string }[];
        changeset?: {
          fixedFindings?: { id: string }[];
          changes?: { properties?: { mitigated?: { id: string }[] } }[];
        }[];
      }[];
    };
    const results = (run.codetf as Codetf | undefined)?.results;
    expect(results, 'a CodeTF report was written').toBeDefined();
    const fixed = new Set(
      results!.flatMap((r) => (r.changeset ?? []).flatMap((c) => (c.fixedFindings ?? []).map((f) => f.id))),
    );
    const unfixed = new Map(
      results!.flatMap((r) => (r.unfixedFindings ?? []).map((u) => [u.id, u.reason] as const)),
    );
    // CodeTF has no field for "changed, but the rule still matches": mitigated ones are listed
    // in their change's properties (or left unfixed with the reason), never as fixed findings.
    const mitigated = new Set(
      results!.flatMap((r) =>
        (r.changeset ?? []).flatMap((c) =>
          (c.changes ?? []).flatMap((ch) => (ch.properties?.mitigated ?? []).map((m) => m.id)),
        ),
      ),
    );
    const disagree = outcomes.flatMap((o) => {
      const id = o.entry.id;
      if (o.end === 'fixed' && !fixed.has(id))
        return [`${where(o)}: fixed in --json, not a fixed finding in CodeTF`];
      if (o.end === 'mitigated' && (fixed.has(id) || !(mitigated.has(id) || unfixed.has(id))))
        return [
          `${where(o)}: mitigated in --json, ${fixed.has(id) ? 'a fixed finding' : 'absent'} in CodeTF`,
        ];
      if ((o.end === 'triaged' || o.end === 'needs_review') && unfixed.get(id) !== o.entry.reason)
        return [
          `${where(o)}: --json says "${o.entry.reason}", CodeTF says "${unfixed.get(id) ?? '(nothing)'}"`,
        ];
      return [];
    });
    expect(disagree).toEqual([]);
  });

  it("helpers appear once per project, and every added line is in the file's own style", () => {
    const added = run.changed.flatMap((c) => addedDeclarations(c.path, c.before, c.after));
    const existing = run.changed.filter((c) => c.before !== '');
    const style = (path: string) =>
      inferStyle((file(path)?.before || existing[0]?.before) ?? '', project.sourceType);
    const offStyle = run.changed.flatMap((c) => {
      const dialect = dialectOf((c.before || existing[0]?.before) ?? '', project.sourceType);
      const edition = parsesAs(c.after, dialect, project.sourceType)
        ? []
        : [`${c.path}: no longer parses as ECMAScript ${dialect}, the edition the file was written in`];
      const rules = style(c.path);
      const fresh = newMessages(
        styleLint(c.before, rules, project.sourceType),
        styleLint(c.after, rules, project.sourceType),
        lineMap(c.before, c.after),
      );
      const specifiers = offSpecifiers(c.before, c.after, changedNewLines(c.before, c.after));
      return [
        ...edition,
        ...fresh.map((m) => `${c.path}:${m.line} ${m.ruleId}: ${m.message}`),
        ...specifiers.map((s) => `${c.path}: ${s}`),
      ];
    });
    expect({ repeated: repeatedHelpers(added), offStyle }).toEqual({ repeated: [], offStyle: [] });
  });

  it.runIf(project.ownLint)("the project's own lint config reports nothing new in the changed files", () => {
    const fresh = run.changed.flatMap((c) =>
      newMessages(
        run.lintBefore.filter((m) => m.path === c.path),
        run.lintAfter.filter((m) => m.path === c.path),
        lineMap(c.before, c.after),
      ).map((m) => `${c.path}:${m.line} ${m.ruleId ?? '(parse)'}: ${m.message}`),
    );
    expect(fresh).toEqual([]);
  });

  it.runIf(project.probe !== undefined)('its public API behaves the same before and after', () => {
    expect(run.probeBefore?.exitCode, run.probeBefore?.stderr).toBe(0);
    expect(run.probeAfter?.exitCode, run.probeAfter?.stderr).toBe(0);
    expect(JSON.parse(run.probeAfter!.stdout)).toEqual(JSON.parse(run.probeBefore!.stdout));
  });

  it.runIf(project.tests !== undefined)("the project's own tests pass before and after", () => {
    expect(run.testsBefore?.exitCode, run.testsBefore?.summary).toBe(0);
    expect(run.testsAfter?.exitCode, run.testsAfter?.summary).toBe(0);
  });
});
