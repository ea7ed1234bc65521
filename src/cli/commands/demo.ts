/** `trust demo`: the main job on the bundled sample project, offline, no keys. */
import { type DemoCommands, runDemo } from '../../demo/run-demo.js';
import { boolOption, type CommandHandler } from '../context.js';

/** The command modules the demo runs: the very ones a user runs (injected: demo/ does not import cli/). */
const COMMANDS: DemoCommands = {
  triage: () => import('./triage.js'),
  pr: () => import('./pr.js'),
  fix: () => import('./fix.js'),
  scan: () => import('./scan.js'),
  'log checkpoint': () => import('./log-checkpoint.js'),
  'log verify': () => import('./log-verify.js'),
};

const demo: CommandHandler = async (ctx) => {
  const report = await runDemo(ctx, COMMANDS, { keep: boolOption(ctx, 'keep') });
  ctx.out.data(report);
  return report.steps.every((s) => s.exitCode === 0) ? 0 : 1;
};

export default demo;
