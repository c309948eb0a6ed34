import { appendFileSync } from 'node:fs';
import { RUNTIME_COMMANDS, runRuntimeCommand } from '../cli/runtime/runtime-commands.js';
import { asDockbookError } from '../errors.js';
import { VERSION } from '../version.js';
import { LinuxKernel } from '../kernel/linux/linux-kernel.js';
import { exitAfterFlush } from './exit-after-flush.js';

/**
 * dockbook-runtime: the OCI runtime command, shaped like runc (global flags
 * before the subcommand; errors exit 1 as runc's do, so tools that drive
 * runc read them the same way).
 */
function usage(): string {
  const width = Math.max(...RUNTIME_COMMANDS.map((c) => c.name.length));
  return [
    'Usage:  dockbook-runtime [--root DIR] [--log FILE] [--log-format text|json] [--debug] COMMAND [ARGS]',
    '',
    'Runs OCI bundles (config.json + rootfs) in real namespaces and cgroups, as runc does.',
    '',
    'Commands:',
    ...RUNTIME_COMMANDS.map((c) => `  ${c.name.padEnd(width)}   ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let root = '/run/dockbook-runtime';
  let log: string | null = null;
  let logFormat = 'text';
  let debug = false;
  const rest = [...argv];
  const value = (flag: string): string => {
    const v = rest.shift();
    if (v === undefined) throw new Error(`flag needs an argument: ${flag}`);
    return v;
  };
  while (rest[0]?.startsWith('-')) {
    const f = rest.shift()!;
    const [name, inline] = f.includes('=') ? [f.slice(0, f.indexOf('=')), f.slice(f.indexOf('=') + 1)] : [f, undefined];
    if (name === '--root') root = inline ?? value(name);
    else if (name === '--log') log = inline ?? value(name);
    else if (name === '--log-format') logFormat = inline ?? value(name);
    else if (name === '--debug') debug = true;
    else if (name === '--help' || name === '-h') { process.stdout.write(`${usage()}\n`); return 0; }
    else if (name === '--version' || name === '-v') { process.stdout.write(`dockbook-runtime version ${VERSION}\nspec: 1.2.0\n`); return 0; }
    else { process.stderr.write(`dockbook-runtime: unknown flag: ${name}\n`); return 1; }
  }
  const name = rest.shift();
  if (!name || name === 'help') { process.stdout.write(`${usage()}\n`); return 0; }
  const kernel = new LinuxKernel();
  try {
    return await runRuntimeCommand(
      {
        kernel, root, cwd: process.cwd(),
        out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
        warn: (t) => process.stderr.write(`dockbook-runtime: warning: ${t}\n`),
      },
      name,
      rest,
    );
  } catch (e) {
    const err = asDockbookError(e);
    process.stderr.write(`dockbook-runtime: ${err.oneLine()}\n`);
    if (debug) process.stderr.write(`${String(err.stack)}\n`);
    if (log) {
      const line = logFormat === 'json'
        ? JSON.stringify({ level: 'error', msg: err.message, code: err.code, time: new Date().toISOString() })
        : `time="${new Date().toISOString()}" level=error msg="${err.message}" code=${err.code}`;
      try { appendFileSync(log, `${line}\n`); } catch { /* the log is best effort */ }
    }
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e: unknown) => { process.stderr.write(`dockbook-runtime: E_INTERNAL ${String(e)}\n`); exitAfterFlush(1); },
);
