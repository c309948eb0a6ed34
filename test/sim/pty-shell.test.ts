import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../core/engine/build-engine.js';
import type { Terminal } from '../../core/engine/terminals.js';
import { SimKernel } from '../../core/sim/sim-kernel.js';

// docker run -it / exec -it on the simulator: the engine's own TTY path (terminals.ts)
// over SimKernel's pty, driven as the docker client would: keystrokes in (Enter is \r
// in raw mode), the screen out, resizes.

async function simEngine() {
  const kernel = new SimKernel({ seed: 5 });
  const { engine } = await buildEngine({ kernel, paths: { root: '/var/lib/dockbook', run: '/run/dockbook' } });
  return { kernel, engine };
}

/** A terminal's screen as it is written, and a virtual-time wait for text on it. */
function screenOf(kernel: SimKernel, t: Terminal) {
  let screen = '';
  const dec = new TextDecoder();
  t.listen((c) => { screen += dec.decode(c); });
  return {
    get text() { return screen; },
    async waitFor(s: string | RegExp): Promise<void> {
      for (let i = 0; i < 500; i++) {
        if (typeof s === 'string' ? screen.includes(s) : s.test(screen)) return;
        await kernel.sleep(10);
      }
      throw new Error(`never saw ${String(s)} on the screen:\n${JSON.stringify(screen)}`);
    },
    type: (s: string) => t.write(new TextEncoder().encode(s)),
  };
}

async function runIt(cmd: string[] = ['sh'], size: [number, number] = [24, 80]) {
  const { kernel, engine } = await simEngine();
  const { Id } = await engine.create({
    Image: 'busybox', Cmd: cmd, Tty: true, OpenStdin: true, AttachStdin: true,
    HostConfig: { NetworkMode: 'none', ConsoleSize: size },
  } as Parameters<typeof engine.create>[0]);
  // As the client does: attached before the start, so the first prompt is on the screen too.
  let screen!: ReturnType<typeof screenOf>;
  const attached = engine.terminals.next(Id, { aborted: false }).then((t) => { screen = screenOf(kernel, t!); return t!; });
  await engine.start(Id);
  const t = await attached;
  return { kernel, engine, Id, t, screen };
}

describe('docker run -it busybox sh on the simulator', () => {
  it('prompts, echoes what is typed, runs the line at Enter and writes its output with \\r\\n', async () => {
    const { kernel, screen } = await runIt();
    await screen.waitFor('/ # ');
    await screen.type('echo hi-$((1+2))\r');
    await screen.waitFor('hi-3\r\n/ # ');
    // The line discipline echoed the keystrokes (Enter as \r\n), then the shell answered.
    expect(screen.text).toContain('echo hi-$((1+2))\r\nhi-3\r\n');
    kernel.shutdown();
  });

  it('ends with the exit code that `exit 3` gives', async () => {
    const { kernel, engine, Id, screen } = await runIt();
    await screen.waitFor('/ # ');
    const exited = engine.wait(Id, 'next-exit');
    await screen.type('exit 3\r');
    expect(await exited).toBe(3);
    expect(engine.resolve(Id).State.ExitCode).toBe(3);
    kernel.shutdown();
  });

  it('keeps the client\'s size and follows a resize, as `stty size` shows; `tty` names /dev/pts/N', async () => {
    const { kernel, t, screen } = await runIt(['sh'], [30, 100]);
    await screen.waitFor('/ # ');
    await screen.type('stty size\r');
    await screen.waitFor('30 100\r\n');
    await t.resize(40, 120);
    await screen.type('stty size; tty\r');
    await screen.waitFor(/40 120\r\n\/dev\/pts\/\d+\r\n/);
    kernel.shutdown();
  });

  it('edits the line with Backspace before Enter', async () => {
    const { kernel, screen } = await runIt();
    await screen.waitFor('/ # ');
    await screen.type('echo abX\x7fc\r');
    await screen.waitFor('abc\r\n');
    expect(screen.text).not.toContain('abX\r\n');
    expect(screen.text).toContain('X\b \b');
    kernel.shutdown();
  });

  it('sends ^C to the program in the foreground (sleep dies, the shell stays) and ^D at line start ends the shell', async () => {
    const { kernel, engine, Id, screen } = await runIt();
    await screen.waitFor('/ # ');
    await screen.type('sleep 1000; echo status=$?\r');
    await kernel.sleep(50);
    await screen.type('\x03');
    await screen.waitFor('status=130');
    const exited = engine.wait(Id, 'next-exit');
    await screen.type('\x04');
    expect(await exited).toBe(0);
    kernel.shutdown();
  });

  it('without -t the simulator\'s stty and tty say there is no terminal', async () => {
    const { kernel, engine } = await simEngine();
    const { Id } = await engine.create({ Image: 'busybox', Cmd: ['sh', '-c', 'tty; stty size'], HostConfig: { NetworkMode: 'none' } });
    await engine.start(Id);
    expect(await engine.wait(Id, 'next-exit')).toBe(1);
    kernel.shutdown();
  });
});

describe('docker exec -it on the simulator', () => {
  it('gives a second shell its own terminal, size and exit code', async () => {
    const { kernel, engine, Id, screen } = await runIt();
    await screen.waitFor('/ # ');
    const execId = engine.execs.create(Id, { Cmd: ['sh'], Tty: true, AttachStdin: true, ConsoleSize: [33, 90] } as Parameters<typeof engine.execs.create>[1]);
    let second!: ReturnType<typeof screenOf>;
    const attached = engine.terminals.next(execId, { aborted: false }).then((t) => { second = screenOf(kernel, t!); });
    const proc = await engine.execs.start(execId);
    await attached;
    await second.waitFor('/ # ');
    await second.type('stty size; echo hi-$((1+2))\r');
    await second.waitFor('33 90\r\nhi-3\r\n');
    await engine.terminals.get(execId)!.resize(50, 60);
    await second.type('stty size\r');
    await second.waitFor('50 60\r\n');
    // The first terminal saw none of it.
    expect(screen.text).not.toContain('hi-3');
    await second.type('exit 7\r');
    expect((await proc.exited).code).toBe(7);
    expect(engine.execs.inspect(execId).ExitCode).toBe(7);
    kernel.shutdown();
  });
});
