import { describe, expect, it } from 'vitest';
import { capHex, capMask } from '../../../core/runtime/oci/capabilities.js';
import {
  DEFAULT_DEVICES, DOCKER_DEVICE_RULES, RUNC_DEFAULT_DEVICE_RULES, defaultSpec, effectiveDeviceRules,
} from '../../../core/runtime/oci/default-spec.js';
import { parseSpec } from '../../../core/runtime/oci/validate.js';

describe('defaultSpec', () => {
  it('runs sh in / with the PATH and TERM Docker sets', () => {
    const { process } = defaultSpec();
    expect(process.args).toEqual(['sh']);
    expect(process.cwd).toBe('/');
    expect(process.env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'TERM=xterm']);
    expect(process.user).toEqual({ uid: 0, gid: 0 });
    expect(process.noNewPrivileges).toBe(true);
    expect(process.rlimits).toEqual([{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }]);
  });

  it('uses the rootfs directory, read-only as runc spec writes it, unless told otherwise', () => {
    expect(defaultSpec().root).toEqual({ path: 'rootfs', readonly: true });
    expect(defaultSpec({ readonly: false, rootPath: '/var/lib/x/merged' }).root).toEqual({ path: '/var/lib/x/merged', readonly: false });
  });

  it('takes args, terminal and hostname from its options', () => {
    const s = defaultSpec({ args: ['echo', 'hi'], terminal: false, hostname: 'web' });
    expect(s.process.args).toEqual(['echo', 'hi']);
    expect(s.process.terminal).toBe(false);
    expect(s.hostname).toBe('web');
  });

  it('gives Docker\'s 14 capabilities as bounding, effective and permitted, with mask 00000000a80425fb', () => {
    const caps = defaultSpec().process.capabilities!;
    for (const set of [caps.bounding, caps.effective, caps.permitted]) {
      expect(set).toHaveLength(14);
      expect(capHex(capMask(set!))).toBe('00000000a80425fb');
    }
    expect(caps.inheritable).toBeUndefined();
    expect(caps.ambient).toBeUndefined();
  });

  it('creates pid, network, ipc, uts, mount and cgroup namespaces', () => {
    expect(defaultSpec().linux?.namespaces).toEqual([
      { type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' },
    ]);
  });

  it('mounts proc, dev, pts, shm, mqueue, sys and cgroup in that order with Docker\'s options', () => {
    const mounts = defaultSpec().mounts!;
    expect(mounts.map((m) => `${m.destination} ${m.type}`)).toEqual([
      '/proc proc', '/dev tmpfs', '/dev/pts devpts', '/dev/shm tmpfs', '/dev/mqueue mqueue', '/sys sysfs', '/sys/fs/cgroup cgroup',
    ]);
    const opts = Object.fromEntries(mounts.map((m) => [m.destination, m.options?.join(',')]));
    expect(opts['/dev']).toBe('nosuid,strictatime,mode=755,size=65536k');
    expect(opts['/dev/pts']).toBe('nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5');
    expect(opts['/dev/shm']).toBe('nosuid,noexec,nodev,mode=1777,size=65536k');
    expect(opts['/dev/mqueue']).toBe('nosuid,noexec,nodev');
    expect(opts['/sys']).toBe('nosuid,noexec,nodev,ro');
    expect(opts['/sys/fs/cgroup']).toBe('nosuid,noexec,nodev,relatime,ro');
  });

  it('masks and write-protects the /proc and /sys paths Docker does', () => {
    const linux = defaultSpec().linux!;
    expect(linux.maskedPaths).toEqual([
      '/proc/asound', '/proc/acpi', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats',
      '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware',
      '/sys/devices/virtual/powercap',
    ]);
    expect(linux.readonlyPaths).toEqual(['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
  });

  it('writes Docker\'s device rules: deny all, allow the harmless devices, deny fuse', () => {
    const rules = defaultSpec().linux?.resources?.['devices'];
    expect(rules).toEqual(DOCKER_DEVICE_RULES);
    expect(DOCKER_DEVICE_RULES[0]).toEqual({ allow: false, access: 'rwm' });
    const allowed = DOCKER_DEVICE_RULES.filter((r) => r.allow).map((r) => `${r.type} ${r.major}:${r.minor} ${r.access}`);
    expect(allowed).toEqual(['c 1:5 rwm', 'c 1:3 rwm', 'c 1:9 rwm', 'c 1:8 rwm', 'c 5:0 rwm', 'c 5:1 rwm']);
    expect(DOCKER_DEVICE_RULES.at(-1)).toEqual({ allow: false, type: 'c', major: 10, minor: 229, access: 'rwm' });
  });

  it('lets a runtime append runc\'s own rules after the config\'s, which bring mknod, full, pts, ptmx and tun', () => {
    const effective = effectiveDeviceRules(DOCKER_DEVICE_RULES);
    expect(effective).toHaveLength(DOCKER_DEVICE_RULES.length + RUNC_DEFAULT_DEVICE_RULES.length);
    const show = (r: (typeof effective)[number]): string => `${r.type} ${r.major ?? '*'}:${r.minor ?? '*'} ${r.access}`;
    expect(effective.slice(DOCKER_DEVICE_RULES.length).map(show)).toEqual([
      'c *:* m', 'b *:* m', 'c 1:3 rwm', 'c 1:8 rwm', 'c 1:7 rwm', 'c 5:0 rwm', 'c 1:5 rwm', 'c 1:9 rwm',
      'c 136:* rwm', 'c 5:2 rwm', 'c 10:200 rwm',
    ]);
  });

  it('lists the six device nodes every container gets, each 0666 and owned by root', () => {
    expect(DEFAULT_DEVICES.map((d) => `${d.path} ${d.type} ${d.major}:${d.minor}`)).toEqual([
      '/dev/null c 1:3', '/dev/zero c 1:5', '/dev/full c 1:7', '/dev/random c 1:8', '/dev/urandom c 1:9', '/dev/tty c 5:0',
    ]);
    for (const d of DEFAULT_DEVICES) expect(d).toMatchObject({ fileMode: 0o666, uid: 0, gid: 0 });
  });

  it('returns a fresh object each time, so editing one does not change the next', () => {
    const a = defaultSpec();
    a.process.args.push('-c');
    a.mounts!.pop();
    a.process.capabilities!.bounding!.pop();
    (a.linux!.resources!['devices'] as unknown[]).pop();
    const b = defaultSpec();
    expect(b.process.args).toEqual(['sh']);
    expect(b.mounts).toHaveLength(7);
    expect(b.process.capabilities!.bounding).toHaveLength(14);
    expect(b.linux!.resources!['devices']).toHaveLength(DOCKER_DEVICE_RULES.length);
  });

  it('passes its own validation', () => {
    expect(parseSpec(defaultSpec())).toEqual(defaultSpec());
  });
});
