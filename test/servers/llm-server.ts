/**
 * test/servers/llm-server: a loopback HTTP server on 127.0.0.1 that speaks the real
 * Anthropic Messages (/v1/messages), OpenAI Chat Completions (/v1/chat/completions),
 * Responses (/v1/responses) and Embeddings (/v1/embeddings) wire formats, JSON and SSE streaming (event order and shapes as in
 * ../shared/reference/gateway.md §4). Each test scripts the replies; every request is
 * recorded byte for byte (`requests[i].body` is the raw body as received).
 *
 * Fakes fail loudly: a request the script has no reply for is answered 418 and listed in
 * `unscripted`, so a test can assert that nothing unexpected was called.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Api = 'anthropic' | 'openai';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Every byte of the body as received. */
  body: Buffer;
}

/** A parsed view of one model call, handed to the script. */
export interface ModelCall {
  api: Api;
  /** Which OpenAI endpoint (always "chat" for Anthropic's /v1/messages). */
  endpoint: 'chat' | 'responses' | 'embeddings';
  /** 0-based index of this call among all calls the server received. */
  index: number;
  stream: boolean;
  model: string;
  system: string;
  user: string;
  /** The tool/function the client forces, if any. */
  toolName?: string;
  json: Record<string, unknown>;
}

/**
 * Token usage as the provider reports it. OpenAI: `input` is prompt_tokens (cached ones
 * included) and `cached` its cached_tokens. Anthropic: `input` is input_tokens (cache
 * excluded), `cacheWrite` cache_creation_input_tokens, `cacheRead` cache_read_input_tokens.
 */
export interface Usage {
  input: number;
  output: number;
  cached?: number;
  cacheWrite?: number;
  cacheRead?: number;
}

export type Reply =
  | { tool: unknown; usage?: Usage; model?: string }
  /** Tool-call arguments as raw text (for malformed JSON). */
  | { toolRaw: string; usage?: Usage }
  | { text: string; usage?: Usage; gapMs?: number }
  | { status: number; headers?: Record<string, string>; message?: string; type?: string }
  /** Start a stream, then send a provider error event (streaming requests only). */
  | { streamError: { type: string; message: string } }
  /** Start a stream, then drop the connection. */
  | { disconnect: true }
  | { delayMs: number; reply: Reply };

export type Script = (call: ModelCall) => Reply | Promise<Reply>;

export interface LlmServer {
  /** http://127.0.0.1:PORT — the Anthropic SDK's baseURL. */
  url: string;
  /** http://127.0.0.1:PORT/v1 — the OpenAI SDK's baseURL. */
  openaiUrl: string;
  requests: RecordedRequest[];
  calls: ModelCall[];
  unscripted: string[];
  /** Responses whose connection closed before they ended (a client that cancelled, a scripted disconnect). */
  cancelled: number;
  script: Script;
  close(): Promise<void>;
}

/** A script that answers calls in order and fails loudly when it runs out. */
export function inOrder(...replies: Reply[]): Script {
  let i = 0;
  return () => {
    const reply = replies[i++];
    if (!reply) throw new Error(`unscripted call #${i}: the script has ${replies.length} replies`);
    return reply;
  };
}

