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

// --- fast path ---------------------------------------------------------------------------
// The same rules as Checker, answering only yes or no and building no pointer strings: nearly
// every result is well formed, and building ~15 pointers per location for a log with code
// flows is most of the cost of checking. When this says no, Checker finds the exact problem.
// It must never say yes where Checker finds a problem (saying no too often is only slower).

const isInt = (v: unknown, min: number) => v === undefined || (Number.isInteger(v) && (v as number) >= min);
const isStr = (v: unknown) => v === undefined || typeof v === 'string';
const isObj = (v: unknown) => v === undefined || isObject(v);
const isArr = (v: unknown) => v === undefined || Array.isArray(v);
const isIn = (v: unknown, allowed: string[]) =>
  v === undefined || (typeof v === 'string' && allowed.includes(v));

function messageOk(m: unknown): boolean {
  if (!isObject(m)) return false;
  if (!isStr(m.text) || !isStr(m.markdown) || !isStr(m.id) || !isArr(m.arguments)) return false;
  return m.text !== undefined || m.markdown !== undefined || m.id !== undefined;
}

function regionOk(r: unknown): boolean {
  if (r === undefined) return true;
  if (!isObject(r)) return false;
  return (
    isInt(r.startLine, 1) &&
    isInt(r.endLine, 1) &&
    isInt(r.startColumn, 1) &&
    isInt(r.endColumn, 1) &&
    isInt(r.charOffset, -1) &&
    isObj(r.snippet)
  );
}

function locationOk(value: unknown): boolean {
  if (!isObject(value)) return false;
  const physical = value.physicalLocation;
  if (physical !== undefined) {
    if (!isObject(physical)) return false;
    const a = physical.artifactLocation;
    if (a !== undefined && (!isObject(a) || !isStr(a.uri) || !isStr(a.uriBaseId) || !isInt(a.index, -1)))
      return false;
    if (!regionOk(physical.region) || !regionOk(physical.contextRegion)) return false;
  }
  return value.message === undefined || messageOk(value.message);
}

function locationsOk(list: unknown): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  for (const l of list) if (!locationOk(l)) return false;
  return true;
}

function codeFlowsOk(flows: unknown): boolean {
  if (flows === undefined) return true;
  if (!Array.isArray(flows)) return false;
  for (const flow of flows) {
    if (!isObject(flow) || !isArr(flow.threadFlows)) return false;
    for (const tf of (flow.threadFlows as unknown[] | undefined) ?? []) {
      if (!isObject(tf) || !isArr(tf.locations)) return false;
      for (const step of (tf.locations as unknown[] | undefined) ?? []) {
        if (!isObject(step)) return false;
        if (step.location !== undefined && !locationOk(step.location)) return false;
      }
    }
  }
  return true;
}

function isWellFormed(r: unknown): boolean {
  if (!isObject(r) || r.message === undefined || !messageOk(r.message)) return false;
  for (const k of SNAKE_KEYS) if (k in r) return false;
  if (!isStr(r.ruleId) || !isInt(r.ruleIndex, -1) || !isIn(r.level, LEVELS) || !isIn(r.kind, KINDS))
    return false;
  if (!isObj(r.rule) || !isObj(r.properties)) return false;
  if (!locationsOk(r.locations) || !locationsOk(r.relatedLocations) || !codeFlowsOk(r.codeFlows))
    return false;
  if (r.stacks !== undefined) {
    if (!Array.isArray(r.stacks)) return false;
    for (const s of r.stacks) if (!isObject(s) || !Array.isArray(s.frames)) return false;
  }
  for (const fp of [r.partialFingerprints, r.fingerprints]) {
    if (fp === undefined) continue;
    if (!isObject(fp)) return false;
    for (const k in fp) if (typeof fp[k] !== 'string') return false;
  }
  if (r.suppressions !== undefined) {
    if (!Array.isArray(r.suppressions)) return false;
    for (const s of r.suppressions) {
      if (!isObject(s) || s.kind === undefined) return false;
      if (!isIn(s.kind, SUPPRESSION_KINDS) || !isIn(s.status, SUPPRESSION_STATUS)) return false;
    }
  }
  return true;
}

/** The first problem of `result` (at pointer `at`), or undefined when it is usable. */
export function checkResult(result: unknown, at: string): Problem | undefined {
  if (isWellFormed(result)) return undefined;
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
