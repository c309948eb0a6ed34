import { DockbookError } from '../../errors.js';
import { eventMessage, matchesEvent, type EventFilters } from '../../engine/events-filter.js';
import type { TimedEvent } from '../../engine/events.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRequest, ApiResult } from '../http-types.js';

/** `since`/`until` as clients send them: Unix seconds, maybe with a fraction. */
function seconds(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new DockbookError('E_INVALID_ARGUMENT', `invalid value for "${name}": failed to parse value as time or duration: "${v}"`);
  return Number(v) * 1000;
}

function filters(text: string | undefined): EventFilters {
  if (!text) return {};
  try {
    const raw = JSON.parse(text) as Record<string, string[] | Record<string, boolean>>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v : Object.keys(v).filter((x) => v[x])]));
  } catch {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid filter '${text}'`);
  }
}

const POLL_MS = 100;

/**
 * GET /events: past events from `since`, then live ones as they happen,
 * until `until` (an `until` already past ends the answer at once) or until
 * the client goes. One JSON object per line.
 */
export function events(ctx: ApiContext, req: ApiRequest): ApiResult {
  const sinceMs = seconds('since', req.query['since']);
  const untilMs = seconds('until', req.query['until']);
  const f = filters(req.query['filters']);
  if (sinceMs !== undefined && untilMs !== undefined && untilMs < sinceMs) {
    throw new DockbookError('E_INVALID_ARGUMENT', '`since` time must be before `until`');
  }
  const bus = ctx.engine.events;
  return {
    kind: 'stream', status: 200, contentType: 'application/json',
    chunks: async function* (closed) {
      // Subscribing and reading the history in one synchronous step: no event falls between them.
      const queue: TimedEvent[] = [];
      const unsubscribe = bus.subscribe((e) => queue.push(e));
      const past = sinceMs !== undefined ? bus.past(sinceMs, untilMs) : [];
      const lastPast = past.at(-1)?.seq ?? 0;
      try {
        for (const e of past) if (matchesEvent(f, e)) yield `${JSON.stringify(eventMessage(e))}\n`;
        for (;;) {
          while (queue.length) {
            const e = queue.shift()!;
            if (e.seq <= lastPast) continue;
            if (untilMs !== undefined && e.timeNano / 1e6 > untilMs) return;
            if (matchesEvent(f, e)) yield `${JSON.stringify(eventMessage(e))}\n`;
          }
          if (closed.aborted) return;
          if (untilMs !== undefined && ctx.kernel.now() > untilMs) return;
          await ctx.kernel.sleep(POLL_MS);
        }
      } finally {
        unsubscribe();
      }
    },
  };
}
