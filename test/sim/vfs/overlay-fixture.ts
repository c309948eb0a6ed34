import type { FsView, VfsEvent } from '../../../core/sim/vfs/index.js';
import { boot } from './sim-helpers.js';
import type { BootOptions } from '../../../core/sim/vfs/index.js';

export interface OverlayFixture {
  readonly v: FsView;
  readonly base: string;
  readonly merged: string;
  readonly upper: string;
  readonly events: VfsEvent[];
  /** Mounts another overlay over the same lowers with its own upper and work dirs. */
  mountAnother(name: string): string;
}

export const LOWERS = ['l1', 'l2', 'l3'];

/**
 * Three lower layers (l1 on top), an upper and a work dir, all on the root
 * filesystem as under /var/lib/docker:
 *
 *   l1: a="top-a"   shadowed/ (dir)          gone (whiteout)   etc/conf="l1"
 *   l2: a="mid-a"   b="mid-b"  shadowed (file)  opaquedir/ (opaque) only-l2="2"   etc/l2file
 *   l3: c="bot-c"   gone="bot" opaquedir/hidden   etc/l3file   deep/x/y/file
 */
export function overlayFixture(opts: BootOptions = {}, base = '/var/lib/dbk'): OverlayFixture {
  const { init: v, vfs } = boot(opts);
  const events: VfsEvent[] = [];
  vfs.on((e) => events.push(e));
  for (const d of [...LOWERS, 'upper', 'work', 'merged']) v.mkdir(`${base}/${d}`, { recursive: true });
  v.writeFile(`${base}/l1/a`, 'top-a');
  v.mkdir(`${base}/l1/shadowed`);
  v.mknod(`${base}/l1/gone`, 'char', 0, 0, 0);
  v.mkdir(`${base}/l1/etc`);
  v.writeFile(`${base}/l1/etc/conf`, 'l1');

  v.writeFile(`${base}/l2/a`, 'mid-a');
  v.writeFile(`${base}/l2/b`, 'mid-b');
  v.writeFile(`${base}/l2/shadowed`, 'a file under a dir');
  v.mkdir(`${base}/l2/opaquedir`);
  v.writeFile(`${base}/l2/opaquedir/only-l2`, '2');
  v.setxattr(`${base}/l2/opaquedir`, 'trusted.overlay.opaque', 'y');
  v.mkdir(`${base}/l2/etc`);
  v.writeFile(`${base}/l2/etc/l2file`, 'l2');

  v.writeFile(`${base}/l3/c`, 'bot-c');
  v.writeFile(`${base}/l3/gone`, 'bot');
  v.mkdir(`${base}/l3/opaquedir`);
  v.writeFile(`${base}/l3/opaquedir/hidden`, 'hidden by l2');
  v.mkdir(`${base}/l3/etc`);
  v.writeFile(`${base}/l3/etc/l3file`, 'l3');
  v.mkdir(`${base}/l3/deep/x/y`, { recursive: true });
  v.writeFile(`${base}/l3/deep/x/y/file`, 'deep');

  const lowerdir = LOWERS.map((l) => `${base}/${l}`).join(':');
  const mountOne = (upper: string, work: string, merged: string): void => {
    v.mount({ source: 'overlay', target: merged, fstype: 'overlay', data: `lowerdir=${lowerdir},upperdir=${upper},workdir=${work}` });
  };
  mountOne(`${base}/upper`, `${base}/work`, `${base}/merged`);
  events.length = 0;
  return {
    v, base, merged: `${base}/merged`, upper: `${base}/upper`, events,
    mountAnother(name: string): string {
      for (const d of ['upper', 'work', 'merged']) v.mkdir(`${base}/${name}-${d}`);
      mountOne(`${base}/${name}-upper`, `${base}/${name}-work`, `${base}/${name}-merged`);
      return `${base}/${name}-merged`;
    },
  };
}
