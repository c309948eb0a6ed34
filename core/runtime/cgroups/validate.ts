import { DockbookError } from '../../errors.js';
import { BLKIO_WEIGHT_MAX, BLKIO_WEIGHT_MIN } from './conversions.js';
import type { LinuxBlockDevice, LinuxResources } from './resources.js';

/** The kernel's bounds for CFS bandwidth control, in µs (kernel/sched/core.c). */
const CFS_PERIOD_MIN = 1000;
const CFS_PERIOD_MAX = 1_000_000;
const CFS_QUOTA_MIN = 1000;
const CPU_LIST = /^\d+(-\d+)?(,\d+(-\d+)?)*$/;

function bad(field: string, message: string, hint: string): never {
  throw new DockbookError('E_INVALID_ARGUMENT', `linux.resources.${field}: ${message}`, { hint });
}

function integer(field: string, n: number | undefined): void {
  if (n !== undefined && !Number.isSafeInteger(n)) bad(field, `${n} is not a whole number`, 'use an integer');
}

function bytesOrUnlimited(field: string, n: number | undefined): void {
  integer(field, n);
  if (n !== undefined && n < -1) bad(field, `${n} is negative`, 'use a byte count, or -1 for unlimited');
}

function device(field: string, d: LinuxBlockDevice): void {
  if (!Number.isSafeInteger(d.major) || !Number.isSafeInteger(d.minor) || d.major < 0 || d.minor < 0) {
    bad(field, `device ${d.major}:${d.minor} is not a MAJ:MIN pair`, 'see `ls -l /dev/sda` or /sys/block/*/dev for the numbers');
  }
}

/**
 * Rejects a config before a single file is written, so a bad value never
 * leaves a half-configured cgroup behind. Checks what the kernel would
 * reject with a bare EINVAL, and the OCI rules that span fields.
 */
export function validateResources(r: LinuxResources): void {
  const mem = r.memory;
  if (mem) {
    bytesOrUnlimited('memory.limit', mem.limit);
    bytesOrUnlimited('memory.reservation', mem.reservation);
    bytesOrUnlimited('memory.swap', mem.swap);
    integer('memory.swappiness', mem.swappiness);
    if (mem.swappiness !== undefined && (mem.swappiness < 0 || mem.swappiness > 100)) {
      bad('memory.swappiness', `${mem.swappiness} is outside 0–100`, 'use 0 (avoid swapping) to 100 (swap freely)');
    }
    const limit = mem.limit ?? 0;
    const swap = mem.swap ?? 0;
    if (swap > 0 && limit <= 0) {
      bad('memory.swap', `${swap} is set without a memory limit`, 'swap is memory + swap together; set memory.limit (--memory) as well');
    }
    if (swap > 0 && swap < limit) {
      bad('memory.swap', `${swap} is below memory.limit ${limit}`, 'swap counts memory + swap, so it must be at least the memory limit (--memory-swap ≥ --memory)');
    }
    if (limit === -1 && swap > 0) {
      bad('memory.swap', `${swap} is limited while memory is unlimited`, 'use -1 for both, or set a memory limit');
    }
  }
  const cpu = r.cpu;
  if (cpu) {
    integer('cpu.shares', cpu.shares);
    integer('cpu.quota', cpu.quota);
    integer('cpu.period', cpu.period);
    if (cpu.shares !== undefined && cpu.shares < 0) bad('cpu.shares', `${cpu.shares} is negative`, 'use 2–262144 (Docker default 1024)');
    if (cpu.period !== undefined && cpu.period !== 0 && (cpu.period < CFS_PERIOD_MIN || cpu.period > CFS_PERIOD_MAX)) {
      bad('cpu.period', `${cpu.period} µs is outside ${CFS_PERIOD_MIN}–${CFS_PERIOD_MAX}`, 'the kernel takes periods from 1 ms to 1 s');
    }
    if (cpu.quota !== undefined && cpu.quota !== 0 && cpu.quota !== -1 && cpu.quota < CFS_QUOTA_MIN) {
      bad('cpu.quota', `${cpu.quota} µs is below ${CFS_QUOTA_MIN}`, 'the smallest quota is 1 ms; use -1 for no limit');
    }
    for (const f of ['cpus', 'mems'] as const) {
      const v = cpu[f];
      if (v && !CPU_LIST.test(v)) bad(`cpu.${f}`, `"${v}" is not a list like 0-2,5`, 'use numbers and ranges separated by commas');
    }
  }
  if (r.pids) integer('pids.limit', r.pids.limit);
  const io = r.blockIO;
  if (io) {
    const weight = (field: string, n: number | undefined): void => {
      integer(field, n);
      if (n !== undefined && n !== 0 && (n < BLKIO_WEIGHT_MIN || n > BLKIO_WEIGHT_MAX)) {
        bad(field, `${n} is outside ${BLKIO_WEIGHT_MIN}–${BLKIO_WEIGHT_MAX}`, 'blkio weights go from 10 to 1000 (default 500)');
      }
    };
    weight('blockIO.weight', io.weight);
    for (const d of io.weightDevice ?? []) {
      device('blockIO.weightDevice', d);
      weight('blockIO.weightDevice', d.weight);
    }
    for (const field of ['throttleReadBpsDevice', 'throttleWriteBpsDevice', 'throttleReadIOPSDevice', 'throttleWriteIOPSDevice'] as const) {
      for (const d of io[field] ?? []) {
        device(`blockIO.${field}`, d);
        integer(`blockIO.${field}`, d.rate);
        if (d.rate < 0) bad(`blockIO.${field}`, `rate ${d.rate} is negative`, 'use a rate per second, or 0 for no limit');
      }
    }
  }
  for (const d of r.devices ?? []) {
    if (d.type !== undefined && !['a', 'b', 'c'].includes(d.type)) bad('devices', `type "${d.type}" is not a, b or c`, 'a = all, c = character, b = block');
    if (d.access !== undefined && !/^[rwm]{1,3}$/.test(d.access)) bad('devices', `access "${d.access}" is not made of r, w, m`, 'for example rwm or r');
    for (const n of [d.major, d.minor]) {
      if (n !== undefined && n !== null && (!Number.isSafeInteger(n) || n < -1)) bad('devices', `device number ${n} is not valid`, 'use a number, or -1/null for any');
    }
  }
}
