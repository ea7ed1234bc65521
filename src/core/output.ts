/**
 * core/output: how trust talks to people and machines, chosen once from the environment.
 *   tty     colour, @clack/prompts spinners            (interactive terminal)
 *   plain   plain lines                                  (any other CI or pipe)
 *   github  annotations, ::group::, $GITHUB_STEP_SUMMARY (GitHub Actions)
 *   gitlab  collapsible sections                         (GitLab CI)
 * With --json, stdout carries only the JSON result; every human line goes to stderr.
 * Every byte written passes through the central redactor.
 */
import { appendFileSync } from 'node:fs';
import pc from 'picocolors';
import { redactor as globalRedactor, type Redactor } from './redact.js';

export type OutputMode = 'tty' | 'plain' | 'github' | 'gitlab';

export interface Annotation {
  file?: string;
  line?: number;
  endLine?: number;
  column?: number;
  endColumn?: number;
  title?: string;
}

export interface Spinner {
  start(message: string): void;
  message(message: string): void;
  stop(message: string): void;
  error(message: string): void;
}

export interface Writable {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface OutputOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: Writable;
  stderr?: Writable;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  redactor?: Redactor;
  /** Force a mode (tests); otherwise detected from env and TTY. */
  mode?: OutputMode;
  /** Receives `data()` values instead of stdout (a command run inside another one). */
  onData?: (value: unknown) => void;
}

export function detectMode(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): OutputMode {
  if (env.GITHUB_ACTIONS === 'true') return 'github';
  if (env.GITLAB_CI === 'true') return 'gitlab';
  if (stdoutIsTTY && !env.CI) return 'tty';
  return 'plain';
}

export class Output {
  readonly mode: OutputMode;
  readonly json: boolean;
  readonly color: boolean;
  readonly verbose: boolean;
  private readonly quiet: boolean;
  private readonly env: NodeJS.ProcessEnv;
  private readonly stdout: Writable;
  private readonly stderr: Writable;
  private readonly redactor: Redactor;
  private readonly colors: ReturnType<typeof pc.createColors>;
  private sectionCounter = 0;
  private readonly options: OutputOptions;

  constructor(options: OutputOptions = {}) {
    this.options = options;
    this.env = options.env ?? process.env;
    this.stdout = options.stdout ?? process.stdout;
    this.stderr = options.stderr ?? process.stderr;
    this.json = options.json ?? false;
    this.quiet = options.quiet ?? false;
    this.verbose = options.verbose ?? false;
    this.redactor = options.redactor ?? globalRedactor;
    this.mode = options.mode ?? detectMode(this.env, Boolean(this.stdout.isTTY));
    const noColor = this.env.NO_COLOR !== undefined && this.env.NO_COLOR !== '';
    const colorCapable = this.mode === 'tty' || this.env.FORCE_COLOR !== undefined;
    this.color = (options.color ?? true) && !noColor && colorCapable;
    this.colors = pc.createColors(this.color);
  }

  /** The stream human lines go to. */
  private get human(): Writable {
    return this.json ? this.stderr : this.stdout;
  }

  private write(stream: Writable, text: string): void {
    stream.write(`${this.redactor.redact(text)}\n`);
  }

  get c(): ReturnType<typeof pc.createColors> {
    return this.colors;
  }

  /** The main human result of a command (a table, a summary). Suppressed by nothing. */
  result(text: string): void {
    this.write(this.human, text);
  }

  info(message: string): void {
    if (this.quiet) return;
    this.write(this.human, message);
  }

  success(message: string): void {
    if (this.quiet) return;
    this.write(this.human, this.mode === 'tty' ? `${this.colors.green('✔')} ${message}` : message);
  }

  debug(message: string): void {
    if (!this.verbose) return;
    this.write(this.stderr, this.mode === 'github' ? `::debug::${escapeData(message)}` : `debug: ${message}`);
  }

  warn(message: string, at?: Annotation): void {
    this.annotate('warning', message, at);
  }

  error(message: string, at?: Annotation): void {
    this.annotate('error', message, at);
  }

  notice(message: string, at?: Annotation): void {
    this.annotate('notice', message, at);
  }

