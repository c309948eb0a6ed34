import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { uniqueName } from './host.js';

/** Debian's docker.io daemon, where installed: the reference real Docker archives are checked against. */
export const DOCKERD = ['/usr/sbin/dockerd', '/usr/bin/dockerd'].find((p) => existsSync(p)) ?? null;
const CLIENT = ['/usr/bin/docker', '/usr/local/bin/docker'].find((p) => existsSync(p)) ?? null;
export const HAVE_DOCKERD = DOCKERD !== null && CLIENT !== null && process.getuid?.() === 0;

export interface ThrowawayDockerd {
  readonly dir: string;
  readonly host: string;
  /** Runs the docker client against this daemon; throws with its stderr on failure. */
  docker(args: string[], input?: Uint8Array): Buffer;
  stop(): Promise<void>;
}

/**
 * A dockerd of our own: its own data, exec root, socket and containerd
 * namespace under /tmp/dbktest-dockerd-*, no bridge and no iptables, so it
 * touches nothing else on the host. Stopped by its pid.
 */
export async function startDockerd(): Promise<ThrowawayDockerd> {
  if (!DOCKERD || !CLIENT) throw new Error('no dockerd on this host');
  const name = uniqueName('dockerd');
  const dir = `/tmp/${name}`;
  mkdirSync(dir, { recursive: true });
  const host = `unix://${dir}/d.sock`;
  const child = spawn(DOCKERD, [
    '--data-root', `${dir}/data`, '--exec-root', `${dir}/exec`, '--pidfile', `${dir}/d.pid`, '-H', host,
    '--bridge=none', '--iptables=false', '--ip6tables=false', '--containerd-namespace', name, '--containerd-plugins-namespace', `${name}-p`,
  ], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr?.on('data', (b: Buffer) => { log += b.toString(); });
  const docker = (args: string[], input?: Uint8Array): Buffer => execFileSync(CLIENT, args, {
    env: { ...process.env, DOCKER_HOST: host }, input, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    }
    execFileSync('sh', ['-c', `grep -o ' ${dir}[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null; true`]);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 150; i += 1) {
    if (child.exitCode !== null) break;
    try {
      docker(['version', '--format', '{{.Server.Version}}']);
      return { dir, host, docker, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await stop();
  throw new Error(`dockerd did not start: ${log.split('\n').slice(-5).join('\n')}`);
}

/** The pid file dockerd wrote, for a test that wants to check it is gone. */
export function dockerdPid(d: ThrowawayDockerd): number | null {
  try { return Number(readFileSync(`${d.dir}/d.pid`, 'utf8')); } catch { return null; }
}
