import { describe, expect, it } from 'vitest';
import { Pty } from '../../core/sim/pty.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const str = (b: Uint8Array | null) => (b === null ? null : dec.decode(b));

function slaveHeld(): Pty {
  const p = new Pty(4);
  p.openSlave();
  return p;
}

describe('the simulator\'s pty line discipline', () => {
  it('hands a reader on the slave one whole line at Enter (\\r becomes \\n), and only then', async () => {
    const p = slaveHeld();
    p.keyboard(enc.encode('ab'));
    let got: string | null | undefined;
    void p.readSlave().then((b) => { got = str(b); });
    await Promise.resolve();
    expect(got).toBeUndefined();
    p.keyboard(enc.encode('c\rnext\r'));
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toBe('abc\n');
    expect(str(await p.readSlave())).toBe('next\n');
  });

  it('turns ^D at the start of a line into end-of-file, and mid-line into the line without a newline', async () => {
    const p = slaveHeld();
    p.keyboard(enc.encode('par\x04\x04'));
    expect(str(await p.readSlave())).toBe('par');
    expect(await p.readSlave()).toBeNull();
  });

  it('writes program output to the master with \\n as \\r\\n, and echoes keystrokes the same way', async () => {
    const p = slaveHeld();
    p.writeSlave(enc.encode('one\ntwo\n'));
    p.keyboard(enc.encode('x\r'));
    expect(str(await p.readMaster())).toBe('one\r\ntwo\r\nx\r\n');
  });

  it('signals the foreground with SIGINT on ^C and drops the half-typed line', async () => {
    const p = slaveHeld();
    const sent: number[] = [];
    const fg = {} as never;
    p.foreground = () => [fg];
    p.onSignal = (_, sig) => sent.push(sig);
    p.keyboard(enc.encode('half\x03ok\r'));
    expect(sent).toEqual([2]);
    expect(str(await p.readSlave())).toBe('ok\n');
    expect(str(await p.readMaster())).toBe('half^C\r\nok\r\n');
  });

  it('ends the screen once the last program closes the slave, and gives readers EOF and the session SIGHUP when the master closes', async () => {
    const p = slaveHeld();
    const sent: number[] = [];
    p.session = { alive: true } as never;
    p.onSignal = (_, sig) => sent.push(sig);
    p.hangup();
    expect(sent).toEqual([1]);
    expect(await p.readSlave()).toBeNull();
    expect(p.writeSlave(enc.encode('x'))).toBe(false);
    const q = slaveHeld();
    q.writeSlave(enc.encode('last'));
    q.closeSlave();
    expect(str(await q.readMaster())).toBe('last');
    expect(await q.readMaster()).toBeNull();
  });
});
