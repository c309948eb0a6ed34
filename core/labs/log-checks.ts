import type { LogCheck } from '../../labs/lab-types.js';
import type { Observation } from '../../labs/observation-types.js';
import type { CheckOutcome } from './lab-events.js';

type Received = Extract<Observation, { kind: 'received' }>;
type JsonLog = Extract<Observation, { kind: 'jsonLog' }>;

const outcome = (pass: boolean, observed: unknown, expected: unknown): CheckOutcome => ({ pass, observed, expected });

/** `{id}` in an expected tag is the container's 12-digit id, Docker's default tag. */
export function expectedTag(tag: string, containerId: string | null): string {
  return tag.replace(/\{id\}/g, containerId?.slice(0, 12) ?? '(no such container)');
}

export function evaluateReceivedCheck(check: Extract<LogCheck, { kind: 'received' }>, seen: Received, containerId: string | null): CheckOutcome {
  const tag = check.tag === undefined ? undefined : expectedTag(check.tag, containerId);
  const fields = Object.entries(check.fields ?? {});
  const matching = seen.lines.filter((l) => (check.contains === undefined || l.text.includes(check.contains))
    && (tag === undefined || l.tag === tag)
    && fields.every(([k, v]) => l.fields[k] === v));
  const atLeast = check.atLeast ?? 1;
  const shown = (matching.length > 0 ? matching : seen.lines).slice(-3).map((l) => ({ text: l.text, tag: l.tag, ...Object.fromEntries(fields.map(([k]) => [k, l.fields[k]])) }));
  return outcome(matching.length >= atLeast, { at: seen.receiver.address, received: seen.lines.length, matching: matching.length, lines: shown },
    { contains: check.contains, tag, fields: check.fields, atLeast });
}

export function evaluateJsonLogCheck(check: Extract<LogCheck, { kind: 'json-log' }>, seen: JsonLog): CheckOutcome {
  const lines = seen.files.flatMap((f) => f.lines);
  const wellFormed = lines.every((l) => l.log !== null && (l.stream === 'stdout' || l.stream === 'stderr') && l.time !== null);
  const hit = check.contains === undefined || lines.some((l) => l.log?.includes(check.contains!) && (check.stream === undefined || l.stream === check.stream));
  const largest = Math.max(0, ...seen.files.map((f) => f.size));
  const ok = seen.files.length > 0 && wellFormed && hit
    && (check.files === undefined || seen.files.length === check.files)
    && (check.maxFileSize === undefined || largest <= check.maxFileSize);
  return outcome(ok,
    { files: seen.files.map((f) => ({ path: f.path, size: f.size, lines: f.lineCount })), wellFormed, found: hit },
    { files: check.files, contains: check.contains, stream: check.stream, maxFileSize: check.maxFileSize, wellFormed: true });
}
