/**
 * sarif/uri: from a SARIF artifactLocation to a repository-relative POSIX path (or a reason
 * why not). The steps, in order:
 *   1. artifactLocation.index fills a missing uri/uriBaseId from run.artifacts[index];
 *   2. uriBaseId is expanded through run.originalUriBaseIds, following chains; an undefined
 *      base (%SRCROOT% without a definition) means the repository root;
 *   3. file:// URIs, percent-encoding (so %2e%2e becomes ".." BEFORE the safety check),
 *      backslashes and Windows drive letters are turned into a POSIX path;
 *   4. absolute paths: --source-root prefixes first, then "lies under the root", then the
 *      longest suffix that names a file in the checkout (status suffix-match, with a note);
 *      a relative path under a foreign uriBaseId is taken relative to the root;
 *   5. core/paths places the result inside the root (.., symlinks via realpath) or reports it
 *      out-of-tree. Nothing here reads a file's content.
 */
import { isFileInRoot, placeInRoot } from '../core/paths.js';
import type { FindingLocation } from './finding.js';
import { RepoFiles } from './repo-files.js';

export interface ArtifactLocationLike {
  uri?: unknown;
  uriBaseId?: unknown;
  index?: unknown;
}

export interface RunPaths {
  originalUriBaseIds?: Record<string, { uri?: unknown; uriBaseId?: unknown }>;
  artifacts?: Array<{ location?: ArtifactLocationLike } | undefined>;
}

export type PathResolution = Pick<FindingLocation, 'path' | 'uri' | 'status' | 'note'>;

/** A `--source-root` mapping: an absolute prefix the scanner saw, and where it is in the repo. */
export interface SourceRoot {
  prefix: string;
  subdir: string;
}

/** "prefix" or "prefix=subdir" (as given to --source-root) to a normalized mapping. */
export function parseSourceRoot(spec: string): SourceRoot {
  const eq = spec.indexOf('=');
  const rawPrefix = eq >= 0 ? spec.slice(0, eq) : spec;
  const subdir = eq >= 0 ? spec.slice(eq + 1) : '';
  return { prefix: withSlash(toPosixPath(stripFileScheme(rawPrefix.trim()))), subdir: trimSlashes(subdir) };
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]+):/;
const DRIVE = /^\/?([a-zA-Z]):\//;

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

function trimSlashes(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

/** Percent-decode what can be decoded; leave malformed escapes as they are. */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** file:///c:/x -> /c:/x ; file://host/x -> //host/x ; file:/x -> /x. Other strings unchanged. */
function stripFileScheme(uri: string): string {
  const m = /^file:(\/\/([^/]*))?(.*)$/i.exec(uri);
  if (!m) return uri;
  const host = m[2] ?? '';
  const rest = m[3] ?? '';
  if (host && host.toLowerCase() !== 'localhost') return `//${host}${rest.startsWith('/') ? '' : '/'}${rest}`;
  return rest;
}

/** Backslashes to slashes; "/C:/x" and "c:\x" to "C:/x" (upper-case drive). */
function toPosixPath(path: string): string {
  let p = path.replace(/\\/g, '/');
  const drive = DRIVE.exec(p);
  if (drive) p = `${(drive[1] ?? '').toUpperCase()}:/${p.slice(drive[0].length)}`;
  return p;
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Z]:\//.test(p);
}

/** Expand a uriBaseId to its URI string; undefined base (or one without uri) = repo root (''). */
function expandBase(id: string, bases: RunPaths['originalUriBaseIds'], seen: Set<string>): string {
  const base = bases?.[id];
  if (!base || typeof base.uri !== 'string' || seen.has(id)) return '';
  seen.add(id);
  // Some producers pad base URIs with blanks (" src/"), a copy artefact; blanks never matter.
  const uri = base.uri.trim();
  if (SCHEME.test(uri) && !DRIVE.test(uri)) return uri;
  if (typeof base.uriBaseId === 'string') return joinUri(expandBase(base.uriBaseId, bases, seen), uri);
  return uri;
}

function joinUri(base: string, uri: string): string {
  if (!base) return uri;
  if (!uri) return base;
  return `${base.endsWith('/') ? base : `${base}/`}${uri}`;
}

