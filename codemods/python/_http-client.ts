/**
 * Whether a call is a requests or httpx call, for requests-verify: `verify=` means TLS
 * verification there and may mean anything elsewhere (a checksum check, a signature). Follows
 * the file's imports (`import requests as r`, `from requests import get`) and session objects
 * built in the same function, class or module (`s = requests.Session()`, `with httpx.Client()
 * as c`, `self.http = requests.Session()`). urllib3 takes no `verify=` (its switch is
 * `cert_reqs`), so it is not one of them.
 */
import type { SgNode } from '@ast-grep/napi';
import { importedNames, qualify } from './_support.js';

const CLIENT_MODULE = /^(requests|httpx)(\.|$)/;
const SESSION = /^(requests\.(Session|session|sessions\.Session)|httpx\.(Client|AsyncClient))$/;

function isSessionConstructor(value: SgNode | null, imports: Map<string, string>): boolean {
  const fn = value?.kind() === 'call' ? value.field('function') : null;
  return SESSION.test((fn && qualify(fn, imports)) ?? '');
}

function parameterName(p: SgNode): string {
  if (p.kind() === 'identifier') return p.text();
  return (p.field('name') ?? p.namedChildren()[0])?.text() ?? '';
}

/** Where `target` (a name or `self.x`) is bound: the enclosing function, class, or module. */
function bindingScopes(call: SgNode, target: string): SgNode[] {
  const kind = target.startsWith('self.') ? 'class_definition' : 'function_definition';
  let scope = call.parent();
  while (scope && scope.kind() !== kind) scope = scope.parent();
  const root = call.getRoot().root();
  if (!scope) return [root];
  // A parameter's value comes from the caller: nothing in this file says what it is.
  const params = kind === 'function_definition' ? (scope.field('parameters')?.namedChildren() ?? []) : [];
  return params.some((p) => parameterName(p) === target) ? [] : [scope, root];
}

/** Every value `target` is given (`target = v`, `with v as target`) in the first scope that gives it one. */
function valuesOf(call: SgNode, target: string): SgNode[] | undefined {
  for (const scope of bindingScopes(call, target)) {
    const values: SgNode[] = [];
    for (const a of scope.findAll({ rule: { kind: 'assignment' } })) {
      if (a.field('left')?.text() === target) values.push(a.field('right') ?? a);
    }
    for (const p of scope.findAll({ rule: { kind: 'as_pattern' } })) {
      if (p.field('alias')?.text() === target) values.push(p.namedChildren()[0] ?? p);
    }
    if (values.length > 0) return values;
  }
  return undefined;
}

/** Why `call` is not a requests/httpx call, or undefined when it is one. */
export function notHttpClientCall(call: SgNode): string | undefined {
  const fn = call.field('function');
  if (!fn) return 'this call has no function name';
  const imports = importedNames(call.getRoot().root());
  if (CLIENT_MODULE.test(qualify(fn, imports) ?? '')) return undefined;
  const object = fn.kind() === 'attribute' ? fn.field('object') : null;
  if (object?.kind() === 'call' && isSessionConstructor(object, imports)) return undefined;
  const why = `${fn.text()}() is not a requests or httpx call this codemod can see, and verify= may mean something else there`;
  if (!object || !/^(self\.)?[A-Za-z_]\w*$/.test(object.text())) return why;
  const values = valuesOf(call, object.text());
  if (!values) return why;
  return values.every((v) => isSessionConstructor(v, imports))
    ? undefined
    : `${object.text()} is not always a requests or httpx session here, and verify= may mean something else on it`;
}
