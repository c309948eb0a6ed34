import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Commands started by tests keep their engine state in a temp dir, never in /var/lib/dockbook. */
const STATE = join(tmpdir(), `dbktest-clistate-${process.pid}`);
mkdirSync(STATE, { recursive: true });
process.on('exit', () => rmSync(STATE, { recursive: true, force: true }));
export const TEST_ENV = { DOCKBOOK_ROOT: join(STATE, 'root'), DOCKBOOK_RUN: join(STATE, 'run') };

export const BIN = fileURLToPath(new URL('../../bin/dockbook.mjs', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function dockbook(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...TEST_ENV, ...env }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a long-running dockbook command and resolves once a line matches. */
export function dockbookUntil(args: readonly string[], ready: RegExp): Promise<{ match: RegExpMatchArray; stop: () => Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...TEST_ENV } });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) resolve({ match: m, output: () => out, stop: async () => { child.kill('SIGTERM'); return exited; } });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`dockbook exited (${code}) before it was ready:\n${out}`)));
  });
}
