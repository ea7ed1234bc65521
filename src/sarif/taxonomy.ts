/**
 * sarif/taxonomy: CWE ids and security severity, wherever scanners put them:
 *   tags "external/cwe/cwe-079" (CodeQL, Bandit), "CWE-79: ..." (Semgrep), "cwe:79";
 *   properties.cwe ["CWE-79"] (Snyk) or a number/string; rule.relationships and result.taxa
 *   targeting the CWE taxonomy (Flawfinder, gosec); `security-severity` as a number or
 *   numeric string on the rule or the result (qualitative "MEDIUM" is not a score: ignored).
 */
type Json = Record<string, unknown>;

const CWE_PATTERN = /(?:^|[^a-z])cwe[-:/_ ]*0*(\d{1,5})(?![\d])/i;

function asObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function cweFromText(value: unknown, into: Set<number>): void {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    into.add(value);
    return;
  }
  if (typeof value !== 'string') return;
  const m = CWE_PATTERN.exec(value);
  if (m?.[1]) into.add(Number(m[1]));
}

function fromProperties(props: Json | undefined, into: Set<number>): void {
  if (!props) return;
  if (Array.isArray(props.tags)) for (const tag of props.tags) cweFromText(tag, into);
  for (const key of ['cwe', 'CWE', 'cwes', 'cwe_ids']) {
    const value = props[key];
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && /^\d+$/.test(v.trim())) into.add(Number(v));
      else cweFromText(v, into);
    }
  }
}

function fromTaxa(refs: unknown, into: Set<number>): void {
  if (!Array.isArray(refs)) return;
  for (const ref of refs) {
    const obj = asObject(ref);
    const target = asObject(obj?.target) ?? obj;
    const component = asObject(target?.toolComponent);
    const isCwe = typeof component?.name === 'string' && component.name.toUpperCase() === 'CWE';
    const id = target?.id;
    if (typeof id !== 'string') continue;
    if (isCwe && /^\d+$/.test(id)) into.add(Number(id));
    else cweFromText(id, into);
  }
}

/** Numeric CWE ids from the rule and the result, sorted, without duplicates. */
export function cweIds(rule: Json | undefined, result: Json): number[] {
  const ids = new Set<number>();
  fromProperties(asObject(rule?.properties), ids);
  fromTaxa(rule?.relationships, ids);
  fromProperties(asObject(result.properties), ids);
  fromTaxa(result.taxa, ids);
  return [...ids].sort((a, b) => a - b);
}

function score(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

/** The result's own security-severity wins over the rule's. */
export function securitySeverity(rule: Json | undefined, result: Json): number | undefined {
  return (
    score(asObject(result.properties)?.['security-severity']) ??
    score(asObject(rule?.properties)?.['security-severity'])
  );
}
