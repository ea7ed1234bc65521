import { describe, expect, it } from 'vitest';
import { checkResult } from './validate.js';

const loc = (line: unknown) => ({
  physicalLocation: {
    artifactLocation: { uri: 'a.js', index: 0 },
    region: { startLine: line, startColumn: 3 },
  },
  message: { text: 'step' },
});

const good = () => ({
  ruleId: 'js/x',
  level: 'warning',
  message: { text: 'bad {0}', arguments: ['x'] },
  locations: [loc(3)],
  relatedLocations: [loc(4)],
  codeFlows: [{ threadFlows: [{ locations: [{ location: loc(1) }, { location: loc(2) }, {}] }] }],
  partialFingerprints: { primaryLocationLineHash: 'abc:1' },
  suppressions: [{ kind: 'inSource', status: 'accepted' }],
});

describe('checkResult (fast path and precise pointers agree)', () => {
  it('accepts a well-formed result with code flows', () => {
    expect(checkResult(good(), '/runs/0/results/0')).toBeUndefined();
  });

  const cases: [string, (r: ReturnType<typeof good>) => void, string][] = [
    [
      'deep code-flow region',
      (r) =>
        ((
          r.codeFlows[0]!.threadFlows[0]!.locations[1]!.location as ReturnType<typeof loc>
        ).physicalLocation.region.startLine = 0),
      '/codeFlows/0/threadFlows/0/locations/1/location/physicalLocation/region/startLine',
    ],
    [
      'related location uri',
      (r) => ((r.relatedLocations[0]!.physicalLocation.artifactLocation as { uri: unknown }).uri = 7),
      '/relatedLocations/0/physicalLocation/artifactLocation/uri',
    ],
    [
      'fingerprint value',
      (r) => ((r.partialFingerprints as Record<string, unknown>).primaryLocationLineHash = 1),
      '/partialFingerprints/primaryLocationLineHash',
    ],
    [
      'suppression status',
      (r) => ((r.suppressions[0] as { status: string }).status = 'maybe'),
      '/suppressions/0/status',
    ],
    ['level', (r) => (r.level = 'fatal'), '/level'],
    ['message', (r) => ((r as { message: unknown }).message = {}), '/message'],
  ];
  for (const [name, mutate, pointer] of cases) {
    it(`names the pointer of a bad ${name}`, () => {
      const r = good();
      mutate(r);
      expect(checkResult(r, '/runs/0/results/0')?.pointer).toBe(`/runs/0/results/0${pointer}`);
    });
  }
});
