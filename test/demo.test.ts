import { describe, expect, it } from 'vitest';
import { hasStackTrace, runTrust } from './helpers/run-trust.js';

interface DemoStep {
  title: string;
  exitCode: number;
  summary: string;
  data: unknown[];
}

describe('trust demo', () => {
  it('runs ingest, triage, codemod fixes and a signed, verified log offline with no keys', async () => {
    // Keys in the caller's environment must not be used (or leak): the demo is offline.
    const r = await runTrust(['demo', '--json'], {
      env: { OPENAI_API_KEY: 'sk-demo-must-not-be-used-1234567890', TRUST_SIGNING_KEY: 'not-a-key' },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).not.toContain('sk-demo-must-not-be-used');
    const report = JSON.parse(r.stdout) as { directory?: string; steps: DemoStep[] };
    expect(report.directory).toBeUndefined();
    expect(report.steps.map((s) => s.exitCode)).toEqual([0, 0, 0, 0, 0, 0]);

    const [ingest, triage, deliver, fix, scan, log] = report.steps as [
      DemoStep,
      DemoStep,
      DemoStep,
      DemoStep,
      DemoStep,
      DemoStep,
    ];
    const findings = ingest.data[0] as { rule: { id: string }; location: { path: string; status: string } }[];
    expect(findings).toHaveLength(16);
    // ESLint's absolute runner paths were mapped into the temporary checkout.
    expect(findings.every((f) => f.location.status === 'in-tree')).toBe(true);

    const decisions = triage.data[0] as { location: string; decision: string; decidedBy: string }[];
    expect(decisions.find((d) => d.location.startsWith('test/'))).toMatchObject({
      decision: 'wont_fix',
      decidedBy: 'trust/test-code',
    });

    const fixes = fix.data[0] as {
      fixed: { codemod: string; path: string }[];
      unfixed: { path: string; reason: string }[];
    };
    expect(fixes.fixed.length).toBeGreaterThanOrEqual(10);
    const fixedPaths = new Set(fixes.fixed.map((f) => f.path));
    for (const path of ['app/worker.py', 'src/auth.ts', 'src/server.js']) expect(fixedPaths).toContain(path);
    // Triage comes first: the finding in test code is set aside, not "fixed".
    expect([...fixedPaths].filter((p) => p.startsWith('test/'))).toEqual([]);
    expect(fixes.unfixed.find((u) => u.path === 'test/server.test.js')?.reason).toMatch(/^triaged wont_fix/);
    for (const u of fixes.unfixed) expect(u.reason).not.toBe('');

    // Delivery as patches: one per codemod, none for the finding triage set aside.
    const delivered = deliver.data[0] as { forge: string; groups: { status: string; branch: string }[] };
    expect(delivered.forge).toBe('patches');
    expect(delivered.groups.length).toBeGreaterThanOrEqual(10);
    expect(delivered.groups.every((g) => g.status === 'opened' && g.branch.startsWith('trust/'))).toBe(true);

    // The scan of the loopback site the demo starts: a grade, and the checks' findings with evidence.
    const scanned = scan.data[0] as {
      observatory: { grade: string; score: number };
      findings: { ruleId: string; evidence?: { bodyExcerpt?: string; secrets?: string[] } }[];
      requests: { methods: string[] };
    };
    expect(scanned.observatory.grade).toMatch(/^[A-F][+-]?$/);
    const rules = scanned.findings.map((f) => f.ruleId);
    for (const rule of [
      'exposed-files/env',
      'security-txt/expired',
      'observatory/x-frame-options-not-implemented',
    ])
      expect(rules).toContain(rule);
    expect(rules.some((r) => r.startsWith('banner/'))).toBe(true);
    const env = scanned.findings.find((f) => f.ruleId === 'exposed-files/env')!;
    expect(env.evidence?.secrets?.length).toBeGreaterThan(0);
    // The site's DB_PASSWORD is random per run: only its redacted form may appear anywhere.
    expect(r.stdout).not.toMatch(/DB_PASSWORD=[0-9a-f]{24}/);
    expect(scanned.requests.methods.every((m) => ['GET', 'HEAD', 'OPTIONS'].includes(m))).toBe(true);

    const verified = log.data[1] as { ok: boolean; size: number };
    expect(verified.ok).toBe(true);
    expect(verified.size).toBeGreaterThan(16);
  });

  it('prints what a new user should see, step by step', async () => {
    const r = await runTrust(['demo']);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const heading of [
      '1. Ingest',
      '2. Triage',
      '3. Deliver',
      '4. Fix',
      '5. Scan',
      '6. Audit log',
      'Summary',
    ]) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toContain('+    return "".join(secrets.SystemRandom().choice(');
    expect(r.stdout).toMatch(/deliver: \d+ pull requests written as patches in \.trust\/patches/);
    expect(r.stdout).toMatch(/scan: https:\/\/127\.0\.0\.1:\d+ graded [A-F][+-]? \(\d+\), \d+ findings/);
    expect(r.stdout).toMatch(/Audit log verified: \d+ entries, 1 signed checkpoint/);
  });
});
