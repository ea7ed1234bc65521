/**
 * llm/redact-source: replaces every detected secret, identity or path in source text with a
 * placeholder (REDACTED_<KIND>_<nonce>_<n>) before anything is sent, and restores them when a
 * fix is applied. The same value always gets the same placeholder across files, and line
 * structure is kept (a multi-line private key becomes one placeholder per line), so line
 * numbers in the redacted text are the file's line numbers. The nonce is 64 random bits, so
 * no text in a code base can name a placeholder by chance or on purpose.
 */
import { randomBytes } from 'node:crypto';
import { detect, type KnownValue, type RedactionKind } from './secrets.js';

export class SourceRedactor {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly nonce = randomBytes(8).toString('hex');
  readonly counts: Partial<Record<RedactionKind, number>> = {};

  constructor(private readonly known: readonly KnownValue[] = []) {}

  redact(text: string): string {
    let out = '';
    let at = 0;
    // Placeholders already in the text (a string redacted twice) stay as they are.
    const own = text.includes(this.nonce)
      ? [...text.matchAll(this.placeholderPattern())].map((m) => ({
          start: m.index!,
          end: m.index! + m[0].length,
        }))
      : [];
    for (const d of detect(text, this.known, own)) {
      out += text.slice(at, d.start);
      // Keep newlines: each line of a multi-line value gets its own placeholder.
      out += text
        .slice(d.start, d.end)
        .split('\n')
        .map((part) => (part.trim() === '' ? part : this.placeholderFor(part, d.kind)))
        .join('\n');
      at = d.end;
    }
    return out + text.slice(at);
  }

  private placeholderFor(value: string, kind: RedactionKind): string {
    let placeholder = this.byValue.get(value);
    if (!placeholder) {
      placeholder = `REDACTED_${kind.toUpperCase().replace(/-/g, '_')}_${this.nonce}_${this.byValue.size + 1}`;
      this.byValue.set(value, placeholder);
      this.byPlaceholder.set(placeholder, value);
      this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    }
    return placeholder;
  }

  /** Put the original values back. */
  restore(text: string): string {
    if (this.byPlaceholder.size === 0) return text;
    return text.replace(this.placeholderPattern(), (p) => this.byPlaceholder.get(p) ?? p);
  }

  /** The placeholders `text` contains. */
  placeholdersIn(text: string): string[] {
    if (this.byPlaceholder.size === 0) return [];
    return [...text.matchAll(this.placeholderPattern())].map((m) => m[0]);
  }

  /** Whether `text` names a placeholder of this redactor, or one that looks like one. */
  touchesPlaceholder(text: string): boolean {
    return this.placeholdersIn(text).length > 0 || new RegExp(`REDACTED_[A-Z_]+_${this.nonce}`).test(text);
  }

  get size(): number {
    return this.byPlaceholder.size;
  }

  private placeholderPattern(): RegExp {
    return new RegExp(`REDACTED_[A-Z_]+_${this.nonce}_\\d+`, 'g');
  }
}
