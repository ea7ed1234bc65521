/**
 * proxy/sse: reading a captured response after it ended: was a stream complete (its terminal
 * event arrived, and no error event), and which events carry usage. This runs once per miss,
 * after the last byte was forwarded, so it adds nothing to the time to first byte.
 */

export interface SseEvent {
  event: string;
  data: string;
}

/** Parse server-sent events (fields `event:` and `data:`; blank line ends an event). */
export function parseSse(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  let event = '';
  let data: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') {
      if (data.length || event) out.push({ event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
    } else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
    else if (line.startsWith('event:')) event = line.slice(line[6] === ' ' ? 7 : 6);
  }
  return out;
}

export type StreamFamily = 'openai-chat' | 'openai-responses' | 'anthropic';

/**
 * True when the stream ended with its protocol's terminal event and carried no error:
 * OpenAI chat `data: [DONE]`, Responses `response.completed`, Anthropic `message_stop`.
 * A stream cut before that, or one that reported an error, is never cached.
 */
export function streamComplete(family: StreamFamily, events: SseEvent[]): boolean {
  const last = events[events.length - 1];
  if (!last) return false;
  for (const e of events) {
    if (e.event === 'error' || e.event === 'response.failed' || e.event === 'response.incomplete')
      return false;
    if (family !== 'anthropic' && e.data.startsWith('{"error"')) return false;
  }
  if (family === 'openai-chat') return last.data.trim() === '[DONE]';
  if (family === 'openai-responses')
    return last.event === 'response.completed' || last.data.includes('"type":"response.completed"');
  return last.event === 'message_stop';
}
