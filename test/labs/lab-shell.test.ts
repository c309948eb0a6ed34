import { describe, expect, it } from 'vitest';
import { LabConductor } from '../../core/labs/lab-conductor.js';
import { simLabHost } from '../../core/labs/lab-host.js';
import type { LabPeer } from '../../core/labs/lab-shells.js';
import type { Kernel } from '../../core/kernel/kernel.js';
import type { LabServerMessage } from '../../core/web-api/lab-protocol.js';

const LAB = 'layers-and-copy-on-write';

/** A conductor on the simulator with the layers lab's first step run (container `cow` sleeps), and two tabs. */
async function labWithCow() {
  const everyone: LabServerMessage[] = [];
  let kernel!: Kernel;
  const conductor = new LabConductor({
    openHost: async () => {
      const host = simLabHost(7, 'real-time');
      kernel = host.kernel;
      return host;
    },
    broadcast: (m) => everyone.push(m),
  });
  const tab = (): LabPeer & { got: LabServerMessage[] } => {
    const got: LabServerMessage[] = [];
    return { got, send: (m) => got.push(m) };
  };
  const settle = async (pred: () => boolean, what: string) => {
    for (let i = 0; i < 4000 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(pred(), what).toBe(true);
  };
  conductor.receive({ type: 'open', lab: LAB });
  conductor.receive({ type: 'step', index: 0, stepThrough: false });
  await settle(() => everyone.some((m) => m.type === 'event' && m.event.type === 'step-finished'), 'step 1 finished');
  return { conductor, everyone, tab, settle, kernel: () => kernel };
}

const text = (got: readonly LabServerMessage[], shell: string) =>
  got.flatMap((m) => (m.type === 'shell-output' && m.shell === shell ? [m.data] : [])).join('');
const exitOf = (got: readonly LabServerMessage[], shell: string) =>
  got.find((m): m is Extract<LabServerMessage, { type: 'shell-exit' }> => m.type === 'shell-exit' && m.shell === shell);
const openedOf = (got: readonly LabServerMessage[], shell: string) =>
  got.find((m): m is Extract<LabServerMessage, { type: 'shell-opened' }> => m.type === 'shell-opened' && m.shell === shell);

/** Whether a host pid still names a process. */
async function alive(kernel: Kernel, pid: number): Promise<boolean> {
  return kernel.readFile(`/proc/${pid}/status`).then(() => true, () => false);
}

describe('a shell into a lab container, through the conductor', () => {
  it('lists the lab’s containers, runs typed commands in `cow` for the tab that opened it alone, resizes, and reports the exit code', async () => {
    const { conductor, everyone, tab, settle } = await labWithCow();
    try {
      const listed = everyone.filter((m) => m.type === 'containers').at(-1);
      expect(listed).toEqual({ type: 'containers', containers: [{ name: 'cow', running: true }] });

      const mine = tab();
      const other = tab();
      conductor.receive({ type: 'shell-open', shell: 's1', container: 'cow', cols: 80, rows: 24 }, mine);
      await settle(() => !!openedOf(mine.got, 's1'), 'the shell opened');
      conductor.receive({ type: 'shell-input', shell: 's1', data: 'hostname; echo "size $(stty size)"\r' }, mine);
      await settle(() => /size 24 80/.test(text(mine.got, 's1')), 'stty printed the opening size');
      const hostname = /^([0-9a-f]{12})\r?$/m.exec(text(mine.got, 's1'));
      expect(hostname, text(mine.got, 's1')).not.toBeNull();

      conductor.receive({ type: 'shell-resize', shell: 's1', cols: 100, rows: 30 }, mine);
      await new Promise((r) => setTimeout(r, 50));
      conductor.receive({ type: 'shell-input', shell: 's1', data: 'stty size; exit 3\r' }, mine);
      await settle(() => !!exitOf(mine.got, 's1'), 'the shell exited');
      expect(text(mine.got, 's1')).toMatch(/^30 100\r?$/m);
      expect(exitOf(mine.got, 's1')).toMatchObject({ exitCode: 3, reason: 'exited' });
      // Another tab saw nothing of it; the lab's broadcast carried none of its bytes either.
      expect(other.got).toEqual([]);
      expect(everyone.some((m) => m.type.startsWith('shell-'))).toBe(false);
    } finally {
      await conductor.reset();
    }
  }, 60_000);

  it('answers an unknown container and a stopped lab with a one-line error naming what exists', async () => {
    const { conductor, tab, settle } = await labWithCow();
    const mine = tab();
    try {
      conductor.receive({ type: 'shell-open', shell: 'x', container: 'nosuch', cols: 80, rows: 24 }, mine);
      await settle(() => mine.got.some((m) => m.type === 'shell-failure'), 'a failure came back');
      expect(mine.got).toEqual([{ type: 'shell-failure', shell: 'x', code: 'E_NOT_FOUND', message: 'this lab has no container "nosuch"', hint: 'containers of this lab: cow' }]);
    } finally {
      await conductor.reset();
    }
    conductor.receive({ type: 'shell-open', shell: 'y', container: 'cow', cols: 80, rows: 24 }, mine);
    await settle(() => mine.got.length === 2, 'a second failure came back');
    expect(mine.got[1]).toMatchObject({ type: 'shell-failure', shell: 'y', code: 'E_LAB_STATE' });
  }, 60_000);

  it('hangs the shell up when the tab closes it, when the tab goes, and on reset, each time before the lab’s containers go', async () => {
    const { conductor, everyone, tab, settle, kernel } = await labWithCow();
    try {
      const mine = tab();
      const pids: Record<string, number> = {};
      for (const shell of ['closed', 'left', 'reset']) {
        conductor.receive({ type: 'shell-open', shell, container: 'cow', cols: 80, rows: 24 }, mine);
        await settle(() => !!openedOf(mine.got, shell), `shell ${shell} opened`);
        conductor.receive({ type: 'shell-input', shell, data: 'echo pid-$$\r' }, mine);
        await settle(() => /pid-\d+\r?\n/.test(text(mine.got, shell)), `shell ${shell} answered`);
      }
      for (const m of mine.got) if (m.type === 'shell-opened') pids[m.shell] = m.pid;

      conductor.receive({ type: 'shell-close', shell: 'closed' }, mine);
      await settle(() => !!exitOf(mine.got, 'closed'), 'the closed shell reported its end');
      expect(exitOf(mine.got, 'closed')?.reason).toBe('closed');
      expect(await alive(kernel(), pids['closed']!)).toBe(false);
      expect(await alive(kernel(), pids['left']!)).toBe(true);

      // Another tab's shell of the same name is its own; when that tab goes, only its shell ends.
      const other = tab();
      conductor.receive({ type: 'shell-open', shell: 'left', container: 'cow', cols: 80, rows: 24 }, other);
      await settle(() => !!openedOf(other.got, 'left'), 'the other tab opened its shell');
      const otherPid = openedOf(other.got, 'left')!.pid;
      expect(otherPid).not.toBe(pids['left']);
      await conductor.leave(other);
      expect(await alive(kernel(), otherPid)).toBe(false);
      expect(await alive(kernel(), pids['left']!)).toBe(true);

      let stillRunning: boolean | null = null;
      const exited = settle(() => !!exitOf(mine.got, 'reset') && !!exitOf(mine.got, 'left'), 'reset ended both shells');
      const k = kernel();
      const resetting = conductor.reset();
      await exited;
      // Reported gone while the lab's engine is still tearing down: the shells end first, not with the containers.
      stillRunning = (await alive(k, pids['reset']!)) || (await alive(k, pids['left']!));
      await resetting;
      expect(stillRunning).toBe(false);
      expect(exitOf(mine.got, 'reset')?.reason).toBe('reset');
      expect(exitOf(mine.got, 'left')?.reason).toBe('reset');
    } finally {
      await conductor.reset();
    }
  }, 90_000);

  it('ends the shell when its container stops, with the code its killed process got', async () => {
    const { conductor, tab, settle, kernel } = await labWithCow();
    try {
      const mine = tab();
      conductor.receive({ type: 'shell-open', shell: 's', container: 'cow', cols: 80, rows: 24 }, mine);
      await settle(() => !!openedOf(mine.got, 's'), 'the shell opened');
      const k = kernel();
      const sleeper = await (async () => {
        for (const e of await k.readdir('/proc')) {
          if (!/^\d+$/.test(e.name)) continue;
          const cmd = new TextDecoder().decode(await k.readFile(`/proc/${e.name}/cmdline`).catch(() => new Uint8Array()));
          if (cmd === 'sleep\u0000600\u0000') return Number(e.name);
        }
        return null;
      })();
      expect(sleeper, 'the container’s sleep 600 on the host').not.toBeNull();
      await k.kill(sleeper!, 'SIGKILL');
      await settle(() => !!exitOf(mine.got, 's'), 'the shell ended with its container');
      expect(exitOf(mine.got, 's')).toMatchObject({ reason: 'exited', exitCode: 137 });
      expect(await alive(k, openedOf(mine.got, 's')!.pid)).toBe(false);
    } finally {
      await conductor.reset();
    }
  }, 60_000);
});
