import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../core/version.js';
import { dockbook, dockbookUntil } from '../helpers/cli.js';
import { describeRoot } from '../helpers/host.js';
import pkg from '../../package.json' with { type: 'json' };

const NO_STACK = /^\s+at /m;

describe('the dockbook command', () => {
  it('lists its commands and prints help for every one of them', () => {
    const top = dockbook(['--help']);
    expect(top.code).toBe(0);
    const names = [...top.stdout.matchAll(/^ {2}(\S+)\s{3}/gm)].map((m) => m[1]!);
    expect(names).toEqual(expect.arrayContaining(['doctor', 'serve', 'daemon', 'run', 'start', 'ps']));
    for (const name of names) {
      const r = dockbook([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toContain(`Usage:  dockbook ${name}`);
    }
  });

  it('prints its version, which is the package version', () => {
    expect(dockbook(['--version']).stdout.trim()).toBe(`dockbook version ${VERSION}`);
    expect(VERSION).toBe(pkg.version);
  });

  it('answers an unknown command with one line, a code and exit 125', () => {
    const r = dockbook(['frobnicate']);
    expect(r.code).toBe(125);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("E_USAGE 'frobnicate' is not a dockbook command");
  });

  it('answers a bad flag with one line and no stack trace', () => {
    const r = dockbook(['doctor', '--bogus']);
    expect(r.code).toBe(125);
    expect(r.stderr).toBe("dockbook: E_USAGE unknown flag: --bogus (hint: see 'dockbook doctor --help')\n");
  });

  it('rejects an invalid port without starting anything', () => {
    const r = dockbook(['serve', '--port', '99999']);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^dockbook: E_INVALID_ARGUMENT invalid port: 99999 \(hint: .*\)\n$/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('shows the stack only with --debug', () => {
    const r = dockbook(['--debug', 'serve', '--port', 'x']);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(NO_STACK);
  });
});

describeRoot('dockbook doctor and start on this host', () => {
  it('doctor --json prints valid JSON naming the hybrid cgroup layout and the mode', () => {
    const r = dockbook(['doctor', '--json']);
    const report = JSON.parse(r.stdout) as { mode: string; cgroups: { kind: string }; checks: { id: string }[] };
    expect(['linux', 'sim']).toContain(report.mode);
    expect(r.code).toBe(report.mode === 'linux' ? 0 : 1);
    expect(report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['root', 'overlay', 'cgroups', 'namespaces', 'links', 'busybox', 'disk', 'firewall']));
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
    const hasV1 = / - cgroup /.test(mounts);
    const hasV2 = / - cgroup2 /.test(mounts);
    expect(report.cgroups.kind).toBe(hasV1 && hasV2 ? 'hybrid' : hasV1 ? 'v1' : 'v2');
  });

  it('doctor prints one line per check and ends with the mode line', () => {
    const r = dockbook(['doctor']);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^dockbook doctor — Linux /);
    expect(lines.at(-1)).toMatch(/^mode: (real \(linux\)|simulator) — /);
    expect(r.stdout).toMatch(/cgroups\s+(hybrid|v1|v2)/);
  });

  it('serve serves the UI and its status on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const s = await dockbookUntil(['serve', '--port', '0'], /lab UI: (http:\/\/127\.0\.0\.1:(\d+)\/)/);
    try {
      const url = s.match[1]!;
      const status = (await (await fetch(`${url}api/status`)).json()) as { mode: string; doctor: { mode: string } };
      expect(status.mode).toBe(status.doctor.mode);
      const page = await fetch(url);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('<div id="app">');
      expect((await fetch(`${url}../../../etc/passwd`)).status).not.toBe(500);
      expect(await (await fetch(`${url}%2e%2e/%2e%2e/etc/passwd`)).text()).not.toContain('root:x:0');
    } finally {
      expect(await s.stop()).toBe(0);
    }
  });

  it('serve says so in one line when its port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = dockbook(['serve', '--port', String(port)]);
      expect(r.code).toBe(125);
      expect(r.stderr).toMatch(new RegExp(`E_PORT_IN_USE cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
    } finally {
      blocker.close();
    }
  });
});
