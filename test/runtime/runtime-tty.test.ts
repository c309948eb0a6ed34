import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import type { Kernel } from '../../core/kernel/kernel.js';
import { createContainer } from '../../core/runtime/container-create.js';
import { deleteContainer, startContainer } from '../../core/runtime/container-ops.js';
import { makeBundle } from '../helpers/bundle.js';
import { describeRoot, uniqueName } from '../helpers/host.js';

const RECV_TTY = fileURLToPath(new URL('../fixtures/recv-tty.py', import.meta.url));
const hasPython = existsSync('/usr/bin/python3') || existsSync('/usr/local/bin/python3') || !!process.env['PATH']?.split(':').some((d) => existsSync(`${d}/python3`));

describeRoot('a terminal through the console socket (real kernel)', () => {
  let kernel: Kernel;
  beforeAll(async () => {
    const { LinuxKernel } = await import('../../core/kernel/linux/linux-kernel.js');
    kernel = new LinuxKernel();
  });

  it.skipIf(!hasPython)('sends the pty master over the socket, and the container reads and writes its terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dbktest-tty-'));
    const sock = join(dir, 'console.sock');
    const id = uniqueName('tty');
    const bundle = makeBundle((s) => {
      s.process.terminal = true;
      s.process.args = ['sh', '-c', 'tty; read word; echo "typed:$word"'];
      s.linux!.cgroupsPath = `/dbktest-tty/${id}`;
    });
    const receiver = spawn('python3', [RECV_TTY, sock, 'hello-tty'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    receiver.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const done = new Promise((r) => receiver.once('exit', r));
    try {
      for (let i = 0; i < 100 && !out.includes('listening'); i++) await kernel.sleep(20);
      const root = join(dir, 'state');
      const { process } = await createContainer(kernel, root, id, bundle.dir, { consoleSocket: sock });
      await startContainer(kernel, root, id);
      expect(await process.exited).toEqual({ code: 0, signal: null });
      await done;
      expect(out).toMatch(/\/dev\/pts\/\d+/);
      expect(out).toContain('typed:hello-tty');
      await deleteContainer(kernel, root, id);
    } finally {
      receiver.kill();
      bundle.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
