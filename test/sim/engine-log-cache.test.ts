import { afterEach, describe, expect, it } from 'vitest';
import { SimKernel } from '../../core/sim/index.js';
import { simDocker } from './sim-helpers.js';

// The simulator has no syslog receiver, but its shim keeps the same local cache as the real one.
describe('dual logging on the simulator', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('a syslog container prints when run in the foreground and logs reads its cache; with cache-disabled the run still prints and logs shows nothing', async () => {
    k = new SimKernel({ seed: 31 });
    const docker = await simDocker(k);
    const syslog = '--log-driver syslog --log-opt syslog-address=udp://127.0.0.1:514';
    expect(await docker(`run --name cached ${syslog} busybox echo hi`)).toMatchObject({ code: 0, out: 'hi\n' });
    expect(await docker('logs cached')).toMatchObject({ code: 0, out: 'hi\n' });
    expect(await docker(`run --name uncached ${syslog} --log-opt cache-disabled=true busybox echo hi`)).toMatchObject({ code: 0, out: 'hi\n' });
    // logs shows nothing: the attach spool is not a cache. (The in-process client prints the 501 nowhere; test/engine/log-drivers.test.ts checks its words.)
    expect(await docker('logs uncached')).toMatchObject({ out: '' });
  });
});
