import { describe, expect, it } from 'vitest';
import { eventMessage, matchesEvent } from '../../core/engine/events-filter.js';
import type { TimedEvent } from '../../core/engine/events.js';
import { EngineEvents } from '../../core/engine/events.js';

const ev = (Type: TimedEvent['Type'], Action: string, id: string, attributes: Record<string, string>): TimedEvent =>
  ({ Type, Action, id, attributes, time: 1, timeNano: 1e9, seq: 1 });

const die = ev('container', 'die', 'abc123', { name: 'web', image: 'busybox', exitCode: '3', course: 'book' });
const exec = ev('container', 'exec_create: sh -c true', 'abc123', { name: 'web', image: 'busybox', execID: 'e1' });
const tag = ev('image', 'tag', 'sha256:feed', { name: 'busybox:latest' });
const vol = ev('volume', 'create', 'data', { driver: 'local' });

describe('event filters, as dockerd applies them', () => {
  it('keeps everything without filters', () => {
    expect([die, exec, tag, vol].every((e) => matchesEvent({}, e))).toBe(true);
  });

  it('matches event= on the action or its first word (exec_create: CMD)', () => {
    expect(matchesEvent({ event: ['exec_create'] }, exec)).toBe(true);
    expect(matchesEvent({ event: ['die', 'kill'] }, die)).toBe(true);
    expect(matchesEvent({ event: ['kill'] }, die)).toBe(false);
  });

  it('matches container= by id prefix or name, and drops other actors', () => {
    expect(matchesEvent({ container: ['abc'] }, die)).toBe(true);
    expect(matchesEvent({ container: ['web'] }, die)).toBe(true);
    expect(matchesEvent({ container: ['web'] }, vol)).toBe(false);
  });

  it('matches image= on a container\'s image, an image\'s name or id, with or without the tag', () => {
    expect(matchesEvent({ image: ['busybox'] }, die)).toBe(true);
    expect(matchesEvent({ image: ['busybox'] }, tag)).toBe(true);
    expect(matchesEvent({ image: ['sha256:feed'] }, tag)).toBe(true);
    expect(matchesEvent({ image: ['alpine'] }, die)).toBe(false);
  });

  it('ANDs keys and ORs values; label= takes a key or key=value', () => {
    expect(matchesEvent({ type: ['container'], label: ['course=book'] }, die)).toBe(true);
    expect(matchesEvent({ type: ['container'], label: ['course=film'] }, die)).toBe(false);
    expect(matchesEvent({ type: ['volume', 'image'] }, die)).toBe(false);
    expect(matchesEvent({ label: ['course'] }, exec)).toBe(false);
  });

  it("writes Docker's message, with status/id/from only for containers (and status/id for images)", () => {
    expect(eventMessage(die)).toMatchObject({ status: 'die', id: 'abc123', from: 'busybox', Type: 'container', Actor: { ID: 'abc123' }, scope: 'local' });
    expect(eventMessage(tag)).toMatchObject({ status: 'tag', id: 'sha256:feed' });
    expect(eventMessage(tag)).not.toHaveProperty('from');
    expect(eventMessage(vol)).not.toHaveProperty('status');
  });
});

describe('the event history', () => {
  it('keeps the last 256 events and answers since/until inclusively, oldest first', () => {
    let now = 1000;
    const bus = new EngineEvents(() => now);
    for (let i = 0; i < 300; i++) {
      now += 10;
      bus.emit({ Type: 'volume', Action: 'create', id: `v${i}`, attributes: {} });
    }
    const all = bus.past(0);
    expect(all).toHaveLength(256);
    expect(all[0]!.id).toBe('v44');
    expect(bus.past(1000 + 10 * 291, 1000 + 10 * 293).map((e) => e.id)).toEqual(['v290', 'v291', 'v292']);
  });
});
