/**
 * sarif/message: the text of a SARIF message object (§3.11): text, else markdown, else the
 * rule's (or the tool's global) messageStrings[id]; `{n}` placeholders are filled from
 * `arguments`, and doubled braces `{{` `}}` are literal braces.
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
  if (typeof m.text === 'string' && m.text !== '') template = m.text;
  else if (typeof m.markdown === 'string' && m.markdown !== '') template = m.markdown;
  else if (typeof m.id === 'string') {
    const entry = ruleStrings?.[m.id] ?? globalStrings?.[m.id];
    if (typeof entry?.text === 'string') template = entry.text;
    else if (typeof entry?.markdown === 'string') template = entry.markdown;
  }
  if (template === undefined) return typeof m.id === 'string' ? `(message ${m.id})` : '';
  return fillPlaceholders(template, args);
}

export function fillPlaceholders(template: string, args: string[]): string {
  return template.replace(/\{\{|\}\}|\{(\d+)\}/g, (token, n: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    const value = args[Number(n)];
    return value === undefined ? token : value;
  });
}
