/**
 * proxy/forward: one upstream call, streamed into a flight chunk by chunk as it arrives.
 * Resolves when the upstream response ended (or broke off) with what is needed to decide
 * whether it may be cached. A connection error becomes a 502 in the provider's error shape,
 * naming the upstream origin and error code only (never a header or key).
 */
import type { IncomingMessage } from 'node:http';
import type { Agent } from 'undici';
import type { Flight } from './flight.js';
import type { Provider } from './routes.js';
import { type Credential, requestHeaders, responseHeaders, type UpstreamBase } from './upstream.js';

export interface Forwarded {
  status: number;
  /** The upstream response ended normally (not cut, not abandoned, not a connection error). */
  complete: boolean;
  stream: boolean;
}

export interface ForwardInput {
  dispatcher: Agent;
  base: UpstreamBase;
  provider: Provider;
  req: IncomingMessage;
  path: string;
  body: Buffer | IncomingMessage;
  credential: Credential | undefined;
  flight: Flight;
}

export async function forward(input: ForwardInput): Promise<Forwarded> {
  const { flight } = input;
  const abort = new AbortController();
  flight.abandonWith(() => abort.abort());
  const length = Buffer.isBuffer(input.body) ? input.body.length : undefined;
  let up: Awaited<ReturnType<Agent['request']>>;
  try {
    up = await input.dispatcher.request({
      origin: input.base.origin,
      path: input.base.prefix + input.path,
      method: (input.req.method ?? 'POST') as 'POST',
      headers: requestHeaders(input.req.headers, input.credential, length),
      body: input.body,
      signal: abort.signal,
    });
  } catch (error) {
    if (abort.signal.aborted) {
      flight.fail();
      return { status: 0, complete: false, stream: false };
    }
    const code = (error as { code?: string }).code ?? 'error';
    const message = `trust proxy: upstream ${input.base.origin} failed (${code})`;
    const body = Buffer.from(
      JSON.stringify(
        input.provider === 'anthropic'
          ? { type: 'error', error: { type: 'api_error', message } }
          : { error: { message, type: 'upstream_error', param: null, code } },
      ),
    );
    flight.head(502, { 'content-type': 'application/json', 'content-length': body.length });
    flight.data(body);
    flight.end();
    return { status: 502, complete: false, stream: false };
  }
  const headers = responseHeaders(up.headers);
  const stream = String(headers['content-type'] ?? '').includes('text/event-stream');
  flight.head(up.statusCode, headers);
  return new Promise<Forwarded>((resolve) => {
    up.body.on('data', (chunk: Buffer) => flight.data(chunk));
    up.body.once('end', () => {
      flight.end();
      resolve({ status: up.statusCode, complete: true, stream });
    });
    up.body.once('error', () => {
      flight.fail();
      resolve({ status: up.statusCode, complete: false, stream });
    });
  });
}