export async function startLlmServer(
  script: Script = inOrder(),
  options: { expectKey?: string } = {},
): Promise<LlmServer> {
  const state: LlmServer = {
    url: '',
    openaiUrl: '',
    requests: [],
    calls: [],
    unscripted: [],
    cancelled: 0,
    script,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    void handle(state, options, req, res).catch((error: unknown) => {
      state.unscripted.push(String(error));
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.openaiUrl = `${state.url}/v1`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

async function handle(
  state: LlmServer,
  options: { expectKey?: string },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  res.once('close', () => void (res.writableFinished || state.cancelled++));
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const path = (req.url ?? '').split('?')[0] ?? '';
  state.requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, body });
  const openaiPaths: Record<string, ModelCall['endpoint']> = {
    '/v1/chat/completions': 'chat',
    '/v1/responses': 'responses',
    '/v1/embeddings': 'embeddings',
  };
  const endpoint = openaiPaths[path] ?? 'chat';
  const api: Api | undefined =
    path === '/v1/messages' ? 'anthropic' : openaiPaths[path] ? 'openai' : undefined;
  if (!api || req.method !== 'POST')
    return sendJson(res, 404, errorBody('openai', 'not_found', `no route ${path}`));
  if (options.expectKey) {
    // Anthropic takes x-api-key (SDK 0.x) or a Bearer token (SDK 1.x); OpenAI a Bearer token.
    const bearer = req.headers.authorization === `Bearer ${options.expectKey}`;
    const ok = bearer || (api === 'anthropic' && req.headers['x-api-key'] === options.expectKey);
    if (!ok) return sendJson(res, 401, errorBody(api, 'authentication_error', 'invalid x-api-key'));
  }
  const call = parseCall(
    api,
    endpoint,
    state.calls.length,
    JSON.parse(body.toString('utf8')) as Record<string, unknown>,
  );
  state.calls.push(call);
  let reply: Reply;
  try {
    reply = await state.script(call);
  } catch (error) {
    state.unscripted.push(String(error));
    return sendJson(res, 418, errorBody(api, 'invalid_request_error', String(error)));
  }
  await respond(api, call, reply, res);
}

function parseCall(
  api: Api,
  endpoint: ModelCall['endpoint'],
  index: number,
  json: Record<string, unknown>,
): ModelCall {
  const messages = (json.messages ?? []) as { role: string; content: unknown }[];
  const text = (c: unknown): string =>
    typeof c === 'string'
      ? c
      : Array.isArray(c)
        ? c.map((p) => (p as { text?: string }).text ?? '').join('')
        : '';
  const system =
    api === 'anthropic'
      ? text(json.system)
      : messages
          .filter((m) => m.role === 'system')
          .map((m) => text(m.content))
          .join('\n');
  const user =
    endpoint === 'chat'
      ? messages
          .filter((m) => m.role === 'user')
          .map((m) => text(m.content))
          .join('\n')
      : typeof json.input === 'string'
        ? json.input
        : JSON.stringify(json.input ?? '');
  const choice = json.tool_choice as { name?: string; function?: { name?: string } } | undefined;
  return {
    api,
    endpoint,
    index,
    stream: json.stream === true,
    model: String(json.model ?? ''),
    system,
    user,
    toolName: choice?.name ?? choice?.function?.name,
    json,
  };
}

async function respond(api: Api, call: ModelCall, reply: Reply, res: ServerResponse): Promise<void> {
  if ('delayMs' in reply) {
    await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed || res.socket?.destroyed) return;
    return respond(api, call, reply.reply, res);
  }
  if ('status' in reply) {
    const type = reply.type ?? (reply.status === 429 ? 'rate_limit_error' : 'api_error');
    return sendJson(
      res,
      reply.status,
      errorBody(api, type, reply.message ?? `status ${reply.status}`),
      reply.headers,
    );
  }
  const answer = toAnswer(call, reply);
  if (call.endpoint === 'embeddings')
    return sendJson(res, 200, embeddings(call, answer ?? emptyAnswer(call)));
  if (!call.stream) {
    if (!answer)
      return sendJson(res, 500, errorBody(api, 'api_error', 'stream-only reply to a JSON request'));
    return sendJson(
      res,
      200,
      api === 'anthropic'
        ? anthropicMessage(call, answer)
        : call.endpoint === 'responses'
          ? responseObject(call, answer, 'completed')
          : openaiCompletion(call, answer),
    );
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  const a = answer ?? emptyAnswer(call);
  const events =
    api === 'anthropic'
      ? anthropicEvents(call, a)
      : call.endpoint === 'responses'
        ? responseEvents(call, a)
        : openaiChunks(call, a);
  if ('disconnect' in reply || 'streamError' in reply) {
    // A realistic start (the first two events), then the failure.
    for (const e of events.slice(0, 2)) res.write(e);
    if ('disconnect' in reply) return void res.destroy();
    const error = { type: 'error', error: reply.streamError };
    res.write(
      api === 'anthropic' ? sse('error', error) : `data: ${JSON.stringify({ error: reply.streamError })}\n\n`,
    );
    return void res.end();
  }
  const gap = 'gapMs' in reply ? (reply.gapMs ?? 0) : 0;
  for (const e of events) {
    if (gap > 0) {
      await new Promise((r) => setTimeout(r, gap));
      if (res.destroyed) return;
    }
    res.write(e);
  }
  res.end();
}

interface Answer {
  kind: 'tool' | 'text';
  /** Tool arguments as JSON text, or the text answer. */
  content: string;
  usage: Usage;
  model: string;
}

function toAnswer(call: ModelCall, reply: Reply): Answer | undefined {
  const usage = ('usage' in reply && reply.usage) || {
    input: Math.ceil((call.system.length + call.user.length) / 4),
    output: 50,
  };
  if ('tool' in reply)
    return { kind: 'tool', content: JSON.stringify(reply.tool), usage, model: reply.model ?? call.model };
  if ('toolRaw' in reply) return { kind: 'tool', content: reply.toolRaw, usage, model: call.model };
  if ('text' in reply) return { kind: 'text', content: reply.text, usage, model: call.model };
  return undefined;
}

function emptyAnswer(call: ModelCall): Answer {
  return { kind: 'text', content: '', usage: { input: 1, output: 1 }, model: call.model };
}

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/** Splits text into n roughly equal fragments (how deltas arrive on the wire). */
function fragments(text: string, n = 3): string[] {
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

function anthropicMessage(call: ModelCall, a: Answer): unknown {
  const content =
    a.kind === 'tool'
      ? [{ type: 'tool_use', id: id('toolu_'), name: call.toolName ?? 'tool', input: safeParse(a.content) }]
      : [{ type: 'text', text: a.content }];
  return {
    id: id('msg_'),
    type: 'message',
    role: 'assistant',
    model: a.model,
    content,
    stop_reason: a.kind === 'tool' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: a.usage.input,
      output_tokens: a.usage.output,
      cache_creation_input_tokens: a.usage.cacheWrite ?? 0,
      cache_read_input_tokens: a.usage.cacheRead ?? 0,
    },
  };
}

function anthropicEvents(call: ModelCall, a: Answer): string[] {
  const start = {
    type: 'message_start',
    message: {
      id: id('msg_'),
      type: 'message',
      role: 'assistant',
      model: a.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: a.usage.input,
        output_tokens: 1,
        cache_creation_input_tokens: a.usage.cacheWrite ?? 0,
        cache_read_input_tokens: a.usage.cacheRead ?? 0,
      },
    },
  };
  const block =
    a.kind === 'tool'
      ? { type: 'tool_use', id: id('toolu_'), name: call.toolName ?? 'tool', input: {} }
      : { type: 'text', text: '' };
  const deltas = fragments(a.content).map((f) =>
    sse('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta:
        a.kind === 'tool' ? { type: 'input_json_delta', partial_json: f } : { type: 'text_delta', text: f },
    }),
  );
  return [
    sse('message_start', start),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: block }),
    sse('ping', { type: 'ping' }),
    ...deltas,
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: a.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: a.usage.output },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
}

