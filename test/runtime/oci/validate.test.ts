import { describe, expect, it } from 'vitest';
import { DockbookError } from '../../../core/errors.js';
import { defaultSpec } from '../../../core/runtime/oci/default-spec.js';
import { parseSpec, parseSpecText } from '../../../core/runtime/oci/validate.js';

type Json = Record<string, any>;

/** A valid config as plain JSON, to break one field at a time. */
function config(): Json {
  return JSON.parse(JSON.stringify(defaultSpec())) as Json;
}

function errorOf(fn: () => unknown): DockbookError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DockbookError);
    return e as DockbookError;
  }
  throw new Error('expected an error');
}

describe('parseSpec accepts', () => {
  it('the default spec, and gives back an equal copy (a round trip)', () => {
    const spec = defaultSpec();
    const parsed = parseSpec(JSON.parse(JSON.stringify(spec)));
    expect(parsed).toEqual(spec);
    expect(parseSpecText(JSON.stringify(spec, null, 2))).toEqual(spec);
  });

  it('a copy, leaving the caller\'s object alone', () => {
    const input = config();
    const parsed = parseSpec(input);
    expect(parsed).not.toBe(input);
    parsed.process.args.push('x');
    expect(input['process'].args).toEqual(['sh']);
  });

  it('fields it does not know, and keeps them as runc does', () => {
    const input = config();
    input['vm'] = { hypervisor: { path: '/usr/bin/qemu' } };
    input['process'].scheduler = { policy: 'SCHED_OTHER' };
    input['linux'].personality = { domain: 'LINUX' };
    const parsed = parseSpec(input) as unknown as Json;
    expect(parsed['vm']).toEqual({ hypervisor: { path: '/usr/bin/qemu' } });
    expect(parsed['process'].scheduler).toEqual({ policy: 'SCHED_OTHER' });
    expect(parsed['linux'].personality).toEqual({ domain: 'LINUX' });
  });

  it('any 1.x version, with pre-release and build parts', () => {
    for (const v of ['1.0.0', '1.0.2-dev', '1.1.0+dirty', '1.2.0']) {
      const c = config();
      c['ociVersion'] = v;
      expect(parseSpec(c).ociVersion).toBe(v);
    }
  });

  it('a full config with hooks, devices, mappings and a user namespace', () => {
    const c = config();
    c['hooks'] = {
      prestart: [{ path: '/bin/true' }],
      createRuntime: [{ path: '/usr/bin/net-setup', args: ['net-setup', 'x'], env: ['A=1'], timeout: 5 }],
      poststop: [],
    };
    c['annotations'] = { 'org.example.key': 'value' };
    c['linux'].namespaces.push({ type: 'user' });
    c['linux'].uidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    c['linux'].gidMappings = [{ containerID: 0, hostID: 100000, size: 65536 }];
    c['linux'].devices = [
      { path: '/dev/fuse', type: 'c', major: 10, minor: 229, fileMode: 0o666, uid: 0, gid: 0 },
      { path: '/dev/myfifo', type: 'p' },
    ];
    c['linux'].sysctl = { 'net.ipv4.ip_forward': '1' };
    c['linux'].rootfsPropagation = 'rslave';
    c['linux'].cgroupsPath = '/dockbook/abc';
    c['linux'].seccomp = { defaultAction: 'SCMP_ACT_ERRNO' };
    c['process'].consoleSize = { height: 24, width: 80 };
    c['process'].user = { uid: 1000, gid: 1000, umask: 0o22, additionalGids: [5, 20] };
    c['process'].oomScoreAdj = -500;
    c['process'].rlimits.push({ type: 'RLIMIT_CORE', hard: 18446744073709551615, soft: 0 });
    c['mounts'].push({ destination: '/data', type: 'bind', source: '/srv/data', options: ['rbind', 'ro'] });
    expect(() => parseSpec(c)).not.toThrow();
  });
});

