/** `trust demo`: the main job on the bundled sample project, offline, no keys. */
import { runDemo } from '../../demo/run-demo.js';
import { boolOption, type CommandHandler } from '../context.js';

const demo: CommandHandler = async (ctx) => {
  const report = await runDemo(ctx, { keep: boolOption(ctx, 'keep') });
  ctx.out.data(report);
  return report.steps.every((s) => s.exitCode === 0) ? 0 : 1;
};

export default demo;
