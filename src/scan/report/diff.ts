/**
 * scan/report/diff: what changed since the previous scan of the same asset: the grade (or
 * score), each recorded header, each script source, the certificate, and findings that
 * appeared or went away. PCI DSS 11.6.1 asks for exactly this on payment pages, so the order is
 * stable (grade, headers, scripts, certificate, findings; names sorted) and nothing is omitted.
 */
import type { ScanChange, ScanFinding, ScanReport, ScanSnapshot } from '../types.js';

export function diffScans(previous: ScanReport | undefined, current: ScanReport): ScanChange[] {
  if (!previous) return [];
  return [
    ...gradeChange(previous.snapshot, current.snapshot),
    ...headerChanges(previous.snapshot.headers, current.snapshot.headers),
    ...setChanges('script', previous.snapshot.scripts, current.snapshot.scripts),
    ...certificateChange(previous.snapshot, current.snapshot),
    ...findingChanges(previous.findings, current.findings),
  ];
}

function gradeChange(before: ScanSnapshot, after: ScanSnapshot): ScanChange[] {
  if (before.grade === after.grade && before.score === after.score) return [];
  return [
    {
      kind: 'grade',
      change: 'changed',
      name: 'grade',
      before: `${before.grade} (${before.score})`,
      after: `${after.grade} (${after.score})`,
    },
  ];
}

function headerChanges(before: Record<string, string>, after: Record<string, string>): ScanChange[] {
  const lower = (r: Record<string, string>) =>
    new Map(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v] as const));
  const a = lower(before);
  const b = lower(after);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  return names.flatMap((name): ScanChange[] => {
    const was = a.get(name);
    const now = b.get(name);
    if (was === now) return [];
    if (was === undefined) return [{ kind: 'header', change: 'added', name, after: now }];
    if (now === undefined) return [{ kind: 'header', change: 'removed', name, before: was }];
    return [{ kind: 'header', change: 'changed', name, before: was, after: now }];
  });
}

function setChanges(kind: 'script', before: string[], after: string[]): ScanChange[] {
  const a = new Set(before);
  const b = new Set(after);
  const added = [...b].filter((s) => !a.has(s)).sort();
  const removed = [...a].filter((s) => !b.has(s)).sort();
  return [
    ...added.map((name): ScanChange => ({ kind, change: 'added', name })),
    ...removed.map((name): ScanChange => ({ kind, change: 'removed', name })),
  ];
}

function certificateChange(before: ScanSnapshot, after: ScanSnapshot): ScanChange[] {
  const was = before.certificate;
  const now = after.certificate;
  const show = (c: NonNullable<ScanSnapshot['certificate']>) =>
    `sha256 ${c.sha256}, valid to ${c.validTo}, issuer ${c.issuer}`;
  if (!was && !now) return [];
  if (!was && now) return [{ kind: 'certificate', change: 'added', name: 'certificate', after: show(now) }];
  if (was && !now)
    return [{ kind: 'certificate', change: 'removed', name: 'certificate', before: show(was) }];
  if (was && now && was.sha256 !== now.sha256) {
    return [
      { kind: 'certificate', change: 'changed', name: 'certificate', before: show(was), after: show(now) },
    ];
  }
  return [];
}

/** A finding is the same across scans when its rule and URL are. */
export function findingKey(f: Pick<ScanFinding, 'ruleId' | 'url'>): string {
  return `${f.ruleId} ${f.url}`;
}

function findingChanges(before: ScanFinding[], after: ScanFinding[]): ScanChange[] {
  const a = new Map(before.map((f) => [findingKey(f), f]));
  const b = new Map(after.map((f) => [findingKey(f), f]));
  const sorted = (m: Map<string, ScanFinding>, other: Map<string, ScanFinding>) =>
    [...m.entries()].filter(([k]) => !other.has(k)).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return [
    ...sorted(b, a).map(
      ([, f]): ScanChange => ({ kind: 'finding', change: 'added', name: f.ruleId, after: f.url }),
    ),
    ...sorted(a, b).map(
      ([, f]): ScanChange => ({ kind: 'finding', change: 'removed', name: f.ruleId, before: f.url }),
    ),
  ];
}