/** Each case breaks one field; the message must name that field's path. */
const CASES: Array<[string, (c: Json) => void, string]> = [
  ['ociVersion missing', (c) => delete c['ociVersion'], 'config.json: ociVersion is required'],
  ['ociVersion 2.x', (c) => { c['ociVersion'] = '2.0.0'; }, 'config.json: ociVersion: "2.0.0" is not supported'],
  ['ociVersion not semver', (c) => { c['ociVersion'] = 'one'; }, 'config.json: ociVersion: "one" is not a version like "1.2.0"'],
  ['ociVersion a number', (c) => { c['ociVersion'] = 1; }, 'config.json: ociVersion must be a string'],
  ['root missing', (c) => delete c['root'], 'config.json: root is required'],
  ['root.path missing', (c) => delete c['root'].path, 'config.json: root.path is required'],
  ['root.path empty', (c) => { c['root'].path = ''; }, 'config.json: root.path must not be empty'],
  ['root.readonly a string', (c) => { c['root'].readonly = 'yes'; }, 'config.json: root.readonly must be true or false'],
  ['mounts not an array', (c) => { c['mounts'] = {}; }, 'config.json: mounts must be an array'],
  ['a relative mount destination', (c) => { c['mounts'][3].destination = 'dev/shm'; }, 'config.json: mounts[3].destination must be an absolute path'],
  ['a mount without destination', (c) => delete c['mounts'][0].destination, 'config.json: mounts[0].destination is required'],
  ['mount options not strings', (c) => { c['mounts'][1].options = ['ro', 7]; }, 'config.json: mounts[1].options[1] must be a string'],
  ['process missing', (c) => delete c['process'], 'config.json: process is required'],
  ['process.args empty', (c) => { c['process'].args = []; }, 'config.json: process.args must be a non-empty array of strings'],
  ['process.args with a number', (c) => { c['process'].args = ['sh', 1]; }, 'config.json: process.args must be a non-empty array of strings'],
  ['process.args missing', (c) => delete c['process'].args, 'config.json: process.args is required'],
  ['process.args[0] empty', (c) => { c['process'].args = ['']; }, 'config.json: process.args[0] must not be empty'],
  ['process.cwd relative', (c) => { c['process'].cwd = 'home'; }, 'config.json: process.cwd must be an absolute path'],
  ['process.cwd missing', (c) => delete c['process'].cwd, 'config.json: process.cwd is required'],
  ['an env entry without =', (c) => { c['process'].env.push('FOO'); }, 'config.json: process.env[2]: "FOO" is not NAME=value'],
  ['an env entry with an empty name', (c) => { c['process'].env.push('=x'); }, 'config.json: process.env[2]: "=x" is not NAME=value'],
  ['process.user missing', (c) => delete c['process'].user, 'config.json: process.user is required'],
  ['a negative uid', (c) => { c['process'].user.uid = -1; }, 'config.json: process.user.uid must be an integer from 0 to 4294967295'],
  ['a fractional gid', (c) => { c['process'].user.gid = 1.5; }, 'config.json: process.user.gid must be an integer'],
  ['a umask past 0777', (c) => { c['process'].user.umask = 0o1000; }, 'config.json: process.user.umask must be an integer from 0 to 511'],
  ['an additional gid as a string', (c) => { c['process'].user.additionalGids = ['5']; }, 'config.json: process.user.additionalGids[0] must be an integer'],
  ['terminal as a string', (c) => { c['process'].terminal = 'true'; }, 'config.json: process.terminal must be true or false'],
  ['consoleSize without width', (c) => { c['process'].consoleSize = { height: 24 }; }, 'config.json: process.consoleSize.width is required'],
  ['an unknown capability', (c) => { c['process'].capabilities.bounding[1] = 'CAP_FOO'; }, 'config.json: process.capabilities.bounding[1]: unknown capability "CAP_FOO"'],
  ['a capability without its prefix', (c) => { c['process'].capabilities.ambient = ['NET_ADMIN']; }, 'config.json: process.capabilities.ambient[0]: unknown capability "NET_ADMIN"'],
  ['an unknown rlimit', (c) => { c['process'].rlimits[0].type = 'RLIMIT_FOO'; }, 'config.json: process.rlimits[0].type: unknown rlimit "RLIMIT_FOO"'],
  ['an rlimit without hard', (c) => delete c['process'].rlimits[0].hard, 'config.json: process.rlimits[0].hard is required'],
  ['a soft rlimit above the hard one', (c) => { c['process'].rlimits[0].soft = 2048; }, 'config.json: process.rlimits[0]: soft limit 2048 is above hard limit 1024'],
  ['a repeated rlimit', (c) => { c['process'].rlimits.push({ type: 'RLIMIT_NOFILE', hard: 1, soft: 1 }); }, 'config.json: process.rlimits[1].type: duplicate rlimit "RLIMIT_NOFILE" (also at process.rlimits[0])'],
  ['noNewPrivileges as a number', (c) => { c['process'].noNewPrivileges = 1; }, 'config.json: process.noNewPrivileges must be true or false'],
  ['oomScoreAdj out of range', (c) => { c['process'].oomScoreAdj = 1001; }, 'config.json: process.oomScoreAdj must be an integer from -1000 to 1000'],
  ['hostname as a number', (c) => { c['hostname'] = 7; }, 'config.json: hostname must be a string'],
  ['hostname without a uts namespace', (c) => { c['linux'].namespaces = c['linux'].namespaces.filter((n: Json) => n['type'] !== 'uts'); }, 'config.json: hostname is set, but linux.namespaces has no "uts" namespace'],
  ['a hook with a relative path', (c) => { c['hooks'] = { poststart: [{ path: 'notify' }] }; }, 'config.json: hooks.poststart[0].path must be an absolute path'],
  ['a hook with timeout 0', (c) => { c['hooks'] = { prestart: [{ path: '/bin/x', timeout: 0 }] }; }, 'config.json: hooks.prestart[0].timeout must be an integer from 1'],
  ['a hook list that is not a list', (c) => { c['hooks'] = { createContainer: { path: '/bin/x' } }; }, 'config.json: hooks.createContainer must be an array'],
  ['an annotation that is not a string', (c) => { c['annotations'] = { a: 1 }; }, 'config.json: annotations.a must be a string'],
  ['an unknown namespace type', (c) => { c['linux'].namespaces[2].type = 'foo'; }, 'config.json: linux.namespaces[2].type: unknown namespace type "foo"'],
  ['a repeated namespace type', (c) => { c['linux'].namespaces.push({ type: 'pid', path: '/proc/1/ns/pid' }); }, 'config.json: linux.namespaces[6].type: duplicate namespace type "pid" (also at linux.namespaces[0])'],
  ['a relative namespace path', (c) => { c['linux'].namespaces[1].path = 'run/netns/x'; }, 'config.json: linux.namespaces[1].path must be an absolute path'],
  ['a new user namespace without mappings', (c) => { c['linux'].namespaces.push({ type: 'user' }); }, 'config.json: linux.uidMappings is required when a new user namespace is created'],
  ['mappings without a user namespace', (c) => { c['linux'].gidMappings = [{ containerID: 0, hostID: 1000, size: 1 }]; }, 'config.json: linux.gidMappings is set, but linux.namespaces has no "user" namespace'],
  ['a mapping of size 0', (c) => { c['linux'].uidMappings = [{ containerID: 0, hostID: 1000, size: 0 }]; }, 'config.json: linux.uidMappings[0].size must be an integer from 1'],
  ['a device of unknown type', (c) => { c['linux'].devices = [{ path: '/dev/x', type: 'z', major: 1, minor: 1 }]; }, 'config.json: linux.devices[0].type: unknown device type "z"'],
  ['a char device without major', (c) => { c['linux'].devices = [{ path: '/dev/x', type: 'c', minor: 1 }]; }, 'config.json: linux.devices[0].major is required'],
  ['a device with a relative path', (c) => { c['linux'].devices = [{ path: 'dev/x', type: 'p' }]; }, 'config.json: linux.devices[0].path must be an absolute path'],
  ['resources as a list', (c) => { c['linux'].resources = []; }, 'config.json: linux.resources must be an object'],
  ['a sysctl value as a number', (c) => { c['linux'].sysctl = { 'net.ipv4.ip_forward': 1 }; }, 'config.json: linux.sysctl.net.ipv4.ip_forward must be a string'],
  ['a relative masked path', (c) => { c['linux'].maskedPaths[4] = 'proc/keys'; }, 'config.json: linux.maskedPaths[4] must be an absolute path'],
  ['a relative readonly path', (c) => { c['linux'].readonlyPaths = [7]; }, 'config.json: linux.readonlyPaths[0] must be a string'],
  ['an unknown rootfs propagation', (c) => { c['linux'].rootfsPropagation = 'sideways'; }, 'config.json: linux.rootfsPropagation: unknown rootfs propagation "sideways"'],
  ['linux as a string', (c) => { c['linux'] = 'yes'; }, 'config.json: linux must be an object'],
];

