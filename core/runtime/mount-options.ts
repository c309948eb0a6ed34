import type { MountFlag } from '../kernel/types.js';

/** What an OCI mount's `options` list means to mount(2): flags, propagation, and fs data. */
export interface ParsedMountOptions {
  readonly flags: MountFlag[];
  /** Applied in a second mount call: propagation cannot be combined with other flags. */
  readonly propagation: MountFlag[];
  readonly data: string;
  readonly bind: boolean;
  readonly readonly: boolean;
}

const FLAG_OPTIONS: Record<string, MountFlag[]> = {
  ro: ['rdonly'], nosuid: ['nosuid'], nodev: ['nodev'], noexec: ['noexec'],
  bind: ['bind'], rbind: ['bind', 'rec'], relatime: ['relatime'], strictatime: ['strictatime'], noatime: ['noatime'],
};
/** Options that clear a flag: they only matter as the absence of their opposite. */
const CLEARING = new Set(['rw', 'suid', 'dev', 'exec', 'atime', 'norelatime', 'async', 'defaults']);
const PROPAGATION: Record<string, MountFlag[]> = {
  private: ['private'], rprivate: ['private', 'rec'], shared: ['shared'], rshared: ['shared', 'rec'],
  slave: ['slave'], rslave: ['slave', 'rec'], unbindable: ['unbindable'], runbindable: ['unbindable', 'rec'],
};

export function parseMountOptions(options: readonly string[] = []): ParsedMountOptions {
  const flags = new Set<MountFlag>();
  const propagation: MountFlag[] = [];
  const data: string[] = [];
  for (const o of options) {
    const f = FLAG_OPTIONS[o];
    if (f) { for (const x of f) flags.add(x); continue; }
    const p = PROPAGATION[o];
    if (p) { propagation.push(...p); continue; }
    if (CLEARING.has(o)) continue;
    data.push(o);
  }
  return {
    flags: [...flags],
    propagation,
    data: data.join(','),
    bind: flags.has('bind'),
    readonly: flags.has('rdonly'),
  };
}
