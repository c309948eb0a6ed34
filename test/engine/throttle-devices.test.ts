import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { major, minor } from '../../core/kernel/device-numbers.js';
import { describeRoot } from '../helpers/host.js';
import { DOCKBOOK_BIN, DOCKER_28, EngineSandbox, runCommand, useEngineSandbox } from './engine-sandbox.js';

const deviceNumbers = (rdev: number) => ({ major: major(rdev), minor: minor(rdev) });

describe('a device number read from st_rdev', () => {
  it('splits major and minor as glibc does, small and large', () => {
    expect(deviceNumbers(statSync('/dev/null').rdev)).toEqual({ major: 1, minor: 3 });
    // makedev(259, 65536): the minor's high bits live above the major's low ones.
    expect(deviceNumbers(0x10010300)).toEqual({ major: 259, minor: 65536 });
  });
});

/** A block device of this host with a /dev node (the VM's disk, or a loop device). */
function someBlockDevice(): { path: string; numbers: string } | null {
  for (const name of existsSync('/sys/block') ? readdirSync('/sys/block') : []) {
    const path = `/dev/${name}`;
    if (!existsSync(path) || !statSync(path).isBlockDevice()) continue;
    return { path, numbers: readFileSync(`/sys/block/${name}/dev`, 'utf8').trim() };
  }
  return null;
}

const device = someBlockDevice();
const blkio = '/sys/fs/cgroup/blkio';

describeRoot('--device-write-bps and its siblings, for real', () => {
  let engine: EngineSandbox;
  const docker = (...a: string[]) => runCommand(DOCKER_28, a, engine.dockerEnv);
  const dockbook = (...a: string[]) => runCommand(process.execPath, [DOCKBOOK_BIN, ...a], engine.dockbookEnv);

  useEngineSandbox((e) => { engine = e; });

  it.skipIf(!device || !existsSync(DOCKER_28))('writes the device\'s numbers and the rate into the cgroup, from the docker client and from dockbook', () => {
    for (const [who, run] of [['docker', docker], ['dockbook', dockbook]] as const) {
      const r = run('run', '-d', '--device-write-bps', `${device!.path}:1mb`, '--device-read-iops', `${device!.path}:300`, 'busybox', 'sleep', '60');
      expect(r.code, `${who}: ${r.stderr}`).toBe(0);
      const id = r.stdout.trim();
      const v1 = existsSync(`${blkio}/dockbook/${id}`);
      const file = (name: string) => readFileSync(v1 ? `${blkio}/dockbook/${id}/blkio.throttle.${name}` : `/sys/fs/cgroup/dockbook/${id}/io.max`, 'utf8');
      if (v1) {
        expect(file('write_bps_device').trim(), who).toBe(`${device!.numbers} 1048576`);
        expect(file('read_iops_device').trim(), who).toBe(`${device!.numbers} 300`);
      } else {
        expect(file('io.max'), who).toContain(`${device!.numbers} rbps=max wbps=1048576 riops=300`);
      }
      const inspect = JSON.parse(run('inspect', id).stdout) as [{ HostConfig: { BlkioDeviceWriteBps: { Path: string; Rate: number }[] } }];
      expect(inspect[0].HostConfig.BlkioDeviceWriteBps).toEqual([{ Path: device!.path, Rate: 1048576 }]);
      expect(run('rm', '-f', id).code).toBe(0);
    }
  }, 60_000);

  it('refuses a bad rate or path in the client, and a path that is no block device at start, leaving nothing behind', () => {
    const badRate = dockbook('run', '--rm', '--device-write-bps', '/dev/null:fast', 'busybox', 'true');
    expect(badRate.code).toBe(125);
    expect(badRate.stderr).toContain('invalid rate for device: /dev/null:fast');
    const badPath = dockbook('run', '--rm', '--device-write-bps', 'sda:1mb', 'busybox', 'true');
    expect(badPath.code).toBe(125);
    expect(badPath.stderr).toContain('bad format for device path');
    for (const run of [docker, dockbook]) {
      const notBlock = run('run', '--name', 'dbktest-throttle', '--device-write-bps', '/dev/null:1mb', 'busybox', 'true');
      expect(notBlock.code, notBlock.stderr).not.toBe(0);
      expect(notBlock.stderr).toContain('/dev/null is not a block device');
      // The container was created but never ran: no process, no mount, no cgroup; it is there to be removed.
      const state = JSON.parse(run('inspect', 'dbktest-throttle').stdout) as [{ Id: string; State: { Running: boolean; Pid: number } }];
      expect(state[0].State.Running).toBe(false);
      expect(existsSync(`${blkio}/dockbook/${state[0].Id}`)).toBe(false);
      expect(run('rm', 'dbktest-throttle').code).toBe(0);
    }
  }, 60_000);
});