describe('parseSpec refuses, in one line naming the field,', () => {
  it.each(CASES)('%s', (_name, breakIt, message) => {
    const c = config();
    breakIt(c);
    const e = errorOf(() => parseSpec(c));
    expect(e.code).toBe('E_INVALID_CONFIG');
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.message).not.toContain('\n');
    expect(e.hint).toBeTruthy();
  });

  it('a top level that is not an object', () => {
    for (const v of [null, [], 'x', 3]) {
      expect(errorOf(() => parseSpec(v)).message).toBe('config.json must hold a JSON object at the top level');
    }
  });

  it('values JSON cannot hold, by path', () => {
    const c = config();
    c['process'].env = [() => 'x'];
    expect(errorOf(() => parseSpec(c)).message).toBe('config.json: process.env[0] is not JSON (a function)');
  });

  it('lists the known values in the hint of an unknown one', () => {
    const c = config();
    c['linux'].namespaces[0].type = 'net';
    expect(errorOf(() => parseSpec(c)).hint).toContain('network');
  });
});

describe('parseSpecText', () => {
  it('turns a JSON syntax error into one E_INVALID_CONFIG line with where it stopped', () => {
    const e = errorOf(() => parseSpecText('{\n  "ociVersion": "1.2.0",\n  "root": }\n'));
    expect(e.code).toBe('E_INVALID_CONFIG');
    expect(e.message).toMatch(/^config\.json is not valid JSON: .*line 3 column 11/);
    expect(e.message).not.toContain('\n');
    expect(e.hint).toBeTruthy();
  });

  it('reports an empty file as invalid JSON too', () => {
    expect(errorOf(() => parseSpecText('')).message).toMatch(/^config\.json is not valid JSON: /);
  });

  it('checks the fields after parsing', () => {
    expect(errorOf(() => parseSpecText('{"ociVersion": "1.2.0"}')).message).toBe('config.json: root is required');
  });
});