function openaiCompletion(call: ModelCall, a: Answer): unknown {
  const message =
    a.kind === 'tool'
      ? {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            {
              id: id('call_'),
              type: 'function',
              function: { name: call.toolName ?? 'tool', arguments: a.content },
            },
          ],
        }
      : { role: 'assistant', content: a.content, refusal: null };
  return {
    id: id('chatcmpl-'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: a.model,
    system_fingerprint: 'fp_loopback',
    choices: [
      { index: 0, message, logprobs: null, finish_reason: a.kind === 'tool' ? 'tool_calls' : 'stop' },
    ],
    usage: openaiUsage(a),
  };
}

function openaiUsage(a: Answer): unknown {
  return {
    prompt_tokens: a.usage.input,
    completion_tokens: a.usage.output,
    total_tokens: a.usage.input + a.usage.output,
    prompt_tokens_details: { cached_tokens: a.usage.cached ?? 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

function openaiChunks(call: ModelCall, a: Answer): string[] {
  const base = {
    id: id('chatcmpl-'),
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: a.model,
    system_fingerprint: 'fp_loopback',
  };
  const withUsage =
    (call.json.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunk = (delta: unknown, finish: string | null) =>
    `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}) })}\n\n`;
  const out = [chunk({ role: 'assistant', content: a.kind === 'text' ? '' : null }, null)];
  if (a.kind === 'tool') {
    const parts = fragments(a.content);
    out.push(
      chunk(
        {
          tool_calls: [
            {
              index: 0,
              id: id('call_'),
              type: 'function',
              function: { name: call.toolName ?? 'tool', arguments: '' },
            },
          ],
        },
        null,
      ),
    );
    for (const p of parts) out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }, null));
  } else {
    for (const p of fragments(a.content)) out.push(chunk({ content: p }, null));
  }
  out.push(chunk({}, a.kind === 'tool' ? 'tool_calls' : 'stop'));
  if (withUsage) out.push(`data: ${JSON.stringify({ ...base, choices: [], usage: openaiUsage(a) })}\n\n`);
  out.push('data: [DONE]\n\n');
  return out;
}

function embeddings(call: ModelCall, a: Answer): unknown {
  const inputs = Array.isArray(call.json.input) ? call.json.input : [call.json.input];
  return {
    object: 'list',
    data: inputs.map((_, index) => ({
      object: 'embedding',
      index,
      embedding: [0.0123, -0.0456, 0.0789, index / 10],
    })),
    model: a.model,
    usage: { prompt_tokens: a.usage.input, total_tokens: a.usage.input },
  };
}

function responseObject(_call: ModelCall, a: Answer, status: string): Record<string, unknown> {
  return {
    id: id('resp_'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model: a.model,
    output: [
      {
        type: 'message',
        id: id('msg_'),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: a.content, annotations: [] }],
      },
    ],
    usage: {
      input_tokens: a.usage.input,
      input_tokens_details: { cached_tokens: a.usage.cached ?? 0 },
      output_tokens: a.usage.output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: a.usage.input + a.usage.output,
    },
  };
}

