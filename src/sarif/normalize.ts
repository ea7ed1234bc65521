/**
 * sarif/normalize: one SARIF result (already checked by validate.ts) to a Finding without
 * its id. Rule lookup, message formatting, CWE/severity, locations, code flows and
 * suppressions each come from their own module; this file only assembles them.
 */
import type { CodeFlow, Finding, FindingLocation, Level, Region, Suppression } from './finding.js';
import { formatMessage } from './message.js';
import type { RuleTable } from './rules.js';
import { cweIds, securitySeverity } from './taxonomy.js';
import type { PathResolver, RunPaths } from './uri.js';

type Json = Record<string, unknown>;

export interface RunState {
  file: string;
  runIndex: number;
  tool: { name: string; version?: string };
  rules: RuleTable;
  paths: RunPaths;
  globalStrings?: Record<string, { text?: string; markdown?: string }>;
  /** True when the run's columns count Unicode code points (`columnKind: unicodeCodePoints`). */
  codePointColumns?: boolean;
}

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function text(value: unknown): string | undefined {
  const o = obj(value);
  return str(o?.text) ?? str(o?.markdown);
}

/** Results of kind pass / notApplicable say "nothing wrong here": they are not findings. */
export function isNonFinding(result: Json): boolean {
  return result.kind === 'pass' || result.kind === 'notApplicable';
}

function toRegion(value: unknown, codePoints: boolean | undefined): Region | undefined {
  const r = obj(value);
  if (!r || typeof r.startLine !== 'number') return undefined;
  const region: Region = { startLine: r.startLine };
  if (typeof r.startColumn === 'number') region.startColumn = r.startColumn;
  if (typeof r.endLine === 'number') region.endLine = r.endLine;
  if (typeof r.endColumn === 'number') region.endColumn = r.endColumn;
  const snippet = text(r.snippet);
  if (snippet !== undefined) region.snippet = snippet;
  if (codePoints && (region.startColumn !== undefined || region.endColumn !== undefined))
    region.columnKind = 'unicodeCodePoints';
  return region;
}

export function toLocation(value: unknown, run: RunState, resolver: PathResolver): FindingLocation {
  const loc = obj(value) ?? {};
  const physical = obj(loc.physicalLocation);
  let location: FindingLocation;
  if (physical) {
    const resolved = resolver.resolve(obj(physical.artifactLocation), run.paths);
    location = { status: resolved.status };
    if (resolved.path !== undefined) location.path = resolved.path;
    if (resolved.uri !== undefined) location.uri = resolved.uri;
    if (resolved.note !== undefined) location.note = resolved.note;
    const region = toRegion(physical.region, run.codePointColumns);
    if (region) location.region = region;
  } else {
    const logical = Array.isArray(loc.logicalLocations) ? obj(loc.logicalLocations[0]) : undefined;
    const name = str(logical?.fullyQualifiedName) ?? str(logical?.name);
    location = {
      status: 'unresolved',
      note: name ? `logical location only: ${name}` : 'no physical location',
    };
  }
  const message = loc.message === undefined ? '' : formatMessage(loc.message, undefined, run.globalStrings);
  if (message) location.message = message;
  return location;
}

function toCodeFlows(value: unknown, run: RunState, resolver: PathResolver): CodeFlow[] {
  if (!Array.isArray(value)) return [];
  return value.map((flow) => {
    const f = obj(flow) ?? {};
    const threadFlows = (Array.isArray(f.threadFlows) ? f.threadFlows : []).map((tf) => {
      const steps = obj(tf)?.locations;
      return (Array.isArray(steps) ? steps : []).map((step) => {
        const location = toLocation(obj(step)?.location, run, resolver);
        return location.message ? { location, message: location.message } : { location };
      });
    });
    const message =
      f.message === undefined ? undefined : formatMessage(f.message, undefined, run.globalStrings);
    return message ? { message, threadFlows } : { threadFlows };
  });
}

