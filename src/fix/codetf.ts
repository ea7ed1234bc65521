/**
 * CodeTF v2 (the codemodder-specs format): one result per codemod with its cumulative
 * changesets (diff, changes with line numbers and fixed findings, package actions) and every
 * finding it left unfixed with the reason. Findings no codemod answers are reported under
 * the pseudo-codemod "trust:none/no-codemod". A fix the scanner still reports (mitigated, not
 * fixed) is listed under its change's `properties.mitigated`. Validated against
 * schema/codetf.schema.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Finding } from '../sarif/finding.js';
import type { Codemod } from './codemod.js';
import { changedLines } from './diff.js';
import type { FindingOutcome } from './engine.js';
import type { FixRun, Stage } from './pipeline.js';

export const NO_CODEMOD = 'trust:none/no-codemod';

export interface CodetfRunInfo {
  version: string;
  commandLine: string;
  elapsedMs: number;
  directory: string;
  sarifFiles: string[];
}

interface CodetfRule {
  id: string;
  name: string;
  url?: string;
}

function ruleOf(f: Finding): CodetfRule {
  return {
    id: f.rule.id,
    name: f.rule.name ?? f.rule.id,
    ...(f.rule.helpUri ? { url: f.rule.helpUri } : {}),
  };
}

function fixedFinding(f: Finding) {
  return { id: f.guid ?? f.id, rule: ruleOf(f) };
}

function unfixedEntry(o: FindingOutcome) {
  return {
    id: o.finding.guid ?? o.finding.id,
    rule: ruleOf(o.finding),
    path: o.path,
    lineNumber: o.finding.location.region?.startLine ?? 0,
    reason: o.reason ?? 'not fixed',
  };
}

/**
 * The stage's findings the scanner still reports after the fix (change properties: CodeTF has no
 * field for "fixed, but the rule still matches"), each with the justification and whether the
 * scanner's suppression comment was written.
 */
function mitigatedOf(stage: Stage) {
  return stage.findings.flatMap((f, i) => {
    const m = stage.mitigations?.[i];
    if (!m) return [];
    return [
      {
        id: f.guid ?? f.id,
        rule: ruleOf(f),
        justification: m.why,
        stillReportedBy: m.rules,
        suppression: m.suppression
          ? { added: true, comment: m.suppression }
          : { added: false, reason: m.unsuppressed ?? 'not written' },
      },
    ];
  });
}

/** What --verify said about a change's fix (kept ones only reach CodeTF's changesets). */
export interface CodetfVerdict {
  findings: readonly Finding[];
  outcome: { kept: true; findingGone: boolean | 'not-scanned'; checks: string } | { kept: false };
}

function verificationOf(stage: Stage, verdicts: readonly CodetfVerdict[] | undefined) {
  const ids = new Set(stage.findings.map((f) => f.id));
  const v = verdicts?.find((x) => x.outcome.kept && x.findings.some((f) => ids.has(f.id)));
  if (!v?.outcome.kept) return undefined;
  return { verified: true, findingGone: v.outcome.findingGone, checks: v.outcome.checks };
}

function changeset(stage: Stage, codemod: Codemod | undefined, verdicts?: readonly CodetfVerdict[]) {
  const lines = changedLines(stage.diff);
  const verification = verificationOf(stage, verdicts);
  const description = stage.fixer?.description ?? codemod?.title ?? stage.codemod;
  const mitigated = mitigatedOf(stage);
  // Only what the scanner stops reporting is "fixed"; the mitigated ones are listed apart.
  const fixed = stage.findings.filter((_, i) => !stage.mitigations?.[i]).map(fixedFinding);
  const changes = (lines.length > 0 ? lines : [stage.lines[0] ?? 1]).map((lineNumber, i) => ({
    lineNumber,
    description,
    diffSide: 'right' as const,
    properties:
      i === 0
        ? { ...(mitigated.length > 0 ? { mitigated } : {}), ...(verification ? { verification } : {}) }
        : {},
    packageActions:
      i === 0
        ? stage.packageActions.map((p) => ({
            action: p.action,
            result: 'skipped' as const,
            package: p.package,
          }))
        : [],
    fixedFindings: i === 0 ? fixed : [],
  }));
  return {
    path: stage.path,
    diff: stage.diff,
    changes,
    strategy: stage.fixer ? (stage.fixer.ai ? 'ai' : 'hybrid') : 'deterministic',
    provisional: false,
    fixedFindings: fixed,
    ...(stage.fixer?.ai ? { ai: stage.fixer.ai } : {}),
    ...(stage.fixer?.fixQuality
      ? {
          fixQuality: {
            safetyRating: { score: stage.fixer.fixQuality.safetyRating },
            effectivenessRating: { score: stage.fixer.fixQuality.effectivenessRating },
            cleanlinessRating: { score: stage.fixer.fixQuality.cleanlinessRating },
          },
        }
      : {}),
  };
}

export function buildCodetf(
  run: FixRun,
  codemods: readonly Codemod[],
  info: CodetfRunInfo,
  /** --verify's verdicts: each kept change says so; a dropped fix is unfixed with its reason. */
  verdicts?: readonly CodetfVerdict[],
): Record<string, unknown> {
  const ids = new Set<string>();
  for (const file of run.files) for (const s of file.stages) ids.add(s.codemod);
  for (const o of run.outcomes) if (o.status === 'unfixed') ids.add(o.codemod ?? NO_CODEMOD);
  const ordered = [
    ...codemods.map((c) => c.id).filter((id) => ids.has(id)),
    ...[...ids].filter((id) => !codemods.some((c) => c.id === id)).sort(),
  ];
  const results = ordered.map((id) => {
    const codemod = codemods.find((c) => c.id === id);
    const stages = run.files.flatMap((f) => f.stages.filter((s) => s.codemod === id));
    const unfixed = run.outcomes.filter((o) => o.status === 'unfixed' && (o.codemod ?? NO_CODEMOD) === id);
    const tools = [...new Set(stages.flatMap((s) => s.findings.map((f) => f.tool.name)))];
    return {
      codemod: id,
      summary: codemod?.title ?? (id === NO_CODEMOD ? 'Findings no codemod answers' : id),
      description:
        codemod?.description ??
        (id === NO_CODEMOD ? 'No codemod in the catalogue declares these rules.' : id),
      references: (codemod?.references ?? []).map((r) => ({
        url: r.url,
        description: r.description ?? r.url,
      })),
      properties: codemod ? { reviewGuidance: codemod.reviewGuidance, cwe: codemod.cwe } : {},
      ...(tools[0] ? { detectionTool: { name: tools[0] } } : {}),
      failedFiles: run.dropped.filter((d) => stages.some((s) => s.path === d.path)).map((d) => d.path),
      unfixedFindings: unfixed.map(unfixedEntry),
      changeset: stages.map((s) => changeset(s, codemod, verdicts)),
    };
  });
  return {
    run: {
      vendor: 'trust',
      tool: 'trust',
      version: info.version,
      commandLine: info.commandLine,
      elapsed: Math.round(info.elapsedMs),
      directory: info.directory,
      sarifs: info.sarifFiles.map((file) => ({
        artifact: basename(file),
        sha1: createHash('sha1').update(readFileSync(file)).digest('hex'),
      })),
    },
    results,
  };
}
