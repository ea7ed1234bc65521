/**
 * proxy/forward: one upstream call, streamed into a flight chunk by chunk as it arrives.
 * Resolves when the upstream response ended (or broke off) with what is needed to decide
 * whether it may be cached. A connection error becomes a 502 in the provider's error shape,
 * naming the upstream origin and error code only (never a header or key).
 */
import type { IncomingMessage } from 'node:http';
import type { Agent, Dispatcher } from 'undici';
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

export function forward(input: ForwardInput): Promise<Forwarded> {
  const { flight } = input;
  const length = Buffer.isBuffer(input.body) ? input.body.length : undefined;
  return new Promise<Forwarded>((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let abandoned = false;
    let status = 0;
    let stream = false;
    flight.abandonWith(() => {
      abandoned = true;
      controller?.abort(new Error('every client went away'));
    });
    // undici's dispatch handler, not request(): the chunks go from the socket parser to the
    // flight with no Readable in between (a fifth of the relay's CPU per call).
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        // A client whose socket is full pauses the upstream read (no answer piles up here).
        flight.throttleWith(c);
        if (abandoned) c.abort(new Error('every client went away'));
      },
      onResponseStart(_c, statusCode, headers) {
        status = statusCode;
        const out = responseHeaders(headers);
        stream = String(out['content-type'] ?? '').includes('text/event-stream');
        flight.head(statusCode, out);
      },
      onResponseData(_c, chunk) {
        flight.data(chunk);
      },
      onResponseEnd() {
        flight.end();
        resolve({ status, complete: true, stream });
      },
      onResponseError(_c, error) {
        if (status !== 0 || abandoned) {
          flight.fail();
          resolve({ status, complete: false, stream });
        } else resolve(failed(input, error));
      },
    };
    input.dispatcher.dispatch(
      {
        origin: input.base.origin,
        path: input.base.prefix + input.path,
        method: (input.req.method ?? 'POST') as 'POST',
        headers: requestHeaders(input.req.headers, input.credential, length),
        body: input.body,
      },
      handler,
    );
  });
}

/** A connection error before any response: a 502 in the provider's error shape. */
function failed(input: ForwardInput, error: Error): Forwarded {
  const code = (error as { code?: string }).code ?? 'error';
  const message = `trust proxy: upstream ${input.base.origin} failed (${code})`;
  const body = Buffer.from(
    JSON.stringify(
      input.provider === 'anthropic'
        ? { type: 'error', error: { type: 'api_error', message } }
        : { error: { message, type: 'upstream_error', param: null, code } },
    ),
  );
  input.flight.head(502, { 'content-type': 'application/json', 'content-length': body.length });
  input.flight.data(body);
  input.flight.end();
  return { status: 502, complete: false, stream: false };
}