export interface ResolverOptions {
  root: string;
  sourceRoots?: SourceRoot[];
  /** Told once per distinct foreign prefix re-rooted by suffix. */
  onSuffixMatch?: (prefix: string, example: string, path: string) => void;
}

/**
 * Resolves artifact locations of one ingest. Remembers every answer (the same URI is usually
 * reported many times) and the foreign prefixes that suffix matching discovered.
 */
export class PathResolver {
  private readonly cache = new Map<string, Map<string, PathResolution>>();
  private readonly learnedPrefixes: string[] = [];
  private readonly files: RepoFiles;

  constructor(private readonly options: ResolverOptions) {
    this.files = new RepoFiles(options.root);
  }

  resolve(location: ArtifactLocationLike | undefined, run: RunPaths): PathResolution {
    let uri = typeof location?.uri === 'string' ? location.uri : undefined;
    let baseId = typeof location?.uriBaseId === 'string' ? location.uriBaseId : undefined;
    if (typeof location?.index === 'number') {
      const artifact = run.artifacts?.[location.index]?.location;
      if (uri === undefined || uri === '') {
        uri = typeof artifact?.uri === 'string' ? artifact.uri : undefined;
        baseId ??= typeof artifact?.uriBaseId === 'string' ? artifact.uriBaseId : undefined;
      }
    }
    if (uri === undefined || uri === '' || (uri.charCodeAt(0) <= 32 && uri.trim() === '')) {
      return { status: 'unresolved', note: 'the location names no artifact (no uri)' };
    }
    const base = baseId === undefined ? '' : this.baseOf(baseId, run);
    // Two-level cache (base, then URI): no key string is built per location.
    let byUri = this.cache.get(base);
    if (!byUri) {
      byUri = new Map();
      this.cache.set(base, byUri);
    }
    let hit = byUri.get(uri);
    if (!hit) {
      hit = { ...this.resolveUri(uri, base, baseId), uri };
      byUri.set(uri, hit);
    }
    return hit;
  }

  /** Expanded uriBaseIds, per run (a run's table never changes while it is read). */
  private readonly bases = new WeakMap<RunPaths, Map<string, string>>();

  private baseOf(baseId: string, run: RunPaths): string {
    let table = this.bases.get(run);
    if (!table) {
      table = new Map();
      this.bases.set(run, table);
    }
    let base = table.get(baseId);
    if (base === undefined) {
      base = expandBase(baseId, run.originalUriBaseIds, new Set());
      table.set(baseId, base);
    }
    return base;
  }

  private resolveUri(uri: string, base: string, baseId: string | undefined): Omit<PathResolution, 'uri'> {
    const scheme = SCHEME.exec(uri);
    if (scheme && !DRIVE.test(uri) && scheme[1]?.toLowerCase() !== 'file') {
      return { status: 'unresolved', note: `${scheme[1]}: URIs do not name files in the repository` };
    }
    const own = toPosixPath(percentDecode(stripFileScheme(uri)));
    if (isAbsolutePath(own)) {
      const note = baseId ? `absolute URI ignores its uriBaseId ${baseId}` : undefined;
      return this.placeAbsolute(own, note);
    }
    const baseScheme = SCHEME.exec(base);
    if (base && baseScheme && !DRIVE.test(base) && baseScheme[1]?.toLowerCase() !== 'file') {
      return { status: 'unresolved', note: `uriBaseId ${baseId} is a ${baseScheme[1]}: URI, not a file` };
    }
    const basePath = toPosixPath(percentDecode(stripFileScheme(base)));
    if (isAbsolutePath(basePath)) {
      // The uriBaseId exists so that `own` is relative to the project root; when that root was
      // on another machine, `own` taken relative to OUR root is the best answer if it exists.
      const relative = this.placeRelative(own);
      const foreign = {
        ...relative,
        note: `uriBaseId ${baseId} (${base}) is not this checkout; taken relative to the root`,
      };
      const placed = this.placeAbsolute(joinUri(basePath, own), undefined, () =>
        relative.path && isFileInRoot(this.options.root, relative.path) ? foreign : undefined,
      );
      if (placed.status !== 'out-of-tree' || placed.note?.includes('..') || relative.status !== 'in-tree')
        return placed;
      return foreign;
    }
    return this.placeRelative(joinUri(basePath, own));
  }

