/**
 * Imports and helpers a file's fixes ask for: each added once, at the place the language
 * expects, only when a fix that asked for it is kept. Requests made while one finding is
 * being transformed are provisional until the engine keeps or drops that finding's edits.
 */
import type { SgNode } from '@ast-grep/napi';
import { type Edit, type HelperSpec, type ImportSpec, type LanguageId, Unfixable } from './codemod.js';
import { type ImportPlanner, plannerFor } from './imports/index.js';
import { familyOf } from './languages.js';
import type { TopLevel } from './toplevel.js';

interface Pending {
  key: string;
  kind: 'import' | 'helper';
  spec: ImportSpec | HelperSpec;
  /** The expression / name handed to the codemod. */
  value: string;
  /** True when the file already had it: nothing to add. */
  existing: boolean;
  /** Codemods whose kept fixes asked for it. */
  owners: Set<string>;
}

export class FileAdditions {
  private plannerCache: ImportPlanner | undefined;
  private readonly kept = new Map<string, Pending>();
  private provisional = new Map<string, Pending>();
  /** Import keys that stand for a provided shared helper, with the helper's name. */
  private readonly providedKeys = new Map<string, string>();

  /**
   * `provided`: shared helpers that live in a helpers module for this run (helper name -> the
   * module specifier relative to this file): asking for one imports it instead of adding it.
   */
  constructor(
    readonly language: LanguageId,
    readonly root: SgNode,
    readonly source: string,
    private readonly tops: TopLevel,
    private readonly provided?: ReadonlyMap<string, string>,
  ) {}

  /** Built on first use: most files ask for no import or helper. */
  private get planner(): ImportPlanner {
    this.plannerCache ??= plannerFor(this.language, this.root, this.source, this.tops);
    return this.plannerCache;
  }

  private lookup(key: string): Pending | undefined {
    return this.kept.get(key) ?? this.provisional.get(key);
  }

  /** Names this run already decided to introduce (so two requests cannot pick the same one). */
  private takenNames(): Set<string> {
    const names = new Set<string>();
    for (const p of [...this.kept.values(), ...this.provisional.values()]) {
      if (!p.existing) names.add(p.value.split('.')[0] ?? p.value);
    }
    return names;
  }

  ensureImport(spec: ImportSpec): string {
    const key = `import:${spec.module}:${spec.name ?? ''}:${spec.namespace ?? ''}`;
    const known = this.lookup(key);
    if (known) {
      this.provisional.set(key, known);
      return known.value;
    }
    const found = this.planner.existingImport(spec);
    const value = found ?? this.planner.newImportName(spec, this.takenNames());
    this.provisional.set(key, {
      key,
      kind: 'import',
      spec,
      value,
      existing: found !== undefined,
      owners: new Set(),
    });
    return value;
  }

  ensureHelper(helper: HelperSpec): string {
    const key = `helper:${helper.name}`;
    const known = this.lookup(key);
    if (known) {
      this.provisional.set(key, known);
      return known.value;
    }
    const from = helper.shared ? this.provided?.get(helper.name) : undefined;
    // Already defined in the file (an earlier run's local copy) wins over the shared module.
    if (from && !this.planner.hasFunction(helper.name)) {
      this.providedKeys.set(`import:${from}:${helper.name}:`, helper.name);
      return this.ensureImport({ module: from, name: helper.name });
    }
    const family = familyOf(this.language);
    if (family === 'java') throw new Unfixable('helpers are not supported for Java; use a qualified call');
    const code = helper[family] ?? (family === 'typescript' ? helper.javascript : undefined);
    if (!code) throw new Unfixable(`helper ${helper.name} has no ${family} version`);
    // An earlier run's shared module, imported by name, counts as the file having it.
    const existing =
      this.planner.hasFunction(helper.name) ||
      (helper.shared === true && this.planner.importsLocally?.(helper.name) === true);
    if (!existing && (this.planner.usesName(helper.name) || this.takenNames().has(helper.name))) {
      throw new Unfixable(`cannot add helper ${helper.name}(): the name is already used in this file`);
    }
    this.provisional.set(key, {
      key,
      kind: 'helper',
      spec: helper,
      value: helper.name,
      existing,
      owners: new Set(),
    });
    return helper.name;
  }

  /** Start a finding's transform. */
  begin(): void {
    this.provisional = new Map();
  }

  /** The finding's edits were kept: keep what it asked for. */
  commit(owner: string): void {
    for (const [k, v] of this.provisional) {
      v.owners.add(owner);
      this.kept.set(k, v);
    }
    this.provisional = new Map();
  }

  rollback(): void {
    this.provisional = new Map();
  }

  /** Provided shared helpers the kept fixes import (so the run's helpers module must hold them). */
  usedProvided(): string[] {
    return [...this.providedKeys].filter(([key]) => this.kept.has(key)).map(([, name]) => name);
  }

  /**
   * The insertions for everything kept and not already in the file; with `owners`, only what
   * those codemods asked for (to stage one codemod's change after another's).
   */
  edits(owners?: ReadonlySet<string>): Edit[] {
    if (this.kept.size === 0) return [];
    const imports: ImportSpec[] = [];
    const importNames: string[] = [];
    const helpers: string[] = [];
    const family = familyOf(this.language);
    for (const p of this.kept.values()) {
      if (p.existing) continue;
      if (owners && ![...p.owners].some((o) => owners.has(o))) continue;
      if (p.kind === 'import') {
        imports.push(p.spec as ImportSpec);
        importNames.push(p.value);
      } else {
        const h = p.spec as HelperSpec;
        const code = h[family] ?? h.javascript;
        if (code) helpers.push(code);
      }
    }
    return this.planner.render(imports, importNames, helpers);
  }
}
