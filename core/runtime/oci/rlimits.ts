import { DockbookError } from '../../errors.js';

/**
 * Resource limits by the number setrlimit(2)/prlimit(2) take on Linux x86_64
 * (and the generic asm headers: only alpha, mips and sparc differ). The index
 * in this list is the resource number.
 */
export const RLIMIT_NAMES = [
  'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_DATA', 'RLIMIT_STACK', 'RLIMIT_CORE', 'RLIMIT_RSS', // 0-5
  'RLIMIT_NPROC', 'RLIMIT_NOFILE', 'RLIMIT_MEMLOCK', 'RLIMIT_AS', 'RLIMIT_LOCKS', // 6-10
  'RLIMIT_SIGPENDING', 'RLIMIT_MSGQUEUE', 'RLIMIT_NICE', 'RLIMIT_RTPRIO', 'RLIMIT_RTTIME', // 11-15
] as const;

export type RlimitName = (typeof RLIMIT_NAMES)[number];

const NUMBER_OF: ReadonlyMap<string, number> = new Map(RLIMIT_NAMES.map((name, i) => [name, i]));

/**
 * RLIM_INFINITY is 2^64-1, which a JS number cannot hold; JSON.parse turns it
 * into 2^64. Any value at or above 2^63 is treated as "unlimited".
 */
export const RLIM_INFINITY = 2 ** 64;

export function isRlimitName(name: string): name is RlimitName {
  return NUMBER_OF.has(name);
}

/** The resource number of an exact name (`RLIMIT_NOFILE` → 7). */
export function rlimitNumber(name: string): number {
  const n = NUMBER_OF.get(name);
  if (n === undefined) {
    throw new DockbookError('E_INVALID_ARGUMENT', `unknown rlimit "${name}"`, {
      hint: `known limits: ${RLIMIT_NAMES.join(', ')}`,
    });
  }
  return n;
}

export function rlimitName(resource: number): RlimitName | undefined {
  return RLIMIT_NAMES[resource];
}

/**
 * A `docker run --ulimit` name (`nofile`, `NPROC`) as the config.json type
 * Docker writes for it (`RLIMIT_NOFILE`): upper-cased with the prefix added.
 */
export function rlimitFromUlimitName(text: string): RlimitName {
  const upper = text.trim().toUpperCase();
  const name = upper.startsWith('RLIMIT_') ? upper : `RLIMIT_${upper}`;
  if (!isRlimitName(name)) {
    throw new DockbookError('E_INVALID_ARGUMENT', `unknown ulimit "${text}"`, {
      hint: `known limits: ${RLIMIT_NAMES.map((n) => n.slice('RLIMIT_'.length).toLowerCase()).join(', ')}`,
    });
  }
  return name;
}

export function isUnlimited(value: number): boolean {
  return value >= 2 ** 63;
}
