import { afterEach, describe, expect, it } from 'vitest';
import { SimKernel } from '../../core/sim/index.js';
import { simDocker } from './sim-helpers.js';
import { runIn } from './net-scenarios.js';

describe('the engine\'s network in the simulator', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('lets one container fetch a page from another over the default bridge, and the host reach a published port', async () => {
    k = new SimKernel({ seed: 11 });
    const docker = await simDocker(k);
    expect((await docker('run -d --name web -p 8080:80 busybox httpd -f -p 80 -h /etc')).code).toBe(0);
    const ip = (await docker('inspect -f {{.NetworkSettings.IPAddress}} web')).out.trim();
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const fetched = await docker(`run --rm busybox wget -q -O- http://${ip}/hostname`);
    expect(fetched).toMatchObject({ code: 0 });
    expect(fetched.out).toMatch(/^[0-9a-f]{12}\n$/);
    // The host's own address on the bridge is DNATed by the engine's output rule; 127.0.0.1 is served by the
    // userland proxy, which listens and connects with the simulator's sockets.
    const gateway = (await docker('inspect -f {{.NetworkSettings.Gateway}} web')).out.trim();
    expect(await runIn(k, undefined, ['wget', '-q', '-O-', `http://${gateway}:8080/hostname`])).toMatchObject({ code: 0, out: fetched.out });
    expect(await runIn(k, undefined, ['wget', '-q', '-O-', 'http://127.0.0.1:8080/hostname'])).toMatchObject({ code: 0, out: fetched.out });
    expect((await docker(`run --rm busybox ping -c 1 ${ip}`)).out).toContain('1 packets transmitted, 1 packets received');
    expect((await docker('rm -f web')).code).toBe(0);
    expect(await runIn(k, undefined, ['wget', '-q', '-O-', 'http://127.0.0.1:8080/hostname'])).toMatchObject({ code: 1, err: "wget: can't connect to remote host (127.0.0.1): Connection refused\n" });
  });

  it('resolves container names on a user network through the embedded DNS, for wget and nslookup', async () => {
    k = new SimKernel({ seed: 12 });
    const docker = await simDocker(k);
    expect((await docker('network create app')).code).toBe(0);
    expect((await docker('run -d --name web --network app --network-alias www busybox httpd -f -p 80 -h /etc')).code).toBe(0);
    const ip = (await docker('inspect -f {{.NetworkSettings.Networks.app.IPAddress}} web')).out.trim();
    const byName = await docker('run --rm --network app busybox wget -q -O- http://web/hostname');
    expect(byName).toMatchObject({ code: 0 });
    expect(byName.out).toMatch(/^[0-9a-f]{12}\n$/);
    const lookup = await docker('run --rm --network app busybox nslookup www');
    expect(lookup.out).toContain(`Server:\t\t127.0.0.11\n`);
    expect(lookup.out).toContain(`Address: ${ip}\n`);
    // Not a container: forwarded to the host's resolver, which the simulated host does not have.
    expect(await docker('run --rm --network app busybox nslookup nosuch')).toMatchObject({ code: 1, out: expect.stringContaining("** server can't find nosuch: SERVFAIL") });
  });
});
