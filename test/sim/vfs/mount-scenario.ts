import type { MountInfo } from '../../../core/kernel/types.js';
import { outcome, type FsDriver } from './agreement-drivers.js';
import type { Observation } from './overlay-scenario.js';

/** A mount table entry without the numbers no two machines share. */
function portable(table: MountInfo[], mp: string): unknown {
  const entries = table.filter((x) => x.mountPoint === mp);
  return entries.map((e) => {
    const parent = table.find((x) => x.id === e.parentId);
    return {
      root: e.root, options: e.options, fstype: e.fstype, source: e.source, superOptions: e.superOptions,
      propagation: e.propagation.map((p) => p.replace(/\d+$/, 'N')),
      parent: parent ? `${parent.mountPoint} (${parent.fstype})` : 'not listed',
    };
  });
}

/** Mounts, binds, remounts and unmounts inside a private tmpfs at `dir`. */
export async function mountScenario(k: FsDriver, dir: string): Promise<Observation> {
  const obs: Observation = [];
  const see = async (label: string, p: Promise<unknown>): Promise<void> => {
    obs.push([label, await outcome(p)]);
  };
  const entry = async (label: string, mp: string): Promise<void> => {
    obs.push([label, portable(await k.mountTable(), mp)]);
  };

  await k.mount({ source: 'dbktest', target: dir, fstype: 'tmpfs', data: 'mode=755' });
  await k.mount({ source: '', target: dir, flags: ['private'] });
  await entry('the scratch tmpfs', dir);

  await k.mkdir(`${dir}/t`);
  await k.writeFile(`${dir}/t/under`, 'hidden');
  await see('tmpfs with flags and data', k.mount({ source: 'inner', target: `${dir}/t`, fstype: 'tmpfs', flags: ['nosuid', 'nodev', 'noexec'], data: 'size=1m,mode=700' }));
  await entry('tmpfs entry', `${dir}/t`);
  await see('what it hides', k.exists(`${dir}/t/under`));
  await see('its root dir', k.stat(`${dir}/t`).then((s) => s.mode.toString(8)));
  await see('stacked tmpfs', k.mount({ source: 'stacked', target: `${dir}/t`, fstype: 'tmpfs', flags: ['rdonly'] }));
  await entry('both entries on t', `${dir}/t`);
  await see('write on the read-only one', k.writeFile(`${dir}/t/x`, ''));
  await see('umount the top one', k.umount(`${dir}/t`));
  await see('umount the other', k.umount(`${dir}/t`));
  await see('umount what is not mounted', k.umount(`${dir}/t`));
  await see('hidden file is back', k.readText(`${dir}/t/under`));

  await k.mkdir(`${dir}/src/inner`, { recursive: true });
  await k.mount({ source: 'sub', target: `${dir}/src/inner`, fstype: 'tmpfs' });
  await k.writeFile(`${dir}/src/inner/marker`, 'from the submount');
  for (const d of ['plain', 'rec', 'ro']) await k.mkdir(`${dir}/${d}`);
  await see('bind', k.mount({ source: `${dir}/src`, target: `${dir}/plain`, flags: ['bind'] }));
  await see('rbind', k.mount({ source: `${dir}/src`, target: `${dir}/rec`, flags: ['bind', 'rec'] }));
  await entry('bind entry', `${dir}/plain`);
  await entry('rbind entry', `${dir}/rec`);
  await entry('rbind copy of the submount', `${dir}/rec/inner`);
  await see('bind does not bring submounts', k.exists(`${dir}/plain/inner/marker`));
  await see('rbind does', k.readText(`${dir}/rec/inner/marker`));
  await see('umount with a submount', k.umount(`${dir}/rec`));
  await see('lazy umount of that tree', k.umount(`${dir}/rec`, { detach: true }));
  await entry('rbind gone', `${dir}/rec/inner`);

  await see('bind with rdonly', k.mount({ source: `${dir}/src`, target: `${dir}/ro`, flags: ['bind', 'rdonly'] }));
  await see('still writable', k.writeFile(`${dir}/ro/w`, ''));
  await see('remount it read-only', k.mount({ source: '', target: `${dir}/ro`, flags: ['bind', 'remount', 'rdonly', 'nosuid'] }));
  await entry('read-only bind entry', `${dir}/ro`);
  await see('write there', k.writeFile(`${dir}/ro/w2`, ''));
  await see('mkdir there', k.mkdir(`${dir}/ro/d`));
  await see('write at the source', k.writeFile(`${dir}/src/w3`, 'ok'));

  await see('rename across mounts of one filesystem', k.rename(`${dir}/src/w3`, `${dir}/plain/w4`));
  await see('rmdir a mount point', k.rmdir(`${dir}/plain`));
  await see('rename a mount point', k.rename(`${dir}/plain`, `${dir}/plain2`));
  await see('remove -r over a mount', k.remove(`${dir}/src`, { recursive: true }));

  await see('make shared', k.mount({ source: '', target: `${dir}/plain`, flags: ['shared'] }));
  await entry('shared entry', `${dir}/plain`);
  await see('make private again', k.mount({ source: '', target: `${dir}/plain`, flags: ['private'] }));
  await see('propagation change on a non-mount-point', k.mount({ source: '', target: `${dir}/src/inner/..`, flags: ['private'] }));

  await k.mkdir(`${dir}/moved`);
  await see('move a mount', k.mount({ source: `${dir}/plain`, target: `${dir}/moved`, flags: ['move'] }));
  await entry('moved entry', `${dir}/moved`);
  await entry('nothing left at the old place', `${dir}/plain`);

  await k.mkdir(`${dir}/bad`);
  await see('unknown filesystem type', k.mount({ source: 'x', target: `${dir}/bad`, fstype: 'no-such-fs' }));
  await see('bad tmpfs option', k.mount({ source: 'x', target: `${dir}/bad`, fstype: 'tmpfs', data: 'bogus=1' }));
  await see('mount on a missing dir', k.mount({ source: 'x', target: `${dir}/missing`, fstype: 'tmpfs' }));
  await k.writeFile(`${dir}/file`, 'f');
  await k.writeFile(`${dir}/file2`, 'f2');
  await see('bind a file onto a file', k.mount({ source: `${dir}/file2`, target: `${dir}/file`, flags: ['bind'] }));
  await see('read through the file bind', k.readText(`${dir}/file`));
  await see('remove a file mount point', k.remove(`${dir}/file`));
  await see('bind a file onto a dir', k.mount({ source: `${dir}/file2`, target: `${dir}/bad`, flags: ['bind'] }));

  for (const d of ['pa', 'pb']) await k.mkdir(`${dir}/${d}`);
  await k.mount({ source: 'pa', target: `${dir}/pa`, fstype: 'tmpfs' });
  await k.mount({ source: '', target: `${dir}/pa`, flags: ['shared'] });
  await k.mount({ source: `${dir}/pa`, target: `${dir}/pb`, flags: ['bind'] });
  await k.mkdir(`${dir}/pa/x`);
  await see('mount under a shared mount', k.mount({ source: 'px', target: `${dir}/pa/x`, fstype: 'tmpfs' }));
  await k.writeFile(`${dir}/pa/x/f`, 'propagated');
  await see('seen through its peer', k.readText(`${dir}/pb/x/f`));
  await entry('the propagated copy', `${dir}/pb/x`);
  const t = await k.mountTable();
  const group = (mp: string) => t.find((m) => m.mountPoint === mp)?.propagation.join(' ');
  obs.push(['peers share a group', group(`${dir}/pa`) === group(`${dir}/pb`) && group(`${dir}/pa/x`) === group(`${dir}/pb/x`)]);
  obs.push(['a new mount gets a new group', group(`${dir}/pa`) !== group(`${dir}/pa/x`)]);
  await see('umount under a shared mount', k.umount(`${dir}/pa/x`));
  await entry('the copy went too', `${dir}/pb/x`);
  return obs;
}
