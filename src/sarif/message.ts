/**
 * sarif/message: the text of a SARIF message object (§3.11): text, else markdown, else the
 * rule's (or the tool's global) messageStrings[id]; `{n}` placeholders are filled from
 * `arguments`, and doubled braces `{{` `}}` are literal braces. Embedded links (§3.11.6,
 * `[text](1)` pointing at a related location, or `[text](uri)`) become their text, and `\[`
 * `\]` escapes become brackets, so the message reads as plain text everywhere it is shown.
 */
type Json = Record<string, unknown>;

interface MessageStrings {
  [id: string]: { text?: unknown; markdown?: unknown } | undefined;
}

export function formatMessage(
  message: unknown,
  ruleStrings: MessageStrings | undefined,
  globalStrings: MessageStrings | undefined,
): string {
  if (typeof message !== 'object' || message === null) return '';
  const m = message as Json;
  const args = Array.isArray(m.arguments) ? m.arguments.map((a) => String(a)) : [];
  let template: string | undefined;
  let plain = true;
  if (typeof m.text === 'string' && m.text !== '') template = m.text;
  else if (typeof m.markdown === 'string' && m.markdown !== '') {
    template = m.markdown;
    plain = false;
  } else if (typeof m.id === 'string') {
    const entry = ruleStrings?.[m.id] ?? globalStrings?.[m.id];
    if (typeof entry?.text === 'string') template = entry.text;
    else if (typeof entry?.markdown === 'string') {
      template = entry.markdown;
      plain = false;
    }
  }
  if (template === undefined) return typeof m.id === 'string' ? `(message ${m.id})` : '';
  return resolveLinks(fillPlaceholders(template, args), plain);
}

/** `[text](target)` with an unescaped opening bracket; text may hold escaped brackets. */
const EMBEDDED_LINK = /(?<!\\)\[((?:[^\]\\]|\\.)*)\]\(([^()\s]+)\)/g;

/**
 * Embedded links to text. In plain-text messages every link becomes its text and the `\[`
 * `\]` escapes are undone; in Markdown only SARIF's own numeric links (to related locations,
 * meaningless outside SARIF) are reduced, real Markdown links are kept.
 */
export function resolveLinks(message: string, plain: boolean): string {
  if (!message.includes('[')) return message;
  const linked = message.replace(EMBEDDED_LINK, (whole, text: string, target: string) =>
    plain || /^\d+$/.test(target) ? text : whole,
  );
  return plain ? linked.replace(/\\([[\]])/g, '$1') : linked;
}

export function fillPlaceholders(template: string, args: string[]): string {
  if (!template.includes('{') && !template.includes('}')) return template;
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (token, n: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    const value = args[Number(n)];
    return value === undefined ? token : value;
  });
}
