/**
 * sarif/validate: checks the parts of a result that ingest relies on and names the first
 * problem by its JSON pointer ("/runs/0/results/7/locations/0/physicalLocation/region/
 * startLine: must be an integer >= 1"). A result with a problem is skipped with a warning
 * (or fails the ingest under --strict). Also spots snake_case re-serialised SARIF, which
 * would otherwise silently lose rule ids and locations.
 */
type Json = Record<string, unknown>;

const LEVELS = ['none', 'note', 'warning', 'error'];
const KINDS = ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'];
const SUPPRESSION_KINDS = ['inSource', 'external'];
const SUPPRESSION_STATUS = ['accepted', 'underReview', 'rejected'];
/** snake_case spellings of SARIF keys that a re-serialiser (e.g. pydantic) produces. */
const SNAKE_KEYS = [
  'rule_id',
  'rule_index',
  'physical_location',
  'artifact_location',
  'uri_base_id',
  'partial_fingerprints',
  'code_flows',
  'related_locations',
  'thread_flows',
  'semantic_version',
  'original_uri_base_ids',
];

export class Problem {
  constructor(
    readonly pointer: string,
    readonly reason: string,
  ) {}
  toString(): string {
    return `${this.pointer}: ${this.reason}`;
  }
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws Problem on the first thing wrong. */
class Checker {
  object(value: unknown, at: string): Json {
    if (!isObject(value)) throw new Problem(at, `must be an object, found ${kind(value)}`);
    return value;
  }
  optionalObject(parent: Json, key: string, at: string): Json | undefined {
    const v = parent[key];
    return v === undefined ? undefined : this.object(v, `${at}/${key}`);
  }
  optionalArray(parent: Json, key: string, at: string): unknown[] {
    const v = parent[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new Problem(`${at}/${key}`, `must be an array, found ${kind(v)}`);
    return v;
  }
  optionalString(parent: Json, key: string, at: string): void {
    const v = parent[key];
    if (v !== undefined && typeof v !== 'string')
      throw new Problem(`${at}/${key}`, `must be a string, found ${kind(v)}`);
  }
  optionalEnum(parent: Json, key: string, allowed: string[], at: string): void {
    const v = parent[key];
    if (v !== undefined && (typeof v !== 'string' || !allowed.includes(v))) {
      throw new Problem(`${at}/${key}`, `must be one of ${allowed.join(', ')}, found ${JSON.stringify(v)}`);
    }
  }
  optionalInteger(parent: Json, key: string, min: number, at: string): void {
    const v = parent[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) {
      throw new Problem(`${at}/${key}`, `must be an integer >= ${min}, found ${JSON.stringify(v)}`);
    }
  }

  message(value: unknown, at: string): void {
    const m = this.object(value, at);
    this.optionalString(m, 'text', at);
    this.optionalString(m, 'markdown', at);
    this.optionalString(m, 'id', at);
    this.optionalArray(m, 'arguments', at);
    if (m.text === undefined && m.markdown === undefined && m.id === undefined) {
      throw new Problem(at, 'a message needs text, markdown or id');
    }
  }

  location(value: unknown, at: string): void {
    const loc = this.object(value, at);
    const physical = this.optionalObject(loc, 'physicalLocation', at);
    if (physical) {
      const p = `${at}/physicalLocation`;
      const artifact = this.optionalObject(physical, 'artifactLocation', p);
      if (artifact) {
        this.optionalString(artifact, 'uri', `${p}/artifactLocation`);
        this.optionalString(artifact, 'uriBaseId', `${p}/artifactLocation`);
        this.optionalInteger(artifact, 'index', -1, `${p}/artifactLocation`);
      }
      for (const key of ['region', 'contextRegion']) {
        const region = this.optionalObject(physical, key, p);
        if (!region) continue;
        for (const n of ['startLine', 'endLine', 'startColumn', 'endColumn'])
          this.optionalInteger(region, n, 1, `${p}/${key}`);
        this.optionalInteger(region, 'charOffset', -1, `${p}/${key}`);
        this.optionalObject(region, 'snippet', `${p}/${key}`);
      }
    }
    if (loc.message !== undefined) this.message(loc.message, `${at}/message`);
  }
}

/** The first problem of `result` (at pointer `at`), or undefined when it is usable. */
export function checkResult(result: unknown, at: string): Problem | undefined {
  const c = new Checker();
  try {
    const r = c.object(result, at);
    const snake = SNAKE_KEYS.find((k) => k in r);
    if (snake) throw new Problem(`${at}/${snake}`, snakeCaseReason(snake));
    if (r.message === undefined) throw new Problem(`${at}/message`, 'is required');
    c.message(r.message, `${at}/message`);
    c.optionalString(r, 'ruleId', at);
    c.optionalInteger(r, 'ruleIndex', -1, at);
    c.optionalEnum(r, 'level', LEVELS, at);
    c.optionalEnum(r, 'kind', KINDS, at);
    c.optionalObject(r, 'rule', at);
    c.optionalObject(r, 'properties', at);
    for (const key of ['locations', 'relatedLocations']) {
      c.optionalArray(r, key, at).forEach((l, i) => {
        c.location(l, `${at}/${key}/${i}`);
      });
    }
    c.optionalArray(r, 'codeFlows', at).forEach((flow, i) => {
      const f = c.object(flow, `${at}/codeFlows/${i}`);
      c.optionalArray(f, 'threadFlows', `${at}/codeFlows/${i}`).forEach((tf, j) => {
        const tp = `${at}/codeFlows/${i}/threadFlows/${j}`;
        c.optionalArray(c.object(tf, tp), 'locations', tp).forEach((step, k) => {
          const s = c.object(step, `${tp}/locations/${k}`);
          if (s.location !== undefined) c.location(s.location, `${tp}/locations/${k}/location`);
        });
      });
    });
    c.optionalArray(r, 'stacks', at).forEach((stack, i) => {
      const s = c.object(stack, `${at}/stacks/${i}`);
      if (!Array.isArray(s.frames))
        throw new Problem(`${at}/stacks/${i}/frames`, 'is required and must be an array');
    });
    for (const key of ['partialFingerprints', 'fingerprints']) {
      const fp = c.optionalObject(r, key, at);
      for (const [k, v] of Object.entries(fp ?? {})) {
        if (typeof v !== 'string')
          throw new Problem(`${at}/${key}/${escapePointer(k)}`, `must be a string, found ${kind(v)}`);
      }
    }
    c.optionalArray(r, 'suppressions', at).forEach((s, i) => {
      const sp = `${at}/suppressions/${i}`;
      const o = c.object(s, sp);
      if (o.kind === undefined) throw new Problem(`${sp}/kind`, 'is required');
      c.optionalEnum(o, 'kind', SUPPRESSION_KINDS, sp);
      c.optionalEnum(o, 'status', SUPPRESSION_STATUS, sp);
    });
    return undefined;
  } catch (error) {
    if (error instanceof Problem) return error;
    throw error;
  }
}

/** A snake_case key anywhere at the top of a run, or undefined. */
export function snakeCaseKeyOfRun(run: Json): string | undefined {
  const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
  return SNAKE_KEYS.find((k) => k in run || k in driver);
}

export function snakeCaseReason(key: string): string {
  return `"${key}" is a snake_case key: this file was re-serialised and is not SARIF 2.1.0 (keys are camelCase, e.g. ruleId, physicalLocation); export it again from the scanner`;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
