import type { Kernel } from '../kernel/kernel.js';
import type { ByteSource, NetNsRef } from '../kernel/types.js';

export interface ProgramResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where nft and friends live on Debian; the engine passes no other environment. */
const PATH = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };

/**
 * Runs a helper program (nft) through the Kernel, in a net namespace when
 * asked, feeding `stdin` and collecting its output. Going through `spawn`
 * keeps the call visible in the trace, and lets the simulator answer it.
 */
export async function runProgram(kernel: Kernel, argv: readonly string[], opts: { stdin?: string } & NetNsRef = {}): Promise<ProgramResult> {
  const proc = await kernel.spawn({
    argv,
    env: PATH,
    stdio: { kind: 'pipe' },
    namespaces: opts.netns ? { join: { net: opts.netns } } : undefined,
  });
  const feeding = (async () => {
    if (!proc.stdin) return;
    if (opts.stdin !== undefined) await proc.stdin.write(opts.stdin);
    await proc.stdin.end();
  })();
  const [stdout, stderr, status] = await Promise.all([collect(proc.stdout), collect(proc.stderr), proc.exited, feeding]);
  return { code: status.code, stdout, stderr };
}

async function collect(source: ByteSource | null): Promise<string> {
  if (!source) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    size += chunk.length;
  }
  // Decoded once at the end: a chunk boundary may split a UTF-8 character.
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