function toSuppressions(value: unknown): Suppression[] {
  if (!Array.isArray(value)) return [];
  return value.map((s) => {
    const o = obj(s) ?? {};
    const out: Suppression = { kind: str(o.kind) ?? 'external' };
    if (str(o.status)) out.status = o.status as string;
    if (str(o.justification)) out.justification = o.justification as string;
    return out;
  });
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function levelOf(result: Json, ruleLevel: unknown): Level {
  for (const l of [result.level, ruleLevel]) {
    if (l === 'error' || l === 'warning' || l === 'note' || l === 'none') return l;
  }
  // SARIF §3.27.10: without a level, a result that is not a failure is informational.
  return result.kind === undefined || result.kind === 'fail' ? 'warning' : 'none';
}

/**
 * Secret scanners put the secret itself in region.snippet; it must not travel on into
 * output, the audit log or an LLM prompt, so their snippets are dropped at the door.
 */
const SECRET_SCANNERS = /gitleaks|trufflehog|detect-secrets|ggshield|secretlint|talisman/i;

function dropSnippets(finding: Omit<Finding, 'id'>): void {
  const locations = [
    finding.location,
    ...finding.relatedLocations,
    ...finding.codeFlows.flatMap((c) => c.threadFlows.flat().map((s) => s.location)),
  ];
  for (const loc of locations) if (loc.region) delete loc.region.snippet;
}

export function normalizeResult(
  result: Json,
  resultIndex: number,
  run: RunState,
  resolver: PathResolver,
): Omit<Finding, 'id'> & { fingerprints?: Record<string, string> } {
  const { id: ruleId, rule } = run.rules.find(result);
  const suppressions = toSuppressions(result.suppressions);
  const locations = Array.isArray(result.locations) ? result.locations : [];
  const location: FindingLocation =
    locations.length > 0
      ? toLocation(locations[0], run, resolver)
      : { status: 'unresolved', note: 'the result has no location' };
  const finding: Omit<Finding, 'id'> & { fingerprints?: Record<string, string> } = {
    tool: run.tool.version ? { ...run.tool } : { name: run.tool.name },
    rule: { id: ruleId },
    level: levelOf(result, rule?.defaultConfiguration?.level),
    cwe: cweIds(rule, result),
    message: formatMessage(result.message, rule?.messageStrings, run.globalStrings),
    location,
    relatedLocations: (Array.isArray(result.relatedLocations) ? result.relatedLocations : []).map((l) =>
      toLocation(l, run, resolver),
    ),
    codeFlows: toCodeFlows(result.codeFlows, run, resolver),
    partialFingerprints: stringMap(result.partialFingerprints),
    suppressed: suppressions.length > 0 && suppressions.every((s) => !s.status || s.status === 'accepted'),
    suppressions,
    sources: [
      {
        file: run.file,
        runIndex: run.runIndex,
        resultIndex,
        tool: run.tool.name,
        ...(run.tool.version ? { toolVersion: run.tool.version } : {}),
        ruleId,
      },
    ],
  };
  const name = str(rule?.name);
  if (name && name !== ruleId) finding.rule.name = name;
  const short = text(rule?.shortDescription);
  if (short) finding.rule.shortDescription = short;
  const helpUri = str(rule?.helpUri);
  // Only real links: the value ends up in PR bodies and terminal output.
  if (helpUri && /^https?:\/\/\S+$/i.test(helpUri)) finding.rule.helpUri = helpUri;
  const help = str(obj(rule?.help)?.markdown) ?? str(obj(rule?.help)?.text) ?? text(rule?.fullDescription);
  if (help) finding.rule.help = help;
  const severity = securitySeverity(rule, result);
  if (severity !== undefined) finding.securitySeverity = severity;
  const fingerprints = stringMap(result.fingerprints);
  if (Object.keys(fingerprints).length > 0) finding.fingerprints = fingerprints;
  const guid = str(result.guid) ?? str(result.correlationGuid);
  if (guid) finding.guid = guid;
  if (Array.isArray(result.fixes) && result.fixes.length > 0) finding.scannerFixes = result.fixes;
  if (SECRET_SCANNERS.test(run.tool.name)) dropSnippets(finding);
  return finding;
}
