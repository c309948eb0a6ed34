import { describe } from 'vitest';

/** Real-kernel tests need root on Linux; elsewhere they are skipped with a reason. */
export const isRootLinux = process.platform === 'linux' && process.getuid?.() === 0;

export const SKIP_REASON = isRootLinux ? '' : 'needs root on a Linux host (namespaces, mounts, links)';

/** `describe` for tests that touch the real kernel. */
export function describeRoot(name: string, fn: () => void): void {
  if (!isRootLinux) {
    describe.skip(`${name} [skipped: ${SKIP_REASON}]`, fn);
    return;
  }
  describe(name, fn);
}

/** Names of everything tests create start with this, so leftovers are recognisable. */
export const TEST_PREFIX = 'dbktest';

export function uniqueName(tag: string): string {
  return `${TEST_PREFIX}-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function readAll(source: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (!source) return '';
  const chunks: Buffer[] = [];
  for await (const c of source) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}
