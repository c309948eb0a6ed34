import type { CapabilitySets, InitExecSpec, Rlimit } from '../kernel/types.js';
import { capMask } from './oci/capabilities.js';
import { isUnlimited, rlimitNumber } from './oci/rlimits.js';
import type { Process } from './oci/spec-types.js';

const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

function limit(value: number): bigint {
  return isUnlimited(value) ? RLIM_INFINITY : BigInt(value);
}

export function capabilitySets(p: Process): CapabilitySets {
  const c = p.capabilities ?? {};
  return {
    bounding: capMask(c.bounding ?? []),
    effective: capMask(c.effective ?? []),
    permitted: capMask(c.permitted ?? []),
    inheritable: capMask(c.inheritable ?? []),
    ambient: capMask(c.ambient ?? []),
  };
}

/** config.json's `process` as the init's last call wants it. */
export function initExecSpec(p: Process, terminal: boolean | 'stdin'): InitExecSpec {
  const rlimits: Rlimit[] = (p.rlimits ?? []).map((r) => ({ resource: rlimitNumber(r.type), soft: limit(r.soft), hard: limit(r.hard) }));
  return {
    args: p.args,
    env: p.env ?? [],
    cwd: p.cwd,
    uid: p.user.uid,
    gid: p.user.gid,
    additionalGids: p.user.additionalGids ?? [],
    capabilities: capabilitySets(p),
    noNewPrivileges: p.noNewPrivileges ?? false,
    rlimits,
    terminal,
    umask: p.user.umask ?? 0o022,
  };
}
