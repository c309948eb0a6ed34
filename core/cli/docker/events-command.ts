import type { FlagValue } from '../args.js';
import type { DockerIo } from './docker-io.js';
import { renderTemplate } from './go-template.js';
import { apiTimestamp } from './timestamps.js';

interface EventMessage {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes?: Record<string, string> };
  time: number;
  timeNano?: number;
}

/** RFC 3339 with nine fraction digits in the local zone, as the docker CLI prints an event's time. */
export function eventTime(timeNano: number, offsetMinutes = -new Date(timeNano / 1e6).getTimezoneOffset()): string {
  const ms = Math.floor(timeNano / 1e6);
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const ns = String(Math.round(timeNano - Math.floor(timeNano / 1e9) * 1e9)).padStart(9, '0').slice(0, 9);
  const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
  return `${local}.${ns}${zone}`;
}

/** The docker CLI's line: time, type, action, actor, then the attributes sorted by key. */
export function eventLine(e: EventMessage): string {
  const attrs = Object.entries(e.Actor.Attributes ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`);
  const when = eventTime(e.timeNano ?? e.time * 1e9);
  return `${when} ${e.Type} ${e.Action} ${e.Actor.ID}${attrs.length ? ` (${attrs.join(', ')})` : ''}\n`;
}

/** `docker events`: what the engine did, from --since, live, until --until or ^C. */
export async function events(io: DockerIo, flags: Readonly<Record<string, FlagValue>>, nowMs: number): Promise<number> {
  const filters: Record<string, Record<string, boolean>> = {};
  for (const f of Array.isArray(flags['filter']) ? flags['filter'] : []) {
    const eq = f.indexOf('=');
    (filters[eq < 0 ? f : f.slice(0, eq)] ??= {})[eq < 0 ? '' : f.slice(eq + 1)] = true;
  }
  const when = (k: string) => (typeof flags[k] === 'string' ? apiTimestamp(flags[k] as string, nowMs) : undefined);
  const query = { since: when('since'), until: when('until'), filters: Object.keys(filters).length ? JSON.stringify(filters) : undefined };
  const format = typeof flags['format'] === 'string' ? flags['format'] : '';
  // Lines are cut as bytes: a character split between two chunks stays whole.
  let pending = new Uint8Array(0);
  const dec = new TextDecoder();
  for await (const chunk of io.api.stream({ method: 'GET', path: '/events', query })) {
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    let start = 0;
    for (let nl = joined.indexOf(10); nl >= 0; nl = joined.indexOf(10, start)) {
      const text = dec.decode(joined.subarray(start, nl));
      start = nl + 1;
      if (!text.trim()) continue;
      const e = JSON.parse(text) as EventMessage;
      if (format === 'json') io.out(`${text}\n`);
      else if (format) io.out(`${renderTemplate(format, e)}\n`);
      else io.out(eventLine(e));
    }
    pending = joined.slice(start);
  }
  return 0;
}
