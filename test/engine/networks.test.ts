// User-defined networks, embedded DNS and published ports against a real
// dockbook daemon, driven by the real docker client (and dockbook's own CLI
// for the network commands). Everything lives in the daemon's own network
// namespace ("the host" here) and namespaces this file makes; all of it is
// removed afterwards, also when a test fails.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { LinuxKernel } from '../../core/kernel/linux/linux-kernel.js';
import { describeRoot } from '../helpers/host.js';
import { DOCKBOOK_BIN, DOCKER_20, DOCKER_28, EngineSandbox, apiRequest, runCommand, type CommandResult } from './engine-sandbox.js';

const kernel = new LinuxKernel();
/** The test's own upstream resolver, inside the daemon's host namespace: forwarding never leaves the machine. */
const UPSTREAM = { address: '127.0.0.1', port: 5353 };
const UPSTREAM_NAME = 'upstream.dbktest.invalid';
const UPSTREAM_ANSWER = '10.201.0.7';

let engine: EngineSandbox;
let upstream: ChildProcess | null = null;
const outNs = `dbktest-netout-${process.pid}`;

const docker = (...args: string[]): CommandResult => runCommand(existsSync(DOCKER_28) ? DOCKER_28 : process.execPath, existsSync(DOCKER_28) ? args : [DOCKBOOK_BIN, ...args], existsSync(DOCKER_28) ? engine.dockerEnv : engine.dockbookEnv);
const dockbook = (...args: string[]): CommandResult => runCommand(process.execPath, [DOCKBOOK_BIN, ...args], engine.dockbookEnv);

function ok(r: CommandResult): string {
  expect(r.code, `${r.stderr}${r.stdout}`).toBe(0);
  return r.stdout.trim();
}

