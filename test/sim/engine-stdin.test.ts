import { afterEach, describe, expect, it } from 'vitest';
import { SimKernel } from '../../core/sim/index.js';
import { simDocker } from './sim-helpers.js';

describe('stdin without a TTY on the simulator', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());

  it('run -i feeds the piped input to the container and closes it at its end', async () => {
    k = new SimKernel({ seed: 21 });
    const docker = await simDocker(k);
    expect(await docker('run -i --rm busybox wc -l', 'a\nb\n')).toMatchObject({ code: 0, out: expect.stringMatching(/^\s*2\n$/) });
    expect(await docker('run -i --rm busybox cat', 'hello\n')).toMatchObject({ code: 0, out: 'hello\n' });
  });

  it('run without -i leaves stdin at /dev/null, and exec -i reaches an exec\'s stdin', async () => {
    k = new SimKernel({ seed: 22 });
    const docker = await simDocker(k);
    expect(await docker('run --rm busybox cat', 'ignored\n')).toMatchObject({ code: 0, out: '' });
    expect((await docker('run -d --name sleeper busybox sleep 60')).code).toBe(0);
    expect(await docker('exec -i sleeper cat', 'hi\n')).toMatchObject({ code: 0, out: 'hi\n' });
    expect((await docker('rm -f sleeper')).code).toBe(0);
  });
});