  /**
   * A message tied to a place in the code. On GitHub it becomes a workflow annotation shown
   * on the file; elsewhere a prefixed line on stderr.
   */
  annotate(level: 'error' | 'warning' | 'notice', message: string, at: Annotation = {}): void {
    if (this.mode === 'github') {
      const props = [
        at.file && `file=${escapeProperty(at.file)}`,
        at.line && `line=${at.line}`,
        at.endLine && `endLine=${at.endLine}`,
        at.column && `col=${at.column}`,
        at.endColumn && `endColumn=${at.endColumn}`,
        at.title && `title=${escapeProperty(at.title)}`,
      ].filter(Boolean);
      const head = props.length > 0 ? `::${level} ${props.join(',')}` : `::${level}`;
      this.write(this.stderr, `${head}::${escapeData(message)}`);
      return;
    }
    if (level === 'notice' && this.quiet) return;
    const where = at.file ? `${at.file}${at.line ? `:${at.line}` : ''}: ` : '';
    const label =
      level === 'error'
        ? this.colors.red('error')
        : level === 'warning'
          ? this.colors.yellow('warning')
          : this.colors.cyan('notice');
    this.write(this.stderr, `${label}: ${where}${message}`);
  }

  /** Run `work` inside a collapsible log group (GitHub) or section (GitLab). */
  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    const start = this.openGroup(title);
    try {
      return await work();
    } finally {
      this.closeGroup(start);
    }
  }

  private openGroup(title: string): string | undefined {
    if (this.mode === 'github') {
      this.write(this.human, `::group::${escapeData(title)}`);
      return undefined;
    }
    if (this.mode === 'gitlab') {
      const id = `trust_${++this.sectionCounter}`;
      const now = Math.floor(Date.now() / 1000);
      this.human.write(
        `\x1b[0Ksection_start:${now}:${id}[collapsed=true]\r\x1b[0K${this.redactor.redact(title)}\n`,
      );
      return id;
    }
    if (!this.quiet) this.write(this.human, this.mode === 'tty' ? this.colors.bold(title) : `== ${title}`);
    return undefined;
  }

  private closeGroup(id: string | undefined): void {
    if (this.mode === 'github') this.write(this.human, '::endgroup::');
    if (this.mode === 'gitlab' && id) {
      const now = Math.floor(Date.now() / 1000);
      this.human.write(`\x1b[0Ksection_end:${now}:${id}\r\x1b[0K\n`);
    }
  }

  /**
   * Long work with progress. On a TTY a @clack/prompts spinner shows `update()` messages;
   * elsewhere (CI logs, pipes, --json) nothing is added: the work's own lines say enough.
   */
  async task<T>(title: string, work: (update: (message: string) => void) => Promise<T>): Promise<T> {
    const spin = await this.spinner();
    if (!spin) return work(() => {});
    spin.start(title);
    try {
      const result = await work((message) => spin.message(message));
      spin.stop(title);
      return result;
    } catch (error) {
      spin.error(`${title} failed`);
      throw error;
    }
  }

  /**
   * A spinner on stderr for progress its caller starts and stops (`task()` for one piece of
   * work; verify/progress for a run of commands), its messages redacted; undefined where no
   * spinner is drawn. It is drawn with escape codes (cursor moves, and @clack/prompts colours
   * it itself, blind to --no-color), so no colour means no spinner.
   */
  async spinner(): Promise<Spinner | undefined> {
    if (this.mode !== 'tty' || this.json || this.quiet || !this.color) return undefined;
    const { spinner } = await import('@clack/prompts');
    const spin = spinner({ output: this.stderr as NodeJS.WriteStream });
    const r = (message: string) => this.redactor.redact(message);
    return {
      start: (message) => spin.start(r(message)),
      message: (message) => spin.message(r(message)),
      stop: (message) => spin.stop(r(message)),
      error: (message) => spin.error(r(message)),
    };
  }

  /** The same output with some options changed (e.g. `onData` for a nested command). */
  derive(overrides: Partial<OutputOptions>): Output {
    return new Output({ ...this.options, mode: this.mode, ...overrides });
  }

  /** The same output with every human line on stderr, so stdout carries one artefact (a patch). */
  toStderr(): Output {
    return this.derive({ stdout: this.stderr });
  }

  /** Machine output: with --json, the value as JSON on stdout; otherwise nothing. */
  data(value: unknown): void {
    if (this.options.onData) {
      this.options.onData(value);
      return;
    }
    if (!this.json) return;
    this.stdout.write(`${this.redactor.redact(JSON.stringify(value, null, 2))}\n`);
  }

  /** Markdown for the CI job summary ($GITHUB_STEP_SUMMARY on GitHub; ignored elsewhere). */
  summary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (this.mode !== 'github' || !file) return;
    appendFileSync(file, `${this.redactor.redact(markdown)}\n`);
  }
}

// GitHub workflow command escaping (see @actions/core's command.ts for the rules).
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Render rows as an aligned text table. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
