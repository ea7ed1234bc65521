/**
 * `trust proxy start`: run the caching proxy until SIGTERM or SIGINT, then finish the
 * requests in flight and exit 0.
 */
import { ConfigError, UsageError } from '../../core/errors.js';
import { redactor } from '../../core/redact.js';
import { openStore, parseUpstream, startProxy } from '../../proxy/index.js';
import type { CommandHandler } from '../context.js';
import { stringOption } from '../context.js';
import { priceOverrides, storeSpec, unlock } from './proxy-common.js';

/** `--port 0` asks the system for a free port; the one bound is printed (and in --json). */
function portOption(ctx: Parameters<CommandHandler>[0]): number {
  const port = Number(ctx.options.proxyPort ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: ${ctx.options.proxyPort} is not a port (0 to 65535; 0 picks a free one)`);
  return port;
}

const start: CommandHandler = async (ctx) => {
  const port = portOption(ctx);
  const prices = priceOverrides(ctx);
  const upstreams = {
    openai: parseUpstream(
      stringOption(ctx, 'openaiUpstream') ?? 'https://api.openai.com',
      '--openai-upstream',
    ),
    anthropic: parseUpstream(
      stringOption(ctx, 'anthropicUpstream') ?? 'https://api.anthropic.com',
      '--anthropic-upstream',
    ),
  };
  const store = await openStore(storeSpec(ctx), ctx.root);
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  try {
    const master = await unlock(ctx, store);
    proxy = await startProxy({
      store,
      master,
      host: stringOption(ctx, 'proxyHost') ?? '127.0.0.1',
      port,
      upstreams,
      providerKeys: { openai: ctx.env.OPENAI_API_KEY, anthropic: ctx.env.ANTHROPIC_API_KEY },
      passThroughKeys: ctx.options.passThroughKeys === true,
      ttlSeconds: Number(ctx.options.proxyTtl ?? 604800),
      prices,
      onError: (error) =>
        ctx.out.warn(`trust proxy: ${redactor.redact(String((error as Error)?.message ?? error))}`),
    });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')
      throw new ConfigError(
        `cannot listen on ${stringOption(ctx, 'proxyHost')}:${ctx.options.proxyPort}: ${code}`,
      );
    throw error;
  }
  ctx.out.data({ url: proxy.url, port: Number(new URL(proxy.url).port), store: store.kind });
  ctx.out.info(`trust proxy listening on ${proxy.url} (${store.kind} store)`);
  ctx.out.info(
    `  OPENAI_BASE_URL=${proxy.url}/v1  ANTHROPIC_BASE_URL=${proxy.url}  (API key: a trust proxy key)`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  ctx.out.info('trust proxy: shutting down; finishing requests in flight');
  await proxy.close();
  return 0;
};

export default start;
