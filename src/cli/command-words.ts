/**
 * cli/command-words: find an unknown command before commander parses. Commander acts on
 * `--help` before it looks at the command words, so `trust fixx --help` printed the global help
 * and exited 0; a CI script with a typo would pass. Here an unknown word is exit 2 with one
 * line, whatever flags follow it.
 */
import type { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';

/** Throws a UsageError naming the first unknown command word in argv (after node and script). */
export function checkCommandWords(program: Command, argv: readonly string[]): void {
  let current = program;
  const options: Option[] = [...program.options];
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') return;
    if (word.startsWith('-')) {
      // The value of an option that takes one is not a command word (`-C dir fix`).
      const option = options.find((o) => o.long === word || o.short === word);
      if (option && (option.required || option.optional) && !word.includes('=')) i++;
      continue;
    }
    const subs = current.commands;
    if (subs.length === 0) return;
    const next = subs.find((c) => c.name() === word || c.aliases().includes(word));
    if (next) {
      current = next;
      options.push(...next.options);
      continue;
    }
    if (word === 'help' && current === program) return;
    // A command that runs on its own takes operands here ("triage a.sarif" beside "triage mark").
    if (current.registeredArguments.length > 0) return;
    throw new UsageError(unknownMessage(current, word, subs));
  }
}

function unknownMessage(parent: Command, word: string, subs: readonly Command[]): string {
  const path = commandPath(parent);
  const guess = closest(
    word,
    subs.map((c) => c.name()),
  );
  const hint = guess ? ` (did you mean '${guess}'?)` : '';
  const where = path ? `'trust ${path} --help'` : "'trust --help'";
  return `unknown command '${path ? `${path} ` : ''}${word}'${hint}; run ${where} for the commands`;
}

function commandPath(command: Command): string {
  const words: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) words.unshift(c.name());
  return words.join(' ');
}

/** The nearest name within a third of the word's length in edits (a typo, not a guess). */
export function closest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const name of names) {
    const d = distance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, one row at a time. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}
