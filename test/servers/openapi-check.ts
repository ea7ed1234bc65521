/**
 * test/servers/openapi-check: match a request to an operation of an OpenAPI 3 description
 * and validate its path parameters, query and JSON body against the operation's schemas
 * (ajv). Used by the loopback GitHub server with GitHub's official description
 * (@octokit/openapi), so a request the real API would reject fails the test.
 */
import { Ajv, type ValidateFunction } from 'ajv';

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: unknown;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, Record<string, unknown>>;
}

export interface Matched {
  template: string;
  params: Record<string, string>;
}

export class OpenApiCheck {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; regex: RegExp; names: string[] }[];

  constructor(private readonly spec: Spec) {
    this.ajv.addSchema(spec as object, 'spec');
    this.routes = Object.keys(spec.paths).map((template) => {
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, n: string) => {
        names.push(n);
        return '([^/]+)';
      });
      return { template, regex: new RegExp(`^${source}$`), names };
    });
  }

  /** The operation `method path` names, or undefined when the description has none. */
  match(method: string, path: string): Matched | undefined {
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m || !this.spec.paths[r.template]?.[method.toLowerCase()]) continue;
      return {
        template: r.template,
        params: Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])),
      };
    }
    return undefined;
  }

  /** Every problem with the request, as "where: message" lines (empty when it is valid). */
  validate(method: string, matched: Matched, query: URLSearchParams, body: unknown): string[] {
    const op = this.spec.paths[matched.template]![method.toLowerCase()]!;
    const problems: string[] = [];
    const params = (op.parameters ?? []).map((p) => this.deref<Parameter>(p));
    for (const p of params.filter((p) => p.in === 'query')) {
      const value = query.get(p.name);
      if (value === null) continue;
      const errors = this.check(`query:${matched.template}:${p.name}`, p.schema, coerce(value, p.schema));
      problems.push(...errors.map((e) => `query ${p.name}: ${e}`));
    }
    for (const key of query.keys()) {
      if (!params.some((p) => p.in === 'query' && p.name === key))
        problems.push(`query ${key}: not a parameter of ${method} ${matched.template}`);
    }
    const schema = op.requestBody?.content?.['application/json']?.schema;
    if (body === undefined) {
      if (op.requestBody?.required) problems.push('body: required');
    } else if (!schema) {
      problems.push(`body: ${method} ${matched.template} takes no JSON body`);
    } else {
      const pointer = `#/paths/${pointerEscape(matched.template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
      problems.push(...this.check(pointer, { $ref: `spec${pointer}` }, body).map((e) => `body${e}`));
    }
    return problems;
  }

  private check(key: string, schema: unknown, value: unknown): string[] {
    let validate = this.cache.get(key);
    if (!validate) {
      // A parameter schema may use the description's own $refs: resolve them in the spec.
      const rooted = JSON.parse(
        JSON.stringify(schema ?? {}).replace(/"#\/components\//g, '"spec#/components/'),
      );
      validate = this.ajv.compile(rooted as object);
      this.cache.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`.trim());
  }

  private deref<T>(value: unknown): T {
    const ref = (value as { $ref?: string }).$ref;
    if (!ref) return value as T;
    const [, section, name] = /^#\/components\/([^/]+)\/(.+)$/.exec(ref) ?? [];
    return this.spec.components[section!]![name!] as T;
  }
}

function pointerEscape(template: string): string {
  return template.replace(/~/g, '~0').replace(/\//g, '~1');
}

function coerce(value: string, schema: unknown): unknown {
  const type = (schema as { type?: string } | undefined)?.type;
  if (type === 'integer' || type === 'number') return Number(value);
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
