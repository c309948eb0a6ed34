import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LAB_SOCKET_PATH, type LabClientMessage, type LabServerMessage } from '../../../core/web-api/lab-protocol.js';
import { dockbookUntil } from '../../helpers/cli.js';
import { describeRoot } from '../../helpers/host.js';

describeRoot('a shell through the lab server’s WebSocket, on the real kernel', () => {
  let server: Awaited<ReturnType<typeof dockbookUntil>>;
  let ws: WebSocket;
  const got: LabServerMessage[] = [];
  const send = (m: LabClientMessage) => ws.send(JSON.stringify(m));
  const until = async (pred: () => boolean, what: string, ms = 60_000) => {
    for (const end = Date.now() + ms; !pred() && Date.now() < end;) await new Promise((r) => setTimeout(r, 20));
    expect(pred(), `${what}; got ${JSON.stringify(got.filter((m) => m.type !== 'event').slice(-5))}`).toBe(true);
  };

  beforeAll(async () => {
    server = await dockbookUntil(['serve', '--port', '0'], /lab UI: (http:\/\/127\.0\.0\.1:\d+\/)/);
    ws = new WebSocket(new URL(LAB_SOCKET_PATH, server.match[1]!.replace('http:', 'ws:')));
    ws.on('message', (d) => got.push(JSON.parse(String(d)) as LabServerMessage));
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  }, 60_000);

  afterAll(async () => {
    if (ws?.readyState === ws.OPEN) {
      send({ type: 'reset' });
      await until(() => got.some((m) => m.type === 'reset'), 'the lab was torn down').catch(() => {});
      ws.close();
    }
    await server?.stop();
  });

  it('runs `hostname` in the lab’s container and prints the name its UTS namespace holds, then exits with 0 and leaves no process', async () => {
    send({ type: 'open', lab: 'layers-and-copy-on-write' });
    send({ type: 'step', index: 0, stepThrough: false });
    await until(() => got.some((m) => m.type === 'containers' && m.containers.some((c) => c.name === 'cow' && c.running)), 'cow is running', 120_000);

    send({ type: 'shell-open', shell: 'a', container: 'cow', cols: 80, rows: 24 });
    await until(() => got.some((m) => m.type === 'shell-opened'), 'the shell opened');
    const opened = got.find((m): m is Extract<LabServerMessage, { type: 'shell-opened' }> => m.type === 'shell-opened')!;
    const output = () => got.flatMap((m) => (m.type === 'shell-output' ? [m.data] : [])).join('');
    send({ type: 'shell-input', shell: 'a', data: 'hostname\r' });
    await until(() => /hostname\r?\n[^\r\n]+\r?\n/.test(output()), 'hostname answered');

    // What the kernel holds for that process's UTS namespace, read beside the shell.
    const inKernel = execFileSync('nsenter', [`--uts=/proc/${opened.pid}/ns/uts`, 'hostname'], { encoding: 'utf8' }).trim();
    expect(inKernel).not.toBe(hostname());
    expect(/hostname\r?\n([^\r\n]+)\r?\n/.exec(output())![1]).toBe(inKernel);

    send({ type: 'shell-input', shell: 'a', data: 'exit\r' });
    await until(() => got.some((m) => m.type === 'shell-exit'), 'the shell exited');
    expect(got.find((m) => m.type === 'shell-exit')).toEqual({ type: 'shell-exit', shell: 'a', exitCode: 0, reason: 'exited' });
    expect(existsSync(`/proc/${opened.pid}`)).toBe(false);
  }, 240_000);

  it('hangs a shell up when the tab closes it, and its process is gone when the end is reported', async () => {
    send({ type: 'shell-open', shell: 'b', container: 'cow', cols: 80, rows: 24 });
    await until(() => got.some((m) => m.type === 'shell-opened' && m.shell === 'b'), 'the second shell opened');
    const opened = got.find((m): m is Extract<LabServerMessage, { type: 'shell-opened' }> => m.type === 'shell-opened' && m.shell === 'b')!;
    expect(existsSync(`/proc/${opened.pid}`)).toBe(true);
    send({ type: 'shell-close', shell: 'b' });
    await until(() => got.some((m) => m.type === 'shell-exit' && m.shell === 'b'), 'the second shell ended');
    expect(got.find((m) => m.type === 'shell-exit' && m.shell === 'b')).toMatchObject({ reason: 'closed' });
    expect(existsSync(`/proc/${opened.pid}`)).toBe(false);
  }, 60_000);
});
