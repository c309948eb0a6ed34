import { inProcessTransport } from '../../core/api/in-process-transport.js';
import { runDockerCommand } from '../../core/cli/docker/docker-cli.js';
import { buildEngine } from '../../core/engine/build-engine.js';
import { SimKernel, type MachineOptions } from '../../core/sim/index.js';

export async function readAll(source: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (!source) return '';
  const chunks: Uint8Array[] = [];
  for await (const c of source) chunks.push(c);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  return new TextDecoder().decode(all);
}

/** Runs argv on the simulated host and collects its output. */
export async function run(kernel: SimKernel, argv: string[], stdin?: string): Promise<{ out: string; err: string; code: number | null; signal: string | null }> {
  const p = await kernel.spawn({ argv, env: { PATH: '/bin' } });
  if (stdin !== undefined) await p.stdin!.write(stdin);
  await p.stdin?.end();
  const [out, err, status] = await Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]);
  return { out, err, ...status };
}

export function boot(opts: MachineOptions = {}): SimKernel {
  return new SimKernel({ seed: 42, ...opts });
}

/** docker command lines against the real engine on the simulator (in-process), with `input` as their standard input. */
export async function simDocker(k: SimKernel): Promise<(line: string, input?: string) => Promise<{ code: number; out: string; err: string }>> {
  const ctx = await buildEngine({ kernel: k, paths: { root: '/var/lib/dockbook', run: '/run/dockbook' } });
  return async (line, input = '') => {
    let out = '';
    let err = '';
    const dec = new TextDecoder();
    const code = await runDockerCommand({
      api: inProcessTransport(ctx), program: 'docker',
      out: (d) => { out += typeof d === 'string' ? d : dec.decode(d); },
      err: (d) => { err += typeof d === 'string' ? d : dec.decode(d); },
      stdinStream: async function* () { if (input) yield new TextEncoder().encode(input); },
    }, line.split(' '), k.now());
    return { code, out, err };
  };
}
