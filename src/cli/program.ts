/**
 * cli/program: builds the commander program from the command table (commands.ts) and the
 * option table (core/options.ts). A command's action resolves its options, builds the
 * Context and calls the lazily imported handler; errors propagate to main.ts.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { fsReason } from '../core/files.js';
import { envNameOf, type OptionSpec, optionsFor } from '../core/options.js';
import { trustVersion } from '../core/version.js';
import { COMMAND_GROUPS, COMMANDS, type CommandSpec } from './commands.js';
import type { Context } from './context.js';
import { attributeOf, reflow, toCommanderOption } from './flags.js';

export interface ProgramIo {
  env: NodeJS.ProcessEnv;
  /** Receives the exit code of the command that ran. */
  onExit: (code: number) => void;
}

const ROOT_HELP = `
Exit codes: 0 success, 1 policy failure, 2 usage/config/input error,
            3 external service failed, 70 internal error (a bug).

Every option that makes sense in CI also reads TRUST_<NAME> (e.g. --log-db -> TRUST_LOG_DB)
and the matching key of trust.config.json; the command line wins, then the environment,
then the file. Secrets come only from the environment.`;

export function buildProgram(io: ProgramIo): Command {
  const program = new Command('trust')
    .description('Turn scanner findings into reviewed fixes, with a tamper-evident record of every decision.')
    .version(trustVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .addHelpText('after', ROOT_HELP)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
  for (const spec of optionsFor('global')) program.addOption(toCommanderOption(spec, 'global'));

  const groups = new Map<string, Command>();
  for (const spec of COMMANDS) {
    const words = spec.name.split(' ');
    const name = words.pop() as string;
    let parent = program;
    // "proxy keys create": groups "proxy" and "proxy keys", then the command "create".
    for (let i = 0; i < words.length; i++) {
      const path = words.slice(0, i + 1).join(' ');
      // A sub-command of a command that also runs on its own ("triage mark" under "triage").
      let group = groups.get(path) ?? parent.commands.find((c) => c.name() === words[i]);
      if (!group) {
        group = parent
          .command(words[i] as string)
          .description(COMMAND_GROUPS[path] ?? '')
          .exitOverride();
        groups.set(path, group);
      }
      parent = group;
    }
    addCommand(parent, name, spec, io);
  }
  return program;
}

function addCommand(parent: Command, name: string, spec: CommandSpec, io: ProgramIo): void {
  const command = parent
    .command(spec.args ? `${name} ${spec.args}` : name)
    .description(reflow(spec.description ?? spec.summary))
    .summary(spec.summary)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: () => {} });
  const own = optionsFor(spec.name);
  for (const option of own) command.addOption(toCommanderOption(option, spec.name));
  const envLines = own
    .map((o) => envNameOf(o))
    .filter((e): e is string => Boolean(e))
    .map((e) => `  ${e}`);
  command.addHelpText(
    'after',
    `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}${
      envLines.length ? `\n\nEnvironment:\n${envLines.join('\n')}` : ''
    }\n`,
  );
  command.action(async (...actionArgs: unknown[]) => {
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    const args = cmd.args;
    const ctx = await buildContext(cmd, spec.name, own, io.env);
    const module = await spec.load();
    const code = await module.default(ctx, args);
    io.onExit(code ?? 0);
  });
}

/** A -C that is not a directory is bad input: nothing may be created there (exit 2, one line). */
function checkRoot(root: string, flag: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${flag} ${root}: ${code === 'ENOENT' ? 'no such directory' : (fsReason(error) ?? code)}`,
    );
  }
  if (!isDirectory) throw new InputError(`${flag} ${root}: not a directory`);
}

async function buildContext(
  cmd: Command,
  commandName: string,
  own: OptionSpec[],
  env: NodeJS.ProcessEnv,
): Promise<Context> {
  const { loadConfig, resolveOptions } = await import('../core/config.js');
  const { Output } = await import('../core/output.js');
  const specs = [...optionsFor('global'), ...own];
  // commander keys a value by its flag (`--port` -> "port"); the table by the row's name
  // ("proxyPort"), which may differ.
  const parsed = cmd.optsWithGlobals() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  const fromCli = new Set<string>();
  for (const spec of specs) {
    const key = attributeOf(spec);
    raw[spec.name] = parsed[key];
    if (cmd.getOptionValueSourceWithGlobals(key) === 'cli') fromCli.add(spec.name);
  }
  // -C and --config decide where the config file is, so they are resolved first.
  const bootstrap = resolveOptions(
    specs.filter((s) => s.name === 'cwd' || s.name === 'config'),
    raw,
    fromCli,
    env,
    { values: {} },
  );
  const root = resolve(String(bootstrap.values.cwd ?? process.cwd()));
  if (bootstrap.values.cwd !== undefined)
    checkRoot(root, bootstrap.sources.cwd === 'env' ? 'TRUST_CWD' : '-C');
  const config = loadConfig(root, bootstrap.values.config as string | undefined);
  const { values, sources } = resolveOptions(specs, raw, fromCli, env, config);
  const out = new Output({
    env,
    json: values.json === true,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
    color: values.color !== false,
  });
  out.debug(`command ${commandName}; root ${root}; config ${config.file ?? '(none)'}`);
  return { root, options: values, sources, config, out, env };
}
