import type { TimedEvent } from './events.js';

/** `docker events --filter` as dockerd applies them: keys AND together, values of one key OR. */
export type EventFilters = Readonly<Record<string, readonly string[]>>;

/** No filter for the key, or the value is one of the filter's. */
function exact(filters: EventFilters, key: string, ...values: (string | undefined)[]): boolean {
  const want = filters[key];
  if (!want?.length) return true;
  return values.some((v) => v !== undefined && want.includes(v));
}

/** No filter for the key, or a filter value equals the value or is a prefix of it (ids and names). */
function fuzzy(filters: EventFilters, key: string, ...values: (string | undefined)[]): boolean {
  const want = filters[key];
  if (!want?.length) return true;
  return values.some((v) => v !== undefined && want.some((w) => v === w || v.startsWith(w)));
}

/** `label=key` or `label=key=value` against the actor's attributes. */
function labels(filters: EventFilters, attributes: Readonly<Record<string, string>>): boolean {
  const want = filters['label'];
  if (!want?.length) return true;
  return want.every((l) => {
    const eq = l.indexOf('=');
    return eq < 0 ? l in attributes : attributes[l.slice(0, eq)] === l.slice(eq + 1);
  });
}

const stripTag = (ref: string) => ref.replace(/:[^:/]+$/, '');

function image(filters: EventFilters, e: TimedEvent): boolean {
  if (!filters['image']?.length) return true;
  const ref = e.Type === 'image' ? e.attributes['name'] ?? e.id : e.attributes['image'];
  const id = e.Type === 'image' ? e.id : undefined;
  return exact(filters, 'image', id, ref, ref === undefined ? undefined : stripTag(ref));
}

export function matchesEvent(filters: EventFilters, e: TimedEvent): boolean {
  const name = e.attributes['name'];
  return exact(filters, 'event', e.Action, e.Action.split(':')[0])
    && exact(filters, 'type', e.Type)
    && exact(filters, 'scope', 'local')
    // As dockerd: the actor's id or name, whatever the event's type.
    && fuzzy(filters, 'container', e.id, name)
    && fuzzy(filters, 'volume', e.id, name)
    && fuzzy(filters, 'network', e.id, name)
    && image(filters, e)
    && labels(filters, e.attributes);
}

/** The wire shape of one event: Docker's events.Message, with the legacy status/id/from for containers and images. */
export function eventMessage(e: TimedEvent): Record<string, unknown> {
  const legacy = e.Type === 'container'
    ? { status: e.Action, id: e.id, from: e.attributes['image'] ?? '' }
    : e.Type === 'image' ? { status: e.Action, id: e.id } : {};
  return {
    ...legacy, Type: e.Type, Action: e.Action, Actor: { ID: e.id, Attributes: e.attributes }, scope: 'local', time: e.time, timeNano: e.timeNano,
  };
}
