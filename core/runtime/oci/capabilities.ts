import { DockbookError } from '../../errors.js';

/**
 * Linux capabilities by bit number (include/uapi/linux/capability.h). The
 * index in this list is the bit in the masks the kernel shows in
 * /proc/PID/status (CapBnd, CapEff, …) and takes in capset(2).
 */
export const CAPABILITY_NAMES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', // 0-4
  'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', // 5-9
  'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', // 10-14
  'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', // 15-19
  'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', // 20-24
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', // 25-29
  'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', // 30-34
  'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', // 35-39
  'CAP_CHECKPOINT_RESTORE', // 40
] as const;

export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** The highest capability this table knows; a newer kernel may know more (/proc/sys/kernel/cap_last_cap). */
export const CAP_LAST_CAP = CAPABILITY_NAMES.length - 1;

const NUMBER_OF: ReadonlyMap<string, number> = new Map(CAPABILITY_NAMES.map((name, i) => [name, i]));

const UNKNOWN_HINT = 'capability names look like CAP_NET_ADMIN; see capabilities(7)';

export function isCapabilityName(name: string): name is CapabilityName {
  return NUMBER_OF.has(name);
}

/** The bit number of an exact name (`CAP_KILL` → 5); throws for an unknown one. */
export function capNumber(name: string): number {
  const n = NUMBER_OF.get(name);
  if (n === undefined) {
    throw new DockbookError('E_INVALID_ARGUMENT', `unknown capability "${name}"`, { hint: UNKNOWN_HINT });
  }
  return n;
}

/** The name of a bit number, or undefined past CAP_LAST_CAP. */
export function capName(bit: number): CapabilityName | undefined {
  return CAPABILITY_NAMES[bit];
}

/**
 * A name as a person types it, the way `docker run --cap-add` accepts it:
 * any case, with or without the CAP_ prefix (`net_admin` → CAP_NET_ADMIN).
 * config.json itself must use the exact names; parseSpec checks that.
 */
export function parseCapability(text: string): CapabilityName {
  const upper = text.trim().toUpperCase();
  const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!isCapabilityName(name)) {
    throw new DockbookError('E_INVALID_ARGUMENT', `unknown capability "${text}"`, { hint: UNKNOWN_HINT });
  }
  return name;
}

/** The bit mask of a set of names, as the kernel stores a capability set. */
export function capMask(names: Iterable<string>): bigint {
  let mask = 0n;
  for (const name of names) mask |= 1n << BigInt(capNumber(name));
  return mask;
}

/** The names whose bits are set, lowest bit first; bits past CAP_LAST_CAP are ignored. */
export function capNames(mask: bigint): CapabilityName[] {
  return CAPABILITY_NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** 16 hex digits, as /proc/PID/status prints CapBnd and friends ("00000000a80425fb"). */
export function capHex(mask: bigint): string {
  if (mask < 0n || mask >= 1n << 64n) {
    throw new DockbookError('E_INVALID_ARGUMENT', `capability mask out of range: ${mask}`);
  }
  return mask.toString(16).padStart(16, '0');
}

/** The inverse of capHex: reads a CapXxx value from /proc/PID/status. */
export function parseCapHex(text: string): bigint {
  const t = text.trim();
  if (!/^[0-9a-fA-F]{1,16}$/.test(t)) {
    throw new DockbookError('E_INVALID_ARGUMENT', `not a capability mask: "${text}"`, {
      hint: 'expected up to 16 hex digits, as in the CapBnd line of /proc/self/status',
    });
  }
  return BigInt(`0x${t}`);
}
