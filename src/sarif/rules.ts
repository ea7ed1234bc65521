/**
 * sarif/rules: finds the reportingDescriptor (rule) of a result. Rules live in
 * tool.driver.rules and, for CodeQL, in tool.extensions[*].rules; a result names its rule by
 * ruleId, rule.id, ruleIndex / rule.index and rule.toolComponent (index, name or guid).
 */
type Json = Record<string, unknown>;

export interface RuleDescriptor extends Json {
  id?: string;
  name?: string;
  shortDescription?: { text?: string; markdown?: string };
  fullDescription?: { text?: string; markdown?: string };
  help?: { text?: string; markdown?: string };
  helpUri?: string;
  messageStrings?: Record<string, { text?: string; markdown?: string }>;
  defaultConfiguration?: { level?: string; enabled?: boolean };
  properties?: Json;
  relationships?: Array<{ target?: { id?: string; toolComponent?: { name?: string } } }>;
}

interface Component {
  name?: string;
  guid?: string;
  rules: RuleDescriptor[];
  byId: Map<string, RuleDescriptor>;
}

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function component(value: unknown): Component {
  const obj = asObject(value) ?? {};
  const rules = Array.isArray(obj.rules) ? (obj.rules.map((r) => asObject(r) ?? {}) as RuleDescriptor[]) : [];
  const byId = new Map<string, RuleDescriptor>();
  for (const rule of rules) if (typeof rule.id === 'string' && !byId.has(rule.id)) byId.set(rule.id, rule);
  return {
    name: typeof obj.name === 'string' ? obj.name : undefined,
    guid: typeof obj.guid === 'string' ? obj.guid : undefined,
    rules,
    byId,
  };
}

export interface RuleMatch {
  id: string;
  rule?: RuleDescriptor;
}

export class RuleTable {
  private readonly driver: Component;
  private readonly extensions: Component[];

  constructor(run: Json) {
    const tool = asObject(run.tool) ?? {};
    this.driver = component(tool.driver);
    this.extensions = Array.isArray(tool.extensions) ? tool.extensions.map(component) : [];
  }

  /** Driver rules plus every extension's rules (e.g. for `trust codemods` mappings). */
  all(): RuleDescriptor[] {
    return [...this.driver.rules, ...this.extensions.flatMap((e) => e.rules)];
  }

  find(result: Json): RuleMatch {
    const ref = asObject(result.rule);
    const ruleId =
      typeof result.ruleId === 'string' ? result.ruleId : typeof ref?.id === 'string' ? ref.id : undefined;
    const index =
      typeof result.ruleIndex === 'number'
        ? result.ruleIndex
        : typeof ref?.index === 'number'
          ? ref.index
          : -1;
    const owner = this.componentOf(asObject(ref?.toolComponent));

    let rule = index >= 0 ? owner.rules[index] : undefined;
    // An index that points at a different id is a producer bug (trimmed rule lists): trust the id.
    if (rule && ruleId !== undefined && rule.id !== undefined && !sameRule(rule.id, ruleId)) rule = undefined;
    if (!rule && ruleId !== undefined) rule = this.lookupById(ruleId, owner);
    const id = ruleId ?? (typeof rule?.id === 'string' ? rule.id : undefined);
    return { id: id ?? 'unknown-rule', rule };
  }

  private componentOf(ref: Json | undefined): Component {
    if (!ref) return this.driver;
    if (typeof ref.index === 'number') return this.extensions[ref.index] ?? this.driver;
    const byName = this.extensions.find(
      (e) =>
        (typeof ref.name === 'string' && e.name === ref.name) ||
        (typeof ref.guid === 'string' && e.guid === ref.guid),
    );
    return byName ?? this.driver;
  }

  private lookupById(id: string, first: Component): RuleDescriptor | undefined {
    for (const c of [first, this.driver, ...this.extensions]) {
      const hit = c.byId.get(id);
      if (hit) return hit;
    }
    // Hierarchical ids ("CA2101/1") fall back to their base rule.
    const slash = id.lastIndexOf('/');
    if (slash > 0 && /^\d+$/.test(id.slice(slash + 1))) return this.lookupById(id.slice(0, slash), first);
    return undefined;
  }
}

function sameRule(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}/`);
}
