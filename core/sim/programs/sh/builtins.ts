import { ExecNow, ExitNow, Sys } from '../../sys.js';
import { signalNumber } from '../../signals.js';
import { signalProcess } from '../../process-ops.js';
import { echo, printf } from '../applets-text.js';
import { testExpr } from './test-expr.js';
import type { Shell } from './shell.js';

type Builtin = (sh: Shell, argv: string[]) => Promise<number>;

/** Runs an applet as a builtin: same code, the shell's own process and descriptors. */
function asBuiltin(applet: (sys: Sys) => Promise<number>): Builtin {
  return (sh, argv) => applet(Object.create(sh.sys, { argv: { value: argv } }) as Sys);
}

/** ash's builtins: the commands that run in the shell's own process (so `ps` never sees them). */
export const BUILTINS: Record<string, Builtin> = {
  ':': async () => 0,
  true: async () => 0,
  false: async () => 1,
  echo: asBuiltin(echo),
  printf: asBuiltin(printf),
  exit: async (sh, argv) => { throw new ExitNow(argv[1] === undefined ? sh.state.lastStatus : Number(argv[1]) || 0); },
  read: async (sh, argv) => {
    const names = argv.slice(1).filter((a) => !a.startsWith('-'));
    const line = await sh.sys.readLine(0);
    if (line === null) return 1;
    const fields = line.trim().split(/[ \t]+/);
    names.forEach((n, i) => sh.state.vars.set(n, i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '')));
    if (names.length === 0) sh.state.vars.set('REPLY', line);
    return 0;
  },
  wait: async (sh, argv) => {
    const wanted = argv.slice(1).map(Number);
    let st = 0;
    for (const job of [...sh.state.jobs]) {
      if (wanted.length && !wanted.includes(job.pid)) continue;
      st = await sh.waitFor(job);
    }
    return wanted.length ? st : 0;
  },
  cd: async (sh, argv) => {
    const dir = argv[1] ?? sh.state.vars.get('HOME') ?? '/';
    try {
      sh.sys.call(() => sh.sys.fs.chdir(dir));
      sh.state.vars.set('PWD', sh.sys.fs.getcwd());
      return 0;
    } catch (e) {
      await sh.sys.err(`${sh.state.name}: cd: can't cd to ${dir}: ${Sys.describe(e)}\n`);
      return 2;
    }
  },
  pwd: async (sh) => { await sh.sys.out(`${sh.sys.fs.getcwd()}\n`); return 0; },
  export: async (sh, argv) => {
    for (const a of argv.slice(1)) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (eq >= 0) sh.state.vars.set(name, a.slice(eq + 1));
      sh.state.exported.add(name);
    }
    return 0;
  },
  unset: async (sh, argv) => {
    for (const n of argv.slice(1)) {
      sh.state.vars.delete(n);
      sh.state.exported.delete(n);
    }
    return 0;
  },
  shift: async (sh, argv) => { sh.state.positional.splice(0, Number(argv[1] ?? 1)); return 0; },
  set: async (sh, argv) => {
    const dd = argv.indexOf('--');
    if (dd >= 0) sh.state.positional = argv.slice(dd + 1);
    return 0;
  },
  eval: async (sh, argv) => sh.runSource(argv.slice(1).join(' ')),
  exec: async (sh, argv) => {
    if (argv.length < 2) return 0;
    const env: Record<string, string> = {};
    for (const k of sh.state.exported) { const v = sh.state.vars.get(k); if (v !== undefined) env[k] = v; }
    throw new ExecNow(argv.slice(1), env);
  },
  test: async (sh, argv) => testExpr(sh.sys, argv.slice(1)),
  '[': async (sh, argv) => {
    if (argv.at(-1) !== ']') {
      await sh.sys.err('[: missing ]\n');
      return 2;
    }
    return testExpr(sh.sys, argv.slice(1, -1));
  },
  kill: async (sh, argv) => {
    let sig = 15;
    const rest = argv.slice(1);
    if (rest[0]?.startsWith('-')) {
      const s = signalNumber(rest.shift()!.slice(1).replace(/^s /, ''));
      if (s === null) return 1;
      sig = s;
    }
    let st = 0;
    for (const a of rest) {
      const p = sh.sys.machine.processByPid(Number(a), sh.sys.proc.ns.pid);
      if (!p) {
        await sh.sys.err(`${sh.state.name}: kill: can't kill pid ${a}: No such process\n`);
        st = 1;
        continue;
      }
      signalProcess(p, sig);
    }
    return st;
  },
};