/** Runs in the daemon's host namespace (an `ip netns exec`, independent of the engine's code). */
function inHost(argv: string[]): { code: number | null; out: string } {
  const r = spawnSync('/usr/sbin/ip', ['netns', 'exec', engine.netns, ...argv], { encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

function linksInHost(): string[] {
  return (JSON.parse(execFileSync('/usr/sbin/ip', ['-n', engine.netns, '-j', 'link', 'show'], { encoding: 'utf8' })) as { ifname: string }[]).map((l) => l.ifname);
}

function ipOf(name: string, network: string): string {
  return ok(docker('inspect', '-f', `{{(index .NetworkSettings.Networks "${network}").IPAddress}}`, name));
}

/** The first A record busybox's nslookup prints for `name`, asked inside `container`. */
function firstAnswer(container: string, name: string): string {
  const out = ok(docker('exec', container, 'nslookup', '-type=a', name));
  const addrs = [...out.matchAll(/^Address:\s*(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!).filter((a) => a !== '127.0.0.11');
  return addrs[0] ?? '';
}

/**
 * The upstream resolver runs as a process of its own: this test process
 * blocks in spawnSync while a client runs, so it could not answer itself.
 */
async function startUpstream(): Promise<void> {
  const script = fileURLToPath(new URL('../fixtures/dns-upstream.mjs', import.meta.url));
  const child = spawn('/usr/sbin/ip', ['netns', 'exec', engine.netns, process.execPath, script, UPSTREAM.address, String(UPSTREAM.port), UPSTREAM_NAME, UPSTREAM_ANSWER], { stdio: ['ignore', 'pipe', 'inherit'] });
  upstream = child;
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the test's upstream DNS server exited (${code})`)));
  });
}

describeRoot('networks in the engine: user-defined networks, embedded DNS, published ports', () => {
  beforeAll(async () => {
    engine = new EngineSandbox('dbktest', { DOCKBOOK_DNS_UPSTREAM: `${UPSTREAM.address}:${UPSTREAM.port}` });
    // The real host's loopback is always up; the namespace playing it starts with lo down.
    execFileSync('/usr/sbin/ip', ['-n', engine.netns, 'link', 'set', 'lo', 'up']);
    await startUpstream();
    await engine.start();
  }, 120_000);

  afterEach(async () => {
    await engine.removeAllContainers();
    for (const id of ok(docker('network', 'ls', '-q', '--filter', 'type=custom')).split('\n').filter(Boolean)) docker('network', 'rm', id);
  });

  afterAll(async () => {
    if (upstream?.pid && upstream.exitCode === null) upstream.kill('SIGKILL');
    spawnSync('/usr/sbin/ip', ['netns', 'del', outNs]);
    if (!engine) return;
    // No proxy may outlive its container: nothing listens in the host namespace once all are gone.
    await engine.removeAllContainers().catch(() => {});
    const listening = inHost(['ss', '-Htlnu']).out.split('\n').filter((l) => l.trim() && !l.includes(`${UPSTREAM.address}:${UPSTREAM.port}`));
    const leftoverLinks = linksInHost().filter((n) => n.startsWith('veth') || n.startsWith('br-'));
    const forced = await engine.teardown();
    expect({ listening, leftoverLinks, forced }).toEqual({ listening: [], leftoverLinks: [], forced: [] });
  }, 120_000);

  it('creates, lists, inspects and removes a network, with docker\'s table and the predefined three', () => {
    const id = ok(docker('network', 'create', '--subnet', '10.231.5.0/24', '--gateway', '10.231.5.254', '--label', 'lab=net', 'dbknet-a'));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const table = ok(dockbook('network', 'ls')).split('\n');
    expect(table[0]).toMatch(/^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    expect(table.slice(1).map((l) => l.split(/\s+/).slice(1).join(' '))).toEqual(['bridge bridge local', 'dbknet-a bridge local', 'host host local', 'none null local']);
    const [net] = JSON.parse(ok(docker('network', 'inspect', 'dbknet-a'))) as { Id: string; Driver: string; IPAM: { Config: { Subnet: string; Gateway: string }[] }; Labels: Record<string, string> }[];
    expect(net).toMatchObject({ Id: id, Driver: 'bridge', IPAM: { Config: [{ Subnet: '10.231.5.0/24', Gateway: '10.231.5.254' }] }, Labels: { lab: 'net' } });
    // Docker's name for the bridge: br- and the first 12 of the id, with the gateway on it.
    const bridge = JSON.parse(execFileSync('/usr/sbin/ip', ['-n', engine.netns, '-j', 'addr', 'show', `br-${id.slice(0, 12)}`], { encoding: 'utf8' })) as { addr_info: { local: string; prefixlen: number }[] }[];
    expect(bridge[0]!.addr_info).toContainEqual(expect.objectContaining({ local: '10.231.5.254', prefixlen: 24 }));
    expect(ok(docker('network', 'ls', '-q', '--filter', 'name=dbknet-a'))).toBe(id.slice(0, 12));
    expect(ok(docker('network', 'rm', 'dbknet-a'))).toBe('dbknet-a');
    expect(linksInHost()).not.toContain(`br-${id.slice(0, 12)}`);
  });

  it('answers the same network commands from dockbook and from docker 20.10', () => {
    const clients: [string, (...a: string[]) => CommandResult][] = [['dockbook', dockbook]];
    if (existsSync(DOCKER_20)) clients.push(['docker 20.10', (...a) => runCommand(DOCKER_20, a, engine.dockerEnv)]);
    for (const [who, cli] of clients) {
      const name = `dbknet-${who.replace(/[^a-z0-9]/g, '')}`;
      const id = ok(cli('network', 'create', '--subnet', '10.231.8.0/24', name));
      expect(id, who).toMatch(/^[0-9a-f]{64}$/);
      expect(ok(cli('network', 'ls', '--format', '{{.Name}} {{.Driver}}')).split('\n'), who).toContain(`${name} bridge`);
      expect(ok(cli('network', 'inspect', '-f', '{{.Name}} {{.Driver}}', name)), who).toBe(`${name} bridge`);
      ok(cli('run', '-d', '--name', `${name}-c`, '--network', name, '--network-alias', 'dbk-alias', 'busybox', 'sleep', '60'));
      const nets = JSON.parse(ok(cli('inspect', '-f', '{{json .NetworkSettings.Networks}}', `${name}-c`))) as Record<string, { IPAddress: string; Aliases: string[] }>;
      expect(nets[name], who).toMatchObject({ IPAddress: '10.231.8.2', Aliases: ['dbk-alias'] });
      const rmInUse = cli('network', 'rm', name);
      expect(rmInUse.code, who).not.toBe(0);
      expect(rmInUse.stderr, who).toContain('has active endpoints');
      ok(cli('rm', '-f', `${name}-c`));
      expect(ok(cli('network', 'rm', name)), who).toBe(name);
    }
  });

  it('refuses bad input with Docker\'s words and statuses, leaving nothing half-made', async () => {
    ok(docker('network', 'create', '--subnet', '10.231.6.0/24', 'dbknet-b'));
    const before = linksInHost();
    const overlap = docker('network', 'create', '--subnet', '10.231.6.128/25', 'dbknet-c');
    expect(overlap.code).not.toBe(0);
    expect(overlap.stderr).toContain('Pool overlaps with other one on this address space');
    const bad = await apiRequest(engine.socket, 'POST', '/v1.45/networks/create', JSON.stringify({ Name: 'dbknet-d', IPAM: { Config: [{ Subnet: '10.231.7.1/33' }] } }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).message).toMatch(/invalid subnet 10\.231\.7\.1\/33/);
    const unknown = await apiRequest(engine.socket, 'GET', '/v1.45/networks/dbknet-nope');
    expect([unknown.status, JSON.parse(unknown.body).message]).toEqual([404, 'network dbknet-nope not found']);
    // dockerd answers create with 404 here, which makes the docker client try a pull first; the API shows it plainly.
    const create = await apiRequest(engine.socket, 'POST', '/v1.45/containers/create?name=dbk-nonet', JSON.stringify({ Image: 'busybox', Cmd: ['true'], HostConfig: { NetworkMode: 'dbknet-nope' } }));
    expect([create.status, JSON.parse(create.body).message]).toEqual([404, 'network dbknet-nope not found']);
    expect(docker('ps', '-a', '--format', '{{.Names}}').stdout).not.toContain('dbk-nonet');
    const dup = docker('network', 'create', 'dbknet-b');
    expect(dup.stderr).toContain('network with name dbknet-b already exists');
    const pre = await apiRequest(engine.socket, 'DELETE', '/v1.45/networks/bridge');
    expect([pre.status, JSON.parse(pre.body).message]).toEqual([403, 'bridge is a pre-defined network and cannot be removed']);

    ok(docker('run', '-d', '--name', 'dbk-inuse', '--network', 'dbknet-b', 'busybox', 'sleep', '60'));
    const rm = await apiRequest(engine.socket, 'DELETE', '/v1.45/networks/dbknet-b');
    expect(rm.status).toBe(403);
    expect(JSON.parse(rm.body).message).toMatch(/^error while removing network: network dbknet-b id [0-9a-f]{64} has active endpoints$/);
    expect(ok(docker('network', 'ls', '--format', '{{.Name}}')).split('\n').filter((n) => n.startsWith('dbknet'))).toEqual(['dbknet-b']);
    ok(docker('rm', '-f', 'dbk-inuse'));
    expect(linksInHost().filter((n) => !before.includes(n))).toEqual([]);
  });

  it('lets two containers on a user network fetch a page from each other by name', () => {
    ok(docker('network', 'create', 'dbknet-web'));
    ok(docker('run', '-d', '--name', 'dbk-alpha', '--network', 'dbknet-web', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc'));
    ok(docker('run', '-d', '--name', 'dbk-beta', '--network', 'dbknet-web', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc'));
    expect(ok(docker('exec', 'dbk-alpha', 'cat', '/etc/resolv.conf'))).toMatch(/^nameserver 127\.0\.0\.11$/m);
    const betaId = ok(docker('inspect', '-f', '{{.Id}}', 'dbk-beta'));
    expect(ok(docker('exec', 'dbk-alpha', 'wget', '-q', '-O', '-', 'http://dbk-beta/hostname'))).toBe(betaId.slice(0, 12));
    expect(ok(docker('exec', 'dbk-beta', 'wget', '-q', '-O', '-', 'http://dbk-alpha/hostname'))).toBe(ok(docker('inspect', '-f', '{{.Config.Hostname}}', 'dbk-alpha')));
    // The short id is a name too, as in Docker.
    expect(firstAnswer('dbk-alpha', betaId.slice(0, 12))).toBe(ipOf('dbk-beta', 'dbknet-web'));
    // Names are per network: a container elsewhere is not found.
    ok(docker('run', '-d', '--name', 'dbk-gamma', 'busybox', 'sleep', '60'));
    expect(docker('exec', 'dbk-alpha', 'nslookup', '-type=a', 'dbk-gamma').stdout).not.toContain(ipOf('dbk-gamma', 'bridge'));
  });

  it('answers an alias shared by three containers in round robin, so every one is reached', () => {
    ok(docker('network', 'create', 'dbknet-rr'));
    const ips: string[] = [];
    for (const n of ['dbk-rr1', 'dbk-rr2', 'dbk-rr3']) {
      ok(docker('run', '-d', '--name', n, '--network', 'dbknet-rr', '--network-alias', 'dbk-svc', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc'));
      ips.push(ipOf(n, 'dbknet-rr'));
    }
    ok(docker('run', '-d', '--name', 'dbk-rrclient', '--network', 'dbknet-rr', 'busybox', 'sleep', '60'));
    const firsts = Array.from({ length: 6 }, () => firstAnswer('dbk-rrclient', 'dbk-svc'));
    expect(new Set(firsts)).toEqual(new Set(ips));
    // Each turn moves by one: the same three in the same cycle.
    expect(firsts.slice(3)).toEqual(firsts.slice(0, 3));
    const aliases = JSON.parse(ok(docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', 'dbk-rr1'))) as Record<string, { Aliases: string[] }>;
    expect(aliases['dbknet-rr']!.Aliases).toContain('dbk-svc');
    expect(ok(docker('exec', 'dbk-rrclient', 'wget', '-q', '-O', '-', 'http://dbk-svc/hostname'))).toMatch(/^[0-9a-f]{12}$/);
  });

  it('forwards other names to the upstream resolver, asked from the host\'s namespace', () => {
    ok(docker('network', 'create', 'dbknet-fwd'));
    ok(docker('run', '-d', '--name', 'dbk-fwd', '--network', 'dbknet-fwd', 'busybox', 'sleep', '60'));
    expect(firstAnswer('dbk-fwd', UPSTREAM_NAME)).toBe(UPSTREAM_ANSWER);
    const missing = docker('exec', 'dbk-fwd', 'nslookup', '-type=a', 'missing.dbktest.invalid');
    expect(missing.stdout + missing.stderr).toMatch(/NXDOMAIN|can't find/);
  });

  it('keeps the host\'s resolvers on the default bridge, where --link writes hosts entries instead', () => {
    ok(docker('run', '-d', '--name', 'dbk-linked', 'busybox', 'sleep', '60'));
    ok(docker('run', '-d', '--name', 'dbk-linker', '--link', 'dbk-linked:db', 'busybox', 'sleep', '60'));
    expect(ok(docker('exec', 'dbk-linker', 'cat', '/etc/resolv.conf'))).not.toContain('127.0.0.11');
    const hosts = ok(docker('exec', 'dbk-linker', 'cat', '/etc/hosts'));
    expect(hosts).toMatch(new RegExp(`^${ipOf('dbk-linked', 'bridge').replace(/\./g, '\\.')}\\s+db dbk-linked$`, 'm'));
    expect(ok(docker('exec', 'dbk-linker', 'ping', '-c1', '-W2', 'db'))).toContain('1 packets received');
  });

  it('connects a running container to a second network and disconnects it', () => {
    ok(docker('network', 'create', 'dbknet-one'));
    ok(docker('network', 'create', 'dbknet-two'));
    ok(docker('run', '-d', '--name', 'dbk-multi', '--network', 'dbknet-one', 'busybox', 'sleep', '60'));
    ok(docker('run', '-d', '--name', 'dbk-other', '--network', 'dbknet-two', 'busybox', 'sleep', '60'));
    expect(docker('exec', 'dbk-multi', 'ping', '-c1', '-W1', 'dbk-other').code).not.toBe(0);
    ok(dockbook('network', 'connect', '--alias', 'dbk-second', 'dbknet-two', 'dbk-multi'));
    expect(ok(docker('exec', 'dbk-multi', 'ip', '-o', '-4', 'addr', 'show', 'eth1'))).toContain(ipOf('dbk-multi', 'dbknet-two'));
    expect(ok(docker('exec', 'dbk-multi', 'ping', '-c1', '-W2', 'dbk-other'))).toContain('1 packets received');
    expect(firstAnswer('dbk-other', 'dbk-second')).toBe(ipOf('dbk-multi', 'dbknet-two'));
    const containers = JSON.parse(ok(docker('network', 'inspect', '-f', '{{json .Containers}}', 'dbknet-two'))) as Record<string, { Name: string }>;
    expect(Object.values(containers).map((c) => c.Name).sort()).toEqual(['dbk-multi', 'dbk-other']);
    ok(docker('network', 'disconnect', 'dbknet-two', 'dbk-multi'));
    expect(docker('exec', 'dbk-multi', 'ip', 'link', 'show', 'eth1').code).not.toBe(0);
    expect(docker('network', 'disconnect', 'dbknet-two', 'dbk-multi').stderr).toContain('is not connected to network dbknet-two');
  });

  it('attaches at start the networks a stopped container was connected to', () => {
    ok(docker('network', 'create', 'dbknet-first'));
    ok(docker('network', 'create', 'dbknet-later'));
    ok(docker('create', '--name', 'dbk-late', '--network', 'dbknet-first', 'busybox', 'sleep', '60'));
    ok(docker('network', 'connect', '--alias', 'dbk-late-alias', 'dbknet-later', 'dbk-late'));
    const stopped = JSON.parse(ok(docker('inspect', '-f', '{{json .NetworkSettings.Networks}}', 'dbk-late'))) as Record<string, { IPAddress: string }>;
    expect(Object.keys(stopped).sort()).toEqual(['dbknet-first', 'dbknet-later']);
    expect(stopped['dbknet-later']!.IPAddress).toBe('');
    ok(docker('start', 'dbk-late'));
    ok(docker('run', '-d', '--name', 'dbk-asker', '--network', 'dbknet-later', 'busybox', 'sleep', '60'));
    expect(firstAnswer('dbk-asker', 'dbk-late-alias')).toBe(ipOf('dbk-late', 'dbknet-later'));
    expect(ok(docker('exec', 'dbk-late', 'ip', '-o', '-4', 'addr'))).toMatch(/eth1\s+inet /);
  });

  it('refuses an alias on the default bridge, as Docker does', async () => {
    const r = await apiRequest(engine.socket, 'POST', '/v1.45/containers/create', JSON.stringify({ Image: 'busybox', Cmd: ['true'], NetworkingConfig: { EndpointsConfig: { bridge: { Aliases: ['x'] } } } }));
    expect([r.status, JSON.parse(r.body).message]).toEqual([400, 'network-scoped alias is supported only for containers in user defined networks']);
  });

  it('prunes the networks no container uses, and keeps the rest', () => {
    ok(docker('network', 'create', 'dbknet-unused'));
    ok(docker('network', 'create', 'dbknet-used'));
    ok(docker('run', '-d', '--name', 'dbk-user', '--network', 'dbknet-used', 'busybox', 'sleep', '60'));
    expect(ok(dockbook('network', 'prune', '-f'))).toBe('Deleted Networks:\ndbknet-unused');
    expect(ok(docker('network', 'ls', '--format', '{{.Name}}')).split('\n')).toEqual(expect.arrayContaining(['dbknet-used', 'bridge', 'host', 'none']));
    expect(ok(docker('network', 'ls', '--format', '{{.Name}}'))).not.toContain('dbknet-unused');
  });

  it('serves a published port on the host\'s loopback through the proxy, and from another namespace through DNAT', () => {
    const port = 18000 + (process.pid % 1000);
    ok(docker('run', '-d', '--name', 'dbk-pub', '-p', `${port}:80`, 'busybox', 'httpd', '-f', '-vv', '-p', '80', '-h', '/etc'));
    const id = ok(docker('inspect', '-f', '{{.Id}}', 'dbk-pub'));
    const fetch = (ns: string, url: string) => spawnSync('/usr/sbin/ip', ['netns', 'exec', ns, '/usr/bin/curl', '-s', '-m', '5', url], { encoding: 'utf8' }).stdout;
    expect(fetch(engine.netns, `http://127.0.0.1:${port}/hostname`).trim()).toBe(id.slice(0, 12));

    // A client in a namespace of its own, wired to the host by a veth: it reaches the host's address, which DNAT sends on.
    execFileSync('/usr/sbin/ip', ['netns', 'add', outNs]);
    execFileSync('/usr/sbin/ip', ['-n', engine.netns, 'link', 'add', 'dbkout0', 'type', 'veth', 'peer', 'name', 'dbkout1', 'netns', outNs]);
    execFileSync('/usr/sbin/ip', ['-n', engine.netns, 'addr', 'add', '10.232.1.1/24', 'dev', 'dbkout0']);
    execFileSync('/usr/sbin/ip', ['-n', engine.netns, 'link', 'set', 'dbkout0', 'up']);
    execFileSync('/usr/sbin/ip', ['-n', outNs, 'addr', 'add', '10.232.1.2/24', 'dev', 'dbkout1']);
    execFileSync('/usr/sbin/ip', ['-n', outNs, 'link', 'set', 'dbkout1', 'up']);
    inHost(['/bin/busybox', 'sysctl', '-w', 'net.ipv4.ip_forward=1']);
    expect(fetch(outNs, `http://10.232.1.1:${port}/hostname`).trim()).toBe(id.slice(0, 12));
    // httpd logs each client: the outside one arrived with its own address (DNAT), the loopback one from the proxy on the bridge.
    const log = ok(docker('logs', 'dbk-pub')) + docker('logs', 'dbk-pub').stderr;
    expect(log).toContain('10.232.1.2');
    expect(log).toContain(ok(docker('inspect', '-f', '{{.NetworkSettings.Gateway}}', 'dbk-pub')));
    expect(inHost(['ss', '-Htln']).out).toContain(`0.0.0.0:${port}`);
    ok(docker('rm', '-f', 'dbk-pub'));
    expect(inHost(['ss', '-Htln']).out).not.toContain(`:${port}`);
    spawnSync('/usr/sbin/ip', ['-n', engine.netns, 'link', 'del', 'dbkout0']);
  });

  it('refuses a host port another program holds (E_PORT_IN_USE) and leaves no veth, rule or proxy behind', async () => {
    const port = 19000 + (process.pid % 1000);
    const squatter = await kernel.tcpListen({ address: '0.0.0.0', port }, { netns: `/run/netns/${engine.netns}` });
    try {
      const before = linksInHost();
      const r = docker('run', '-d', '--name', 'dbk-clash', '-p', `${port}:80`, 'busybox', 'httpd', '-f', '-p', '80');
      expect(r.code).toBe(125);
      expect(r.stderr).toContain(`listen tcp4 0.0.0.0:${port}: bind: address already in use`);
      expect(linksInHost()).toEqual(before);
      expect(inHost(['/usr/sbin/nft', 'list', 'ruleset']).out).not.toContain(`dport ${port}`);
    } finally {
      await squatter.close();
    }
  });

  it('never hands out the same address twice across 50 create/remove cycles on a user network', async () => {
    ok(docker('network', 'create', '--subnet', '10.231.9.0/24', 'dbknet-ipam'));
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await apiRequest(engine.socket, 'POST', '/v1.45/containers/create', JSON.stringify({ Image: 'busybox', Cmd: ['sleep', '30'], HostConfig: { NetworkMode: 'dbknet-ipam' } }));
      expect(created.status, created.body).toBe(201);
      const { Id } = JSON.parse(created.body) as { Id: string };
      expect((await apiRequest(engine.socket, 'POST', `/v1.45/containers/${Id}/start`)).status).toBe(204);
      const info = JSON.parse((await apiRequest(engine.socket, 'GET', `/v1.45/containers/${Id}/json`)).body) as { NetworkSettings: { Networks: Record<string, { IPAddress: string }> } };
      seen.push(info.NetworkSettings.Networks['dbknet-ipam']!.IPAddress);
      expect((await apiRequest(engine.socket, 'DELETE', `/v1.45/containers/${Id}?force=1`)).status).toBe(204);
    }
    expect(seen.every((a) => a.startsWith('10.231.9.'))).toBe(true);
    expect(new Set(seen).size).toBe(50);
  }, 180_000);

  it('keeps networks, names and published ports across a daemon restart', async () => {
    const port = 17000 + (process.pid % 1000);
    ok(docker('network', 'create', 'dbknet-keep'));
    ok(docker('run', '-d', '--name', 'dbk-keep1', '--network', 'dbknet-keep', '-p', `${port}:80`, 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc'));
    ok(docker('run', '-d', '--name', 'dbk-keep2', '--network', 'dbknet-keep', 'busybox', 'sleep', '120'));
    await engine.signal('SIGKILL');
    await engine.start();
    expect(ok(docker('network', 'ls', '--format', '{{.Name}}'))).toContain('dbknet-keep');
    expect(ok(docker('exec', 'dbk-keep2', 'wget', '-q', '-O', '-', 'http://dbk-keep1/hostname'))).toMatch(/^[0-9a-f]{12}$/);
    const fetched = spawnSync('/usr/sbin/ip', ['netns', 'exec', engine.netns, '/usr/bin/curl', '-s', '-m', '5', `http://127.0.0.1:${port}/hostname`], { encoding: 'utf8' }).stdout;
    expect(fetched.trim()).toMatch(/^[0-9a-f]{12}$/);
  }, 120_000);
});