/** OpenAI Responses streaming: typed events ending with response.completed (which carries usage). */
function responseEvents(call: ModelCall, a: Answer): string[] {
  const done = responseObject(call, a, 'completed');
  const item = (done.output as { id: string }[])[0]!;
  let n = 0;
  const ev = (type: string, data: Record<string, unknown>) =>
    sse(type, { type, sequence_number: n++, ...data });
  const pending = { ...done, status: 'in_progress', output: [], usage: null };
  return [
    ev('response.created', { response: pending }),
    ev('response.in_progress', { response: pending }),
    ev('response.output_item.added', {
      output_index: 0,
      item: { type: 'message', id: item.id, status: 'in_progress', role: 'assistant', content: [] },
    }),
    ...fragments(a.content).map((delta) =>
      ev('response.output_text.delta', { item_id: item.id, output_index: 0, content_index: 0, delta }),
    ),
    ev('response.output_text.done', { item_id: item.id, output_index: 0, content_index: 0, text: a.content }),
    ev('response.output_item.done', { output_index: 0, item }),
    ev('response.completed', { response: done }),
  ];
}

function errorBody(api: Api, type: string, message: string): unknown {
  return api === 'anthropic'
    ? { type: 'error', error: { type, message } }
    : { error: { message, type, param: null, code: null } };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