  private placeRelative(path: string): Omit<PathResolution, 'uri'> {
    const placed = placeInRoot(this.options.root, path);
    if (!placed.inside) return { status: 'out-of-tree', note: placed.reason };
    if (isFileInRoot(this.options.root, placed.path)) return { status: 'in-tree', path: placed.path };
    // Not at the root: some scanners report paths relative to a source folder.
    const found = this.files.endingWith(placed.path);
    if (found.length === 1 && found[0]) {
      const inside = placeInRoot(this.options.root, found[0]);
      if (inside.inside) {
        return {
          status: 'suffix-match',
          path: inside.path,
          note: `${placed.path} is not at the repository root; the only file in the checkout ending so is ${inside.path}`,
        };
      }
    }
    return { status: 'in-tree', path: placed.path };
  }

  /** `beforeSuffix` gets a say after the explicit checks and before suffix matching. */
  private placeAbsolute(
    abs: string,
    note?: string,
    beforeSuffix?: () => Omit<PathResolution, 'uri'> | undefined,
  ): Omit<PathResolution, 'uri'> {
    const withNote = (r: Omit<PathResolution, 'uri'>) => (note && !r.note ? { ...r, note } : r);
    for (const root of this.options.sourceRoots ?? []) {
      if (startsWithPath(abs, root.prefix)) {
        const rest = abs.slice(root.prefix.length);
        return withNote(this.placeRelative(root.subdir ? `${root.subdir}/${rest}` : rest));
      }
    }
    if (abs.split('/').includes('..')) {
      return { status: 'out-of-tree', note: `${abs} contains .. segments; refused` };
    }
    if (abs.startsWith('/')) {
      const placed = placeInRoot(this.options.root, abs);
      if (placed.inside) return withNote({ status: 'in-tree', path: placed.path });
      if (!placed.reason.startsWith('absolute path')) return { status: 'out-of-tree', note: placed.reason };
    }
    const early = beforeSuffix?.();
    if (early) return early;
    const suffix = this.matchSuffix(abs);
    if (suffix) return suffix;
    return withNote({
      status: 'out-of-tree',
      note: `absolute path ${abs} is outside the repository root and no file here matches its suffix (map it with --source-root)`,
    });
  }

  /** The longest suffix of `abs` that names a file in the checkout. */
  private matchSuffix(abs: string): Omit<PathResolution, 'uri'> | undefined {
    const root = this.options.root;
    for (const prefix of this.learnedPrefixes) {
      if (!startsWithPath(abs, prefix)) continue;
      const rest = abs.slice(prefix.length);
      const placed = placeInRoot(root, rest);
      // Only files that exist: the answer must not depend on the order results come in.
      if (placed.inside && isFileInRoot(root, placed.path)) return suffixResult(prefix, placed.path);
    }
    const segments = abs.split('/').filter((s) => s !== '' && !/^[A-Z]:$/.test(s));
    for (let i = 0; i < segments.length; i++) {
      const candidate = segments.slice(i).join('/');
      const placed = placeInRoot(root, candidate);
      if (!placed.inside || !isFileInRoot(root, placed.path)) continue;
      const prefix = abs.slice(0, abs.length - candidate.length);
      if (!this.learnedPrefixes.includes(prefix)) {
        this.learnedPrefixes.push(prefix);
        this.options.onSuffixMatch?.(prefix, abs, placed.path);
      }
      return suffixResult(prefix, placed.path);
    }
    return undefined;
  }
}

function suffixResult(prefix: string, path: string): Omit<PathResolution, 'uri'> {
  return {
    status: 'suffix-match',
    path,
    note: `absolute path under ${prefix} (another machine) re-rooted by its longest suffix that exists here; pass --source-root ${prefix.replace(/\/$/, '')} to map it explicitly`,
  };
}

function startsWithPath(abs: string, prefix: string): boolean {
  // Drive letters and Windows paths compare case-insensitively; POSIX paths exactly.
  if (/^[A-Z]:\//.test(prefix)) return abs.toLowerCase().startsWith(prefix.toLowerCase());
  return abs.startsWith(prefix);
}
