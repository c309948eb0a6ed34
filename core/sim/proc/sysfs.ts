import { gen, GenFs, type GenEntry } from '../gen-fs.js';
import type { Machine } from '../machine.js';
import type { FsFactory } from '../vfs/index.js';

/**
 * sysfs: /sys/class/net lists the links of the mounter's network namespace
 * (sysfs is tagged with it at mount time, which is why a container mounts
 * its own). The rest is a thin sketch of the tree.
 */
export function sysfsFactory(m: Machine): FsFactory {
  return (req) => {
    const stack = m.current.ns.net.stack;
    const fixed = (s: string): GenEntry => gen.file(() => s);
    const net = gen.dir(() => [...stack.links.values()].sort((a, b) => a.index - b.index).map((l) => [l.name, gen.fixed({
      address: gen.file(() => `${l.mac}\n`),
      mtu: gen.file(() => `${l.mtu}\n`),
      ifindex: gen.file(() => `${l.index}\n`),
      operstate: gen.file(() => (l.kind === 'loopback' ? 'unknown\n' : l.up ? 'up\n' : 'down\n')),
      type: gen.file(() => (l.kind === 'loopback' ? '772\n' : '1\n')),
    })] as [string, GenEntry]));
    const root = gen.fixed({
      class: gen.fixed({ net }),
      fs: gen.fixed({ cgroup: gen.fixed({}) }),
      firmware: gen.fixed({ acpi: gen.fixed({ tables: gen.fixed({ DSDT: fixed('DSDT') }) }), dmi: gen.fixed({}) }),
      devices: gen.fixed({
        virtual: gen.fixed({ powercap: gen.fixed({ 'intel-rapl': gen.fixed({ energy_uj: fixed('0\n') }) }), net: gen.fixed({}) }),
        system: gen.fixed({ cpu: gen.fixed({ online: gen.file(() => `0-${m.ncpus - 1}\n`) }) }),
      }),
      kernel: gen.fixed({ mm: gen.fixed({}) }),
      module: gen.fixed({}),
    });
    return new GenFs(m.vfs.allocateAnonDev(), 'sysfs', req.source || 'sysfs', root, { fileSize: 4096, mtimeMs: () => m.now() });
  };
}
