/**
 * Shared by every command that reads SARIF (`findings`, `triage`, `fix`): the files (relative
 * paths are taken from the -C root, like `git -C`), the ingest options and the filters, all
 * from the option table, with warnings printed as they come.
 */
import { relative, resolve } from 'node:path';
import type { Finding, Level } from '../../sarif/finding.js';
import { filterFindings, type IngestResult, loadFindings } from '../../sarif/index.js';
import { boolOption, type Context, listOption } from '../context.js';
import { checkGitRoot } from './repo-common.js';

export interface SelectedFindings {
  /** Absolute paths of the SARIF files read. */
  files: string[];
  ingest: IngestResult;
  /** The findings that pass --tool, --rule, --level and --path. */
  findings: Finding[];
}

export async function ingestFromOptions(
  ctx: Context,
  args: string[],
  /** nonGit: what a root outside git means for this command, said once; false: nothing (it only reads). */
  options: { includeSuppressed?: boolean; nonGit?: string | false } = {},
): Promise<SelectedFindings> {
  const files = args.map((f) => resolve(ctx.root, f));
  const plural = files.length === 1 ? '' : 's';
  const ingest = await ctx.out.task(`Reading ${files.length} SARIF file${plural}`, (progress) =>
    loadFindings(files, {
      root: ctx.root,
      sourceRoots: listOption(ctx, 'sourceRoot'),
      strict: boolOption(ctx, 'strict'),
      onWarning: (w) => ctx.out.warn(`${w.file}${w.pointer ? ` ${w.pointer}` : ''}: ${w.message}`),
      onFile: (file, i, n) => progress(`Reading SARIF ${i + 1}/${n}: ${relative(ctx.root, file) || file}`),
    }),
  );
  // Said after a successful read, so that bad input stays one line on stderr.
  if (options.nonGit !== false)
    checkGitRoot(ctx, options.nonGit ?? 'paths are taken relative to it as a plain folder');
  const findings = filterFindings(ingest.findings, {
    tool: listOption(ctx, 'tool'),
    rule: listOption(ctx, 'rule'),
    level: listOption(ctx, 'level') as Level[],
    path: listOption(ctx, 'path'),
    includeSuppressed: options.includeSuppressed ?? true,
  });
  return { files, ingest, findings };
}
