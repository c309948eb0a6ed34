import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../core/labs/lab-events.js';
import type { LabHost } from '../../core/labs/lab-host.js';
import { LabSession } from '../../core/labs/lab-session.js';
import { runLab } from '../../core/labs/run-lab.js';
import type { Lab } from '../../labs/lab-types.js';
import { imagesAndContainers } from '../../labs/images-and-containers.js';
import { collector, labHost } from './lab-fixtures.js';

const t = (en: string) => ({ ko: en, en });

/** A two-step lab whose first step expects something false: the run must stop there and still clean up. */
const failingLab: Lab = {
  id: 'failing-on-purpose',
  chapter: 'test',
  title: t('fails on purpose'),
  intro: t('a check that cannot hold'),
  setup: [],
  steps: [
    {
      title: t('run and expect the wrong state'),
      commands: ['docker run --name stays -d busybox sleep 600'],
      explanation: t('web is running, but the check says exited'),
      observe: [{ kind: 'containers' }],
      checks: [{ kind: 'container-state', container: 'stays', state: 'exited', text: t('stays has exited (it has not)') }],
    },
    { title: t('never runs'), commands: ['docker ps'], explanation: t('skipped'), observe: [], checks: [] },
  ],
  teardown: [],
  hostChanges: [],
};

describe('the lab runner', () => {
  let host: LabHost | null = null;
  afterEach(async () => { await host?.dispose(); host = null; });

  it('emits lab-started, then per step commands, kernel calls, observations and checks, then lab-finished, in order', async () => {
    host = await labHost('sim');
    const { events, listener } = collector();
    const outcome = await runLab({ lab: imagesAndContainers, kernel: host.kernel, paths: host.paths, listener });
    expect(outcome.passed).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.type).toBe('lab-started');
    expect(events.at(-1)!.type).toBe('lab-finished');
    for (const [i] of imagesAndContainers.steps.entries()) {
      const mine = events.filter((e) => 'step' in e && e.step === i && e.type !== 'kernel-call');
      const order = [...new Set(mine.map((e) => e.type))];
      expect(order[0]).toBe('step-started');
      expect(order.at(-1)).toBe('step-finished');
      const at = (type: LabEvent['type']) => mine.findIndex((e) => e.type === type);
      if (imagesAndContainers.steps[i]!.commands.length) expect(at('command-started')).toBeLessThan(at('check-result'));
      expect(at('check-result')).toBeGreaterThan(at('observation') === -1 ? 0 : at('observation'));
    }
    const calls = events.filter((e): e is Extract<LabEvent, { type: 'kernel-call' }> => e.type === 'kernel-call');
    expect(calls.some((e) => e.phase === 'step' && e.trace.call === 'pivotRoot')).toBe(true);
    expect(events.filter((e) => e.type === 'output').map((e) => (e as { text: string }).text).join('')).toContain('hello from a container');
  });

  it('holds a kernel call in step-through until continue is pressed', async () => {
    host = await labHost('sim');
    const { events, listener } = collector();
    const session = new LabSession({ lab: imagesAndContainers, kernel: host.kernel, paths: host.paths, listener });
    await session.open();
    const done = session.runStep(0, { stepThrough: true });
    const firstHeld = async () => {
      for (let i = 0; i < 200 && session.heldCalls().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      return session.heldCalls()[0]!;
    };
    const ended = (seq: number) => events.some((e) => e.type === 'kernel-call' && e.trace.type === 'call-end' && e.trace.seq === seq);
    for (let n = 0; n < 3; n++) {
      const seq = await firstHeld();
      expect(events.some((e) => e.type === 'kernel-call' && e.trace.type === 'call-start' && e.trace.seq === seq && e.trace.held)).toBe(true);
      await new Promise((r) => setTimeout(r, 30));
      expect(ended(seq)).toBe(false);
      expect(events.some((e) => e.type === 'step-finished')).toBe(false);
      expect(session.continueCall()).toBe(seq);
      for (let i = 0; i < 200 && !ended(seq); i++) await new Promise((r) => setTimeout(r, 1));
      expect(ended(seq)).toBe(true);
    }
    session.runToEnd();
    expect((await done).passed).toBe(true);
    expect((await session.close()).changes.containersLeft).toEqual([]);
  });

  it('stops at a failing check, skips the rest, and still tears down what the lab made', async () => {
    host = await labHost('sim');
    const { events, listener } = collector();
    const outcome = await runLab({ lab: failingLab, kernel: host.kernel, paths: host.paths, listener });
    expect(outcome.passed).toBe(false);
    const check = outcome.steps[0]!.checks[0]!;
    expect(check).toMatchObject({ pass: false, observed: { state: 'running' }, expected: { state: 'exited' } });
    expect(outcome.steps[1]!.skipped).toBeDefined();
    expect(outcome.changes.containersCreated).toEqual(['stays']);
    expect(outcome.changes.containersLeft).toEqual([]);
    const teardownCalls = events.filter((e) => e.type === 'kernel-call' && e.phase === 'teardown');
    expect(teardownCalls.length).toBeGreaterThan(0);
    const afterTeardown = events.findIndex((e) => e.type === 'lab-finished');
    expect(afterTeardown).toBe(events.length - 1);
  });

  it('tears down even when a step is stopped half way through a held call', async () => {
    host = await labHost('sim');
    const session = new LabSession({ lab: imagesAndContainers, kernel: host.kernel, paths: host.paths });
    await session.open();
    await session.runStep(2);
    const stepping = session.runStep(3, { stepThrough: true });
    for (let i = 0; i < 200 && session.heldCalls().length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const outcome = await session.close();
    await stepping;
    expect(outcome.changes.containersCreated).toContain('web');
    expect(outcome.changes.containersLeft).toEqual([]);
  });
});
