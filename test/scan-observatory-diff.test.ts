/**
 * Grade equality with the MDN HTTP Observatory 1.4.8 (a devDependency, run as itself): each
 * configuration of test/scan/observatory-configs.ts is served on ports 80 and 443 of a
 * loopback address (1.4.8 takes a bare hostname), scanned by the Observatory and by
 * `trust scan --algorithm 4`, and the score, grade and every test's result must be equal.
 * Ports 80/443 need root (CI runs as root); elsewhere the suite says why it is skipped.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanClient } from '../src/scan/http-client.js';
import { gradeRetrieval } from '../src/scan/observatory/index.js';
import { retrieve } from '../src/scan/observatory/retrieve.js';
import { REPO_ROOT } from './helpers/run-trust.js';
import { CONFIGS, handlerFor } from './scan/observatory-configs.js';
import { type ScanSite, startScanSite } from './servers/scan-site.js';
import { createTestCa } from './servers/test-ca.js';

const OBSERVATORY = join(REPO_ROOT, 'node_modules/@mdn/mdn-http-observatory');
const isRoot = process.getuid?.() === 0;

interface ObservatoryOutput {
  scan: { score: number; grade: string; algorithmVersion: number };
  tests: Record<string, { result: string; pass: boolean; scoreModifier: number }>;
}

describe.skipIf(!isRoot)(
  'trust scan --algorithm 4 equals MDN HTTP Observatory 1.4.8 (needs root for ports 80/443)',
  () => {
    const host = `127.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const dir = mkdtempSync(join(tmpdir(), 'trust-obs-'));
    const ca = createTestCa();
    const caFile = join(dir, 'ca.pem');
    let site: ScanSite;

    beforeAll(async () => {
      // The documented offline install (reference/scan.md §1.1): no preload list, so preload checks are false.
      const preload = join(OBSERVATORY, 'conf', 'hsts-preload.json');
      if (!existsSync(preload)) writeFileSync(preload, '{}');
      writeFileSync(caFile, ca.certPem);
      site = await startScanSite(() => ({ status: 500 }), {
        host,
        httpPort: 80,
        httpsPort: 443,
        tls: ca.issue({ ips: [host] }),
      });
    });
    afterAll(async () => {
      await site?.close();
    });

    it('serves at least 25 configurations', () => {
      expect(CONFIGS.length).toBeGreaterThanOrEqual(25);
    });

    for (const config of CONFIGS) {
      it(config.name, async () => {
        site.setHandler(handlerFor(config, host));
        const observed = await execa(process.execPath, [join(OBSERVATORY, 'src', 'scan.js'), host], {
          env: { NODE_EXTRA_CA_CERTS: caFile },
          reject: false,
          timeout: 60_000,
        });
        const expected = JSON.parse(observed.stdout) as ObservatoryOutput;
        expect(expected.scan.algorithmVersion).toBe(4);
        const client = new ScanClient({
          userAgent: 'trust-scan/test',
          rate: 100,
          budget: 40,
          timeoutMs: 10_000,
          ca: ca.certPem,
          targets: [{ host, address: host, family: 4 }],
        });
        const retrieval = await retrieve(client, {
          host,
          httpsUrl: `https://${host}/`,
          httpUrl: `http://${host}/`,
          inScope: (u) => u.hostname === host,
        });
        const ours = gradeRetrieval(retrieval, 4);
        // Name every test that differs, so a failure says which rule drifted.
        const differing = Object.entries(expected.tests).flatMap(([name, t]) => {
          const mine = ours.tests[name as keyof typeof ours.tests];
          const theirs = { result: t.result, pass: t.pass, scoreModifier: t.scoreModifier };
          return JSON.stringify(mine) === JSON.stringify(theirs)
            ? []
            : [{ name, observatory: theirs, trust: mine }];
        });
        expect(differing).toEqual([]);
        expect({ score: ours.score, grade: ours.grade }).toEqual({
          score: expected.scan.score,
          grade: expected.scan.grade,
        });
      });
    }
  },
);
