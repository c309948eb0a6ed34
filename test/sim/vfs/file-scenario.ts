import { outcome, type FsDriver } from './agreement-drivers.js';
import type { Observation } from './overlay-scenario.js';

/**
 * Everyday file calls and their failures, inside a private tmpfs at `dir`.
 * Each step records its value or its `call(subject): ERRNO` message.
 */
export async function fileScenario(k: FsDriver, dir: string): Promise<Observation> {
  const obs: Observation = [];
  const see = async (label: string, p: Promise<unknown>): Promise<void> => {
    obs.push([label, await outcome(p)]);
  };
  const shape = (p: string, follow = true) =>
    (follow ? k.stat(p) : k.lstat(p)).then((s) => ({ type: s.type, mode: s.mode.toString(8), size: s.size, nlink: s.nlink, rdev: s.rdev }));

  await k.mount({ source: 'dbktest', target: dir, fstype: 'tmpfs', data: 'mode=755' });
  await k.mount({ source: '', target: dir, flags: ['private'] });
  await k.writeFile(`${dir}/f`, 'x');
  await k.mkdir(`${dir}/d`);
  await k.mkdir(`${dir}/e`);
  await k.writeFile(`${dir}/e/x`, '');
  await k.symlink('loop2', `${dir}/loop1`);
  await k.symlink('loop1', `${dir}/loop2`);
  await k.symlink('target-missing', `${dir}/dangle`);

  await see('mkdir an existing dir', k.mkdir(`${dir}/d`));
  await see('mkdir -p over a file', k.mkdir(`${dir}/f`, { recursive: true }));
  await see('mkdir -p under a file', k.mkdir(`${dir}/f/x/y`, { recursive: true }));
  await see('mkdir -p an existing dir', k.mkdir(`${dir}/d`, { recursive: true }));
  await see('mkdir without parent', k.mkdir(`${dir}/no/x`));
  await see('mkdir d/..', k.mkdir(`${dir}/d/..`));
  await see('rmdir a file', k.rmdir(`${dir}/f`));
  await see('rmdir non-empty', k.rmdir(`${dir}/e`));
  await see('rmdir d/.', k.rmdir(`${dir}/d/.`));
  await see('rmdir d/..', k.rmdir(`${dir}/d/..`));
  await see('readdir a file', k.readdir(`${dir}/f`));
  await see('read a dir', k.readFile(`${dir}/d`));
  await see('write a dir', k.writeFile(`${dir}/d`, 'x'));
  await see('write new/', k.writeFile(`${dir}/new/`, 'x'));
  await see('write f/x', k.writeFile(`${dir}/f/x`, 'x'));
  await see('stat f/x', k.stat(`${dir}/f/x`));
  await see('stat f/', k.stat(`${dir}/f/`));
  await see('readlink a file', k.readlink(`${dir}/f`));
  await see('stat a loop', k.stat(`${dir}/loop1`));
  await see('lstat a loop', shape(`${dir}/loop1`, false));
  await see('write through a loop', k.writeFile(`${dir}/loop1`, 'x'));
  await see('write through a dangling link', k.writeFile(`${dir}/dangle`, 'made'));
  await see('read its target', k.readText(`${dir}/target-missing`));
  await see('symlink over a file', k.symlink('x', `${dir}/f`));
  await see('symlink to name/', k.symlink('x', `${dir}/newlink/`));
  await see('rename dir over non-empty dir', k.rename(`${dir}/d`, `${dir}/e`));
  await see('rename file over dir', k.rename(`${dir}/f`, `${dir}/d`));
  await see('rename dir over file', k.rename(`${dir}/d`, `${dir}/f`));
  await see('rename into itself', k.rename(`${dir}/e`, `${dir}/e/sub`));
  await see('rename missing', k.rename(`${dir}/nope`, `${dir}/x`));
  await see('rename onto itself', k.rename(`${dir}/f`, `${dir}/f`));
  await see('chmod missing', k.chmod(`${dir}/nope`, 0o644));
  await see('remove missing', k.remove(`${dir}/nope`));
  await see('remove missing, forced', k.remove(`${dir}/nope`, { force: true }));
  await see('remove non-empty dir', k.remove(`${dir}/e`));
  await see('readlink loop1', k.readlink(`${dir}/loop1`));

  await k.writeFile(`${dir}/chain-end`, 'end');
  await k.symlink(`${dir}/chain-end`, `${dir}/c0`);
  for (let i = 1; i <= 40; i++) await k.symlink(`c${i - 1}`, `${dir}/c${i}`);
  await see('39 links deep', k.readText(`${dir}/c39`));
  await see('40 links deep', k.readText(`${dir}/c40`));

  await k.writeFile(`${dir}/m640`, 'hello', { mode: 0o640 });
  await k.writeFile(`${dir}/m640`, ' world', { append: true });
  await see('file written with a mode, appended', shape(`${dir}/m640`));
  await see('appended content', k.readText(`${dir}/m640`));
  await see('empty dir', shape(`${dir}/d`));
  await k.mkdir(`${dir}/p/c1`, { recursive: true });
  await k.mkdir(`${dir}/p/c2`);
  await k.writeFile(`${dir}/p/file`, '');
  await see('dir with two subdirs and a file', shape(`${dir}/p`));
  await see('symlink itself', shape(`${dir}/dangle`, false));
  await k.link(`${dir}/m640`, `${dir}/hard`);
  await see('hard link', shape(`${dir}/hard`));
  await k.mknod(`${dir}/null`, 'char', 0o666, 1, 3);
  await see('char device', shape(`${dir}/null`));
  await k.truncate(`${dir}/hard`, 2);
  await see('truncated through the other name', k.readText(`${dir}/m640`));
  await k.rename(`${dir}/d`, `${dir}/p/c1`);
  await see('dir renamed over an empty dir', k.exists(`${dir}/d`));
  await see('parent nlink after that', shape(`${dir}/p`));
  await see('remove -r', k.remove(`${dir}/p`, { recursive: true }));
  await see('listing at the end', k.readdir(dir).then((es) => es.map((e) => `${e.name}:${e.type}`).sort()));
  return obs;
}
