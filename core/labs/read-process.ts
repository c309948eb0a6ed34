import type { Kernel } from '../kernel/kernel.js';
import type { SpawnSpec } from '../kernel/types.js';

async function collect(source: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (!source) return '';
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  // Decoded once at the end: a multi-byte character may straddle two chunks.
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return new TextDecoder().decode(all);
}

/** Runs a short helper program and returns what it printed and how it ended. */
export async function runToEnd(kernel: Kernel, spec: SpawnSpec): Promise<{ out: string; err: string; code: number | null }> {
  const p = await kernel.spawn({ env: { PATH: '/bin:/usr/bin:/sbin:/usr/sbin' }, ...spec, stdio: { kind: 'pipe' } });
  await p.stdin?.end();
  const [out, err, status] = await Promise.all([collect(p.stdout), collect(p.stderr), p.exited]);
  return { out, err, code: status.code };
}
