import { KernelError } from '../kernel-error.js';
import type { NetNsRef } from '../types.js';
import { spawnProcess } from './spawn.js';

/**
 * Runs iproute2's `ip` (optionally inside a net namespace) and returns stdout.
 * Speaking netlink directly would save the fork; `ip` keeps each change
 * visible as the command a learner could type themselves.
 */
export async function ip(args: readonly string[], where: NetNsRef = {}): Promise<string> {
  const proc = await spawnProcess({
    argv: ['ip', ...args],
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    namespaces: where.netns ? { join: { net: where.netns } } : {},
  });
  const [out, err, status] = await Promise.all([collect(proc.stdout), collect(proc.stderr), proc.exited]);
  if (status.code !== 0) {
    const message = err.trim().split('\n').pop() ?? '';
    throw new KernelError(`ip ${args.slice(0, 2).join(' ')}`, `${args.slice(2).join(' ')}${where.netns ? ` in ${where.netns}` : ''}`, errnoFromIpMessage(message), {
      code: 'E_NETLINK',
      hint: message || undefined,
    });
  }
  return out;
}

async function collect(source: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (!source) return '';
  const chunks: Uint8Array[] = [];
  for await (const c of source) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

const MESSAGES: [RegExp, string][] = [
  [/File exists/i, 'EEXIST'],
  [/Cannot find device|No such device/i, 'ENODEV'],
  [/Operation not permitted/i, 'EPERM'],
  [/Permission denied/i, 'EACCES'],
  [/Device or resource busy/i, 'EBUSY'],
  [/No such file or directory/i, 'ENOENT'],
  [/Address already in use/i, 'EADDRINUSE'],
  [/Network is unreachable|Nexthop has invalid gateway/i, 'ENETUNREACH'],
  [/not supported/i, 'EOPNOTSUPP'],
];

export function errnoFromIpMessage(message: string): string {
  for (const [re, code] of MESSAGES) if (re.test(message)) return code;
  return 'EINVAL';
}
