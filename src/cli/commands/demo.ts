/** `trust demo`: the main job on the bundled sample project, offline, no keys. */
import { runDemo } from '../../demo/run-demo.js';
import { boolOption, type CommandHandler } from '../context.js';

const demo: CommandHandler = async (ctx) => {
  const report = await runDemo({ keep: boolOption(ctx, 'keep'), out: ctx.out, env: ctx.env });
  ctx.out.data(report);
  return 0;
};

export default demo;
