import { describe, expect, it } from 'vitest';
import { LabConductor } from '../../core/labs/lab-conductor.js';
import { simLabHost } from '../../core/labs/lab-host.js';
import type { LabClientMessage, LabServerMessage } from '../../core/web-api/lab-protocol.js';
import { findLab } from '../../labs/index.js';

/** A conductor on the simulator, with every message it broadcast. */
function conducted(): { send: (m: LabClientMessage) => void; sent: LabServerMessage[]; conductor: LabConductor; settle: (pred: () => boolean) => Promise<void> } {
  const sent: LabServerMessage[] = [];
  const conductor = new LabConductor({ openHost: async () => simLabHost(7, 'real-time'), broadcast: (m) => sent.push(m) });
  const settle = async (pred: () => boolean) => {
    for (let i = 0; i < 2000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(pred()).toBe(true);
  };
  return { send: (m) => conductor.receive(m), sent, conductor, settle };
}

const finished = (sent: LabServerMessage[], step: number) =>
  sent.some((m) => m.type === 'event' && m.event.type === 'step-finished' && m.event.step === step);

describe('the lab conductor (what both the WebSocket and the browser worker speak)', () => {
  it('runs every step of the namespaces lab in order, each passing', async () => {
    const { send, sent, conductor, settle } = conducted();
    const lab = findLab('namespaces')!;
    send({ type: 'open', lab: lab.id });
    for (let i = 0; i < lab.steps.length; i++) {
      send({ type: 'step', index: i, stepThrough: false });
      await settle(() => finished(sent, i));
    }
    const results = sent.flatMap((m) => (m.type === 'event' && m.event.type === 'step-finished' ? [m.event.passed] : []));
    expect(results).toEqual(lab.steps.map(() => true));
    await conductor.reset();
  });

  it('gives a late watcher the whole history, and forgets it on reset', async () => {
    const { send, sent, conductor, settle } = conducted();
    send({ type: 'open', lab: 'namespaces' });
    send({ type: 'step', index: 0, stepThrough: false });
    await settle(() => finished(sent, 0));
    const history = conductor.history();
    expect(history.type === 'history' && history.lab).toBe('namespaces');
    expect(history.type === 'history' && history.events.length).toBe(sent.filter((m) => m.type === 'event').length);
    send({ type: 'reset' });
    await settle(() => sent.some((m) => m.type === 'reset'));
    const after = conductor.history();
    expect(after.type === 'history' && [after.lab, after.events.length]).toEqual([null, 0]);
  });

  it('answers an unknown lab and a step before opening with a failure message, not a throw', async () => {
    const { send, sent, settle } = conducted();
    send({ type: 'open', lab: 'no-such-lab' });
    send({ type: 'step', index: 0, stepThrough: false });
    await settle(() => sent.filter((m) => m.type === 'failure').length === 2);
    expect(sent.filter((m) => m.type === 'failure').map((m) => m.type === 'failure' && m.code)).toEqual(['E_NOT_FOUND', 'E_USAGE']);
  });
});
