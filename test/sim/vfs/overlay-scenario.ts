import type { FileStat, MountInfo } from '../../../core/kernel/types.js';
import { outcome, type FsDriver } from './agreement-drivers.js';

export type Observation = Array<readonly [string, unknown]>;

/** A mount table entry without the ids no two machines share. */
function entryIn(table: MountInfo[], mp: string): unknown {
  const e = table.find((x) => x.mountPoint === mp);
  const parent = table.find((x) => x.id === e?.parentId);
  const { id: _id, parentId: _p, ...rest } = e ?? ({} as MountInfo);
  return { ...rest, parent: parent?.mountPoint };
}

/**
 * One overlayfs lesson as a script: three lowers and an upper inside a tmpfs
 * at `dir`, then reads, a copy-up, deletes, an rmdir+mkdir, renames. It
 * records only what both worlds can agree on: contents, types, modes,
 * errors, xattr names, and how inode and device numbers relate (never their
 * values, which no two machines share).
 */
export async function overlayScenario(k: FsDriver, dir: string): Promise<Observation> {
  const obs: Observation = [];
  // Every observation and every later step records a failure instead of
  // throwing, so a broken simulator yields a comparable (differing) record.
  const note = async (label: string, value: unknown): Promise<void> => {
    obs.push([label, value instanceof Promise ? await outcome(value) : value]);
  };
  const act = async (label: string, p: Promise<unknown>): Promise<void> => {
    const r = await outcome(p);
    if (typeof r === 'string' && r.startsWith('error ')) obs.push([`${label} failed`, r]);
  };
  const names = async (p: string): Promise<string[]> => (await k.readdir(p)).map((e) => `${e.name}:${e.type}`).sort();
  const shape = (s: FileStat) => ({ type: s.type, mode: s.mode.toString(8), size: s.type === 'dir' ? 'dir' : s.size, uid: s.uid, gid: s.gid, rdev: s.rdev });
  const xattrs = async (p: string): Promise<string[]> => (await k.listxattr(p)).sort();

  await k.mount({ source: 'dbktest', target: dir, fstype: 'tmpfs', data: 'mode=755' });
  for (const d of ['l1', 'l2', 'l3', 'upper', 'work', 'merged']) await k.mkdir(`${dir}/${d}`);
  await k.writeFile(`${dir}/l1/a`, 'top-a');
  await k.mkdir(`${dir}/l1/shadowed`);
  await k.mknod(`${dir}/l1/gone`, 'char', 0, 0, 0);
  await k.mkdir(`${dir}/l1/etc`);
  await k.writeFile(`${dir}/l1/etc/conf`, 'l1');
  await k.writeFile(`${dir}/l2/a`, 'mid-a');
  await k.writeFile(`${dir}/l2/b`, 'mid-b');
  await k.writeFile(`${dir}/l2/shadowed`, 'file under a dir');
  await k.mkdir(`${dir}/l2/opaquedir`);
  await k.writeFile(`${dir}/l2/opaquedir/only-l2`, '2');
  await k.setxattr(`${dir}/l2/opaquedir`, 'trusted.overlay.opaque', 'y');
  await k.mkdir(`${dir}/l2/etc`);
  await k.writeFile(`${dir}/l2/etc/l2file`, 'l2');
  await k.writeFile(`${dir}/l3/c`, 'bot-c');
  await k.link(`${dir}/l3/c`, `${dir}/l3/c2`);
  await k.writeFile(`${dir}/l3/e`, 'bot-e');
  await k.writeFile(`${dir}/l3/gone`, 'bot');
  await k.mkdir(`${dir}/l3/opaquedir`);
  await k.writeFile(`${dir}/l3/opaquedir/hidden`, 'hidden');
  await k.mkdir(`${dir}/l3/etc`);
  await k.writeFile(`${dir}/l3/etc/l3file`, 'l3');
  await k.mkdir(`${dir}/l3/deep/x/y`, { recursive: true });
  await k.writeFile(`${dir}/l3/deep/x/y/file`, 'deep');
  await k.chmod(`${dir}/l3/deep/x`, 0o750);
  await k.chown(`${dir}/l3/deep/x`, 12, 34);

  const m = `${dir}/merged`;
  const u = `${dir}/upper`;
  const lowerdir = `${dir}/l1:${dir}/l2:${dir}/l3`;
  await k.mount({ source: 'overlay', target: m, fstype: 'overlay', data: `lowerdir=${lowerdir},upperdir=${u},workdir=${dir}/work` });

  const table = await k.mountTable();
  await note('mountinfo: overlay', entryIn(table, m));
  await note('mountinfo: tmpfs', entryIn(table, dir));
  await note('workdir after mount', names(`${dir}/work`));
  await note('work/work', (async () => shape(await k.stat(`${dir}/work/work`)))());

  await note('merged listing', names(m));
  await note('merged etc listing', names(`${m}/etc`));
  await note('opaque dir listing', names(`${m}/opaquedir`));
  await note('read a (top layer wins)', k.readText(`${m}/a`));
  await note('read b', k.readText(`${m}/b`));
  await note('read c', k.readText(`${m}/c`));
  await note('whited-out name', k.stat(`${m}/gone`));
  await note('hidden under opaque', k.stat(`${m}/opaquedir/hidden`));

  const base = await k.stat(dir);
  const root = await k.stat(m);
  await note('overlay has its own st_dev', root.dev !== base.dev);
  await note('non-dir shows the overlay st_dev', (async () => (await k.stat(`${m}/a`)).dev === root.dev)());
  await note('st_ino is the real one', (async () => (await k.stat(`${m}/a`)).ino === (await k.stat(`${dir}/l1/a`)).ino)());
  await note('root st_ino is the upper dir’s', (async () => root.ino === (await k.stat(u)).ino)());
  await note('merged dir nlink', (async () => (await k.stat(`${m}/etc`)).nlink)());
  await note('opaque dir nlink', (async () => (await k.stat(`${m}/opaquedir`)).nlink)());

  const bIno = (await k.stat(`${m}/b`)).ino;
  await act('writeFile merged/b', k.writeFile(`${m}/b`, '+changed', { append: true }));
  await note('merged b after append', k.readText(`${m}/b`));
  await note('upper b', k.readText(`${u}/b`));
  await note('lower b untouched', k.readText(`${dir}/l2/b`));
  await note('st_ino kept across copy-up', (async () => (await k.stat(`${m}/b`)).ino === bIno)());
  await note('upper b xattrs', xattrs(`${u}/b`));
  await note('upper root xattrs', xattrs(u));

  const yMtime = (await k.stat(`${dir}/l3/deep/x/y`)).mtimeMs;
  await act('writeFile merged/deep/x/y/file', k.writeFile(`${m}/deep/x/y/file`, 'rewritten'));
  await note('copied-up parent keeps mode and owner', (async () => shape(await k.stat(`${u}/deep/x`)))());
  await note('copied-up parent keeps mtime', (async () => (await k.stat(`${u}/deep/x/y`)).mtimeMs === yMtime)());
  await note('copied-up dir xattrs', xattrs(`${u}/deep/x/y`));
  await note('lower deep file untouched', k.readText(`${dir}/l3/deep/x/y/file`));

  await act('writeFile merged/c', k.writeFile(`${m}/c`, '+only-c', { append: true }));
  await note('hard link broken by copy-up', k.readText(`${m}/c2`));
  await note('nlink of the name still below', (async () => (await k.stat(`${m}/c2`)).nlink)());
  await note('nlink of the copied name', (async () => (await k.stat(`${m}/c`)).nlink)());
  await note('no origin for a hard-linked file', xattrs(`${u}/c`));

  await act('chmod merged/e', k.chmod(`${m}/e`, 0o600));
  await note('chmod copies up', (async () => shape(await k.stat(`${u}/e`)))());
  await note('chmod leaves the lower mode', (async () => (await k.stat(`${dir}/l3/e`)).mode.toString(8))());

  await act('remove merged/a', k.remove(`${m}/a`));
  await note('deleted name gone', k.exists(`${m}/a`));
  await note('whiteout in upper', k.lstat(`${u}/a`).then((wh) => ({ type: wh.type, rdev: wh.rdev, mode: wh.mode, uid: wh.uid })));
  await note('lower a untouched', k.readText(`${dir}/l1/a`));

  await note('rmdir of a merged dir with lower files', k.rmdir(`${m}/etc`));
  await act('remove merged/etc', k.remove(`${m}/etc`, { recursive: true }));
  await note('merged etc removed: upper holds', (async () => shape(await k.lstat(`${u}/etc`)))());
  await act('mkdir merged/etc', k.mkdir(`${m}/etc`));
  await note('recreated etc is empty', names(`${m}/etc`));
  await note('recreated etc is opaque', k.getxattr(`${u}/etc`, 'trusted.overlay.opaque'));
  await note('recreated etc upper listing', names(`${u}/etc`));

  await note('rename of a lower dir', k.rename(`${m}/deep`, `${m}/deep2`));
  await act('mkdir merged/mine', k.mkdir(`${m}/mine`));
  await act('writeFile merged/mine/f', k.writeFile(`${m}/mine/f`, '1'));
  await act('rename merged/mine', k.rename(`${m}/mine`, `${m}/mine2`));
  await note('renamed upper dir content', k.readText(`${m}/mine2/f`));
  await note('renamed upper dir xattrs', xattrs(`${u}/mine2`));

  await act('rename merged/c', k.rename(`${m}/c`, `${m}/c-renamed`));
  await note('rename of a lower file leaves a whiteout', (async () => (await k.lstat(`${u}/c`)).type)());
  await note('renamed file content', k.readText(`${m}/c-renamed`));
  await note('whiteout-shaped mknod through the overlay', k.mknod(`${m}/fake`, 'char', 0o600, 0, 0));

  await act('remove merged/b', k.remove(`${m}/b`));
  await act('writeFile merged/b', k.writeFile(`${m}/b`, 'again'));
  await note('recreated over a whiteout', (async () => shape(await k.lstat(`${u}/b`)))());

  await note('final merged listing', names(m));
  await note('final upper listing', names(u));

  await k.mkdir(`${dir}/ro`);
  await note('read-only overlay with one lower', k.mount({ source: 'overlay', target: `${dir}/ro`, fstype: 'overlay', data: `lowerdir=${dir}/l1` }));
  await note('overlay with a missing lower', k.mount({ source: 'overlay', target: `${dir}/ro`, fstype: 'overlay', data: `lowerdir=${dir}/nope` }));
  await act('mount read-only overlay', k.mount({ source: 'overlay', target: `${dir}/ro`, fstype: 'overlay', data: `lowerdir=${dir}/l2:${dir}/l3` }));
  await note('mountinfo: read-only overlay', (async () => entryIn(await k.mountTable(), `${dir}/ro`))());
  await note('write to the read-only overlay', k.writeFile(`${dir}/ro/b`, 'x'));
  await note('read from the read-only overlay', k.readText(`${dir}/ro/b`));
  return obs;
}
