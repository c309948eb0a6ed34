import { describe, expect, it } from 'vitest';
import { LabConductor } from '../../core/labs/lab-conductor.js';
import type { LabEvent } from '../../core/labs/lab-events.js';
import { linuxLabHost, simLabHost, type LabHost } from '../../core/labs/lab-host.js';
import { LiveTopology } from '../../core/labs/live-topology.js';
import type { Kernel } from '../../core/kernel/kernel.js';
import type { LabServerMessage } from '../../core/web-api/lab-protocol.js';
import type { Observation } from '../../labs/observation-types.js';
import { describeRoot, TEST_PREFIX } from '../helpers/host.js';
import { leftovers } from './leftovers.js';

/** A clock whose sleeps end only when the test says so. */
function heldClock(): { kernel: Kernel; wake: () => Promise<void>; sleeping: () => number } {
  let waiting: (() => void)[] = [];
  const kernel = { sleep: () => new Promise<void>((r) => waiting.push(r)) } as unknown as Kernel;
  const wake = async () => {
    const now = waiting;
    waiting = [];
    for (const r of now) r();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { kernel, wake, sleeping: () => waiting.length };
}

const topology = (n: number): Observation => ({ kind: 'netTopology', topology: { nodes: [], edges: [], rules: [], proxies: [], warnings: [String(n)] }, containers: [] } as unknown as Observation);

describe('the live topology of a running step', () => {
  it('reads once for a burst of network calls, once more for calls during that reading, and never for other calls', async () => {
    const clock = heldClock();
    let reads = 0;
    const shown: Observation[] = [];
    const live = new LiveTopology(clock.kernel, async () => topology(++reads), (o) => shown.push(o));
    live.callEnded('linkAdd');
    expect(clock.sleeping()).toBe(0); // not started: the step does not look at the network
    live.start();
    live.callEnded('writeFile');
    expect(clock.sleeping()).toBe(0);
    live.callEnded('linkAdd');
    live.callEnded('linkSet');
    live.callEnded('addrAdd');
    expect(clock.sleeping()).toBe(1);
    await clock.wake();
    expect(reads).toBe(1);
    live.callEnded('routeAdd');
    await clock.wake();
    expect([reads, shown.length]).toEqual([2, 2]);
    await clock.wake();
    expect(reads).toBe(2);
  });

  it('stops: a reading still waiting is dropped, and stop() waits for it', async () => {
    const clock = heldClock();
    const shown: Observation[] = [];
    const live = new LiveTopology(clock.kernel, async () => topology(1), (o) => shown.push(o));
    live.start();
    live.callEnded('linkDelete');
    let stopped = false;
    const stopping = live.stop().then(() => { stopped = true; });
    await Promise.resolve();
    expect(stopped).toBe(false);
    await clock.wake();
    await stopping;
    expect(shown).toEqual([]);
    live.callEnded('linkAdd');
    expect(clock.sleeping()).toBe(0);
  });

  it('skips a reading that failed mid-change and keeps drawing on the next call', async () => {
    const clock = heldClock();
    let fail = true;
    const shown: Observation[] = [];
    const live = new LiveTopology(clock.kernel, async () => {
      if (fail) throw new Error('state.json half written');
      return topology(2);
    }, (o) => shown.push(o));
    live.start();
    live.callEnded('linkAdd');
    await clock.wake();
    fail = false;
    live.callEnded('linkSet');
    await clock.wake();
    expect(shown).toHaveLength(1);
  });
});

type Event = LabEvent;
const events = (sent: readonly LabServerMessage[]): Event[] => sent.flatMap((m) => (m.type === 'event' ? [m.event] : []));

/** The host end of a container's veth pair (`veth…`; its peer is `vetc…` until it moves into the container), made by the step. */
function containerVethOnHost(o: Observation): string | null {
  if (o.kind !== 'netTopology') return null;
  return o.topology.nodes.find((n) => n.namespace === 'host' && n.kind === 'veth' && n.ifname?.startsWith('veth'))?.ifname ?? null;
}

/**
 * Runs the first network-modes step one held kernel call at a time until a
 * live topology shows a container's veth, and returns what was true then.
 */
async function stepThroughUntilVeth(openHost: () => Promise<LabHost>): Promise<{ veth: string | null; heldThen: boolean; finishedThen: boolean; passed: boolean | null }> {
  const sent: LabServerMessage[] = [];
  const conductor = new LabConductor({ openHost, broadcast: (m) => sent.push(m) });
  const settle = async (pred: () => boolean) => {
    for (let i = 0; i < 6000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(pred()).toBe(true);
  };
  const finished = () => events(sent).find((e) => e.type === 'step-finished' && e.step === 0);
  const liveVeth = () => events(sent).flatMap((e) => (e.type === 'observation' && e.live ? [containerVethOnHost(e.observation)] : [])).find((v) => v !== null) ?? null;
  /** The tracer lets held calls through oldest first, one per continue: those it still holds are the held ones not yet continued. */
  let continued = 0;
  const holding = () => events(sent).filter((e) => e.type === 'kernel-call' && e.trace.type === 'call-start' && e.trace.held).length - continued;
  try {
    conductor.receive({ type: 'open', lab: 'network-modes' });
    await settle(() => events(sent).some((e) => e.type === 'lab-started') && sent.every((m) => m.type !== 'failure'));
    conductor.receive({ type: 'step', index: 0, stepThrough: true });
    for (let calls = 0; calls < 5000 && !liveVeth() && !finished(); calls++) {
      await settle(() => holding() > 0 || liveVeth() !== null || finished() !== undefined);
      if (liveVeth() || finished()) break;
      conductor.receive({ type: 'continue' });
      continued++;
    }
    const veth = liveVeth();
    // The engine went on to its next call and waits there: the learner looks at the veth while the step is paused.
    await settle(() => holding() > 0 || finished() !== undefined);
    const heldThen = holding() > 0;
    const finishedThen = finished() !== undefined;
    conductor.receive({ type: 'finish-step' });
    await settle(() => finished() !== undefined);
    const f = finished();
    return { veth, heldThen, finishedThen, passed: f?.type === 'step-finished' ? f.passed : null };
  } finally {
    await conductor.reset();
  }
}

describe('live topology through the conductor, on the simulator', () => {
  it('shows a container\'s veth on the host while the step is still held at a kernel call', async () => {
    const r = await stepThroughUntilVeth(async () => simLabHost(11, 'real-time'));
    expect(r.veth).toMatch(/^veth/);
    expect([r.heldThen, r.finishedThen, r.passed]).toEqual([true, false, true]);
  }, 120_000);
});

describeRoot('live topology through the conductor, on the real kernel', () => {
  it('shows a container\'s veth on the host while the step is still held at a kernel call', async () => {
    const prefix = `${TEST_PREFIX}-live${process.pid}`;
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    const r = await stepThroughUntilVeth(() => linuxLabHost(new LinuxKernel(), prefix));
    expect(r.veth).toMatch(/^veth/);
    expect([r.heldThen, r.finishedThen, r.passed]).toEqual([true, false, true]);
    expect(leftovers(prefix, [])).toEqual([]);
  }, 180_000);
});
