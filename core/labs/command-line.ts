import { DockbookError } from '../errors.js';

/**
 * Splits a command line the way a POSIX shell would for the simple lines a
 * lab holds: whitespace separates words, '…' keeps everything literal, "…"
 * and a backslash escape. No expansion happens here: `$$` inside quotes is
 * for the container's shell, as it would be on a learner's terminal.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word += line[++i]!;
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') { quote = ch; inWord = true; continue; }
    if (ch === '\\' && i + 1 < line.length) { word += line[++i]!; inWord = true; continue; }
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    word += ch;
    inWord = true;
  }
  if (quote) throw new DockbookError('E_LAB_COMMAND', `unterminated ${quote} quote in: ${line}`, { hint: 'close the quote in the lab file' });
  if (inWord) words.push(word);
  return words;
}

/** A lab command line as docker argv (without the leading `docker`). */
export function dockerArgv(line: string): string[] {
  const words = splitCommandLine(line);
  if (words[0] !== 'docker') {
    throw new DockbookError('E_LAB_COMMAND', `a lab command must start with "docker": ${line}`, { hint: 'labs run docker commands only' });
  }
  return words.slice(1);
}
