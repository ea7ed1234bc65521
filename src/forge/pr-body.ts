/**
 * forge/pr-body: the title and body of a trust pull/merge request. What changed and why, each
 * finding (rule, CWE, severity, a permalink to its place at the scanned commit), the codemod
 * and its review guidance or the evaluator's scores and reasons, the audit-log entries that
 * record each decision, and a collapsed diff summary. A body over the forge's limit loses
 * finding rows (with a count of what was left out) and then diff lines, never the guidance.
 * Hidden markers let a later run recognise the request and the findings it covers.
 */

export interface PrFinding {
  id: string;
  rule: string;
  cwe: readonly number[];
  level: string;
  securitySeverity?: number;
  path: string;
  line?: number;
  message: string;
}

export interface PrContent {
  groupKey: string;
  method: 'codemod' | 'llm';
  /** One paragraph: what changed and why. */
  summary: string;
  codemod?: { id: string; title: string; description: string; reviewGuidance: string };
  llm?: {
    model: string;
    scores: { safety: number; effectiveness: number; cleanliness: number };
    reasons: string;
  };
  references: readonly { url: string; description?: string }[];
  findings: readonly PrFinding[];
  decisions: readonly { index: number; leafHash: string; kind: string; fingerprint?: string }[];
  files: readonly { path: string; added: number; removed: number }[];
  diff: string;
  /** How --verify checked the group (Markdown: the verdict line and the commands run). */
  verification?: string;
}

export interface RenderContext {
  commit: string;
  permalink: (commit: string, path: string, line?: number) => string;
  limit: number;
}

const GUIDANCE: Record<string, string> = {
  'merge-without-review':
    'a mechanical change with no behaviour change expected; merging without review is reasonable',
  'merge-after-cursory-review': 'a small, contained change; a quick look before merging',
  'merge-after-review': 'a change a reviewer should read and test before merging',
};

export const GROUP_MARKER = 'trust:group';
export const FINDINGS_MARKER = 'trust:findings';

export function renderPrBody(content: PrContent, ctx: RenderContext): string {
  const head = headSection(content);
  const markers = markerLines(content);
  const tail = tailSection(content);
  let rows = content.findings.length;
  let diffLines = content.diff.split('\n').length;
  for (;;) {
    const body = [head, findingSection(content, ctx, rows), tail, diffSection(content, diffLines), markers]
      .filter(Boolean)
      .join('\n\n');
    if (body.length <= ctx.limit) return `${body}\n`;
    if (rows > 10) rows = Math.max(10, Math.floor(rows / 2));
    else if (diffLines > 0) diffLines = Math.floor(diffLines / 2);
    else if (rows > 0) rows--;
    else return `${body.slice(0, ctx.limit - 2)}\n`;
  }
}

function headSection(c: PrContent): string {
  const lines = [c.summary];
  if (c.codemod) {
    lines.push(
      '',
      `**Codemod:** \`${c.codemod.id}\` (${c.codemod.title}), deterministic: no LLM was involved.`,
      `**Review guidance:** ${c.codemod.reviewGuidance}: ${GUIDANCE[c.codemod.reviewGuidance] ?? ''}.`,
      '',
      c.codemod.description.trim(),
    );
  }
  if (c.llm) {
    const s = c.llm.scores;
    lines.push(
      '',
      `**Written by an LLM** (${c.llm.model}) and passed by a separate evaluator call: safety ${s.safety}/100, effectiveness ${s.effectiveness}/100, cleanliness ${s.cleanliness}/100.`,
      '**Review guidance:** merge-after-review: a model wrote this change; read and test it.',
      '',
      `Evaluator: ${c.llm.reasons.trim()}`,
    );
  }
  return lines.join('\n');
}

function findingSection(c: PrContent, ctx: RenderContext, rows: number): string {
  const n = c.findings.length;
  const lines = [
    `### Findings fixed (${n})`,
    '',
    '| rule | CWE | severity | location |',
    '|---|---|---|---|',
  ];
  for (const f of c.findings.slice(0, rows)) {
    const cwe = f.cwe.length > 0 ? f.cwe.map((id) => `CWE-${id}`).join(', ') : '';
    const severity = f.securitySeverity !== undefined ? `${f.level} (${f.securitySeverity})` : f.level;
    const where = `[${cell(f.path)}${f.line ? `:${f.line}` : ''}](${ctx.permalink(ctx.commit, f.path, f.line)})`;
    lines.push(`| \`${cell(f.rule)}\` | ${cwe} | ${severity} | ${where} |`);
  }
  if (rows < n)
    lines.push(
      '',
      `…and ${n - rows} more finding${n - rows === 1 ? '' : 's'} (the full list is in the CodeTF report and the audit log).`,
    );
  return lines.join('\n');
}

function tailSection(c: PrContent): string {
  const parts: string[] = [];
  if (c.verification) parts.push(`### Verification\n\n${c.verification}`);
  if (c.references.length > 0) {
    parts.push(
      [
        '### References',
        '',
        ...c.references.map((r) => `- ${r.description ? `[${cell(r.description)}](${r.url})` : r.url}`),
      ].join('\n'),
    );
  }
  if (c.decisions.length > 0) {
    const shown = c.decisions.slice(0, 50);
    parts.push(
      [
        '### Audit log',
        '',
        'Each decision is an entry in the signed audit log (`trust log show`, `trust log prove <index>`):',
        '',
        ...shown.map(
          (d) => `- #${d.index} ${d.kind}${d.fingerprint ? ` ${d.fingerprint}` : ''}, leaf \`${d.leafHash}\``,
        ),
        ...(c.decisions.length > shown.length ? [`- …and ${c.decisions.length - shown.length} more`] : []),
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

function diffSection(c: PrContent, maxLines: number): string {
  const stat = c.files.map((f) => `${f.path} | +${f.added} -${f.removed}`).join('\n');
  const lines = c.diff.split('\n');
  const diff =
    maxLines >= lines.length ? c.diff : `${lines.slice(0, maxLines).join('\n')}\n… (diff truncated)`;
  return [
    '<details>',
    `<summary>Diff: ${c.files.length} file${c.files.length === 1 ? '' : 's'}, +${sum(c.files, 'added')} -${sum(c.files, 'removed')}</summary>`,
    '',
    '```',
    stat,
    '```',
    ...(maxLines > 0 ? ['', '```diff', fence(diff).trimEnd(), '```'] : []),
    '',
    '</details>',
  ].join('\n');
}

function markerLines(c: PrContent): string {
  const ids = c.findings.map((f) => f.id).join(' ');
  return `<!-- ${GROUP_MARKER} ${c.groupKey} -->\n<!-- ${FINDINGS_MARKER} ${ids} -->\n_Opened by trust. Re-running trust on the same findings updates this request; it never pushes to any other branch._`;
}

/** The finding fingerprints a trust body lists in its marker. */
export function fingerprintsOf(body: string): string[] {
  const m = new RegExp(`<!-- ${FINDINGS_MARKER} ([^>]*) -->`).exec(body);
  return m?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];
}

function sum(files: PrContent['files'], key: 'added' | 'removed'): number {
  return files.reduce((n, f) => n + f[key], 0);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A diff containing ``` must not close the fence early. */
function fence(text: string): string {
  return text.replace(/^```/gm, '` ``');
}
