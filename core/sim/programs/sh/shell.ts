import { errnoCodeOf, strerror } from '../../errno-text.js';
import { FileDesc } from '../../file-desc.js';
import { Pipe } from '../../pipe.js';
import { forkProcess, runProcess } from '../../process-ops.js';
import type { SimProcess } from '../../process.js';
import { ExecNow, ExitNow, Sys, SysError, text } from '../../sys.js';
import { resolveProgram } from '../resolve.js';
import { BUILTINS } from './builtins.js';
import { arithmetic, expandOne, expandWords, type ExpandContext } from './expand.js';
import { parse } from './parser.js';
import type { AndOr, Command, List, Pipeline, Redirect } from './tokens.js';

/** CPU time one simple command costs the shell (ms): what makes `while :; do :; done` a busy loop. */
const COMMAND_CPU_MS = 0.05;

export interface ShellState {
  vars: Map<string, string>;
  exported: Set<string>;
  positional: string[];
  name: string;
  /** `$$`: the pid of the top shell, which subshells keep. */
  rootPid: number;
  lastStatus: number;
  lastBg: number | null;
  jobs: SimProcess[];
}

/** The shell cannot go on (a failed fork): ash prints the reason and exits 2. */
export class ShellAbort extends Error {}

export class Shell implements ExpandContext {
  private debt = 0;
  /** In a subshell, its last command may exec in place instead of forking again. */
  execTail = false;

  constructor(readonly sys: Sys, readonly state: ShellState) {}

  static initialState(sys: Sys, name: string, positional: string[]): ShellState {
    const vars = new Map(Object.entries(sys.env));
    return { vars, exported: new Set(vars.keys()), positional, name, rootPid: sys.proc.pid, lastStatus: 0, lastBg: null, jobs: [] };
  }

  childState(): ShellState {
    return { ...this.state, vars: new Map(this.state.vars), exported: new Set(this.state.exported), positional: [...this.state.positional], jobs: [] };
  }

  async runSource(src: string): Promise<number> {
    return this.runList(parse(src), this.execTail);
  }

  async runList(list: List, tail = false): Promise<number> {
    let status = this.state.lastStatus;
    for (let k = 0; k < list.length; k++) {
      const { item, background } = list[k]!;
      if (background) {
        const child = this.fork((sh) => sh.runAndOr(item, true));
        this.state.jobs.push(child);
        this.state.lastBg = child.pid;
        status = 0;
      } else {
        status = await this.runAndOr(item, tail && k === list.length - 1);
      }
      this.state.lastStatus = status;
    }
    return status;
  }

  private async runAndOr(a: AndOr, tail: boolean): Promise<number> {
    let status = await this.runPipeline(a.first, tail && a.rest.length === 0);
    for (let k = 0; k < a.rest.length; k++) {
      const { op, p } = a.rest[k]!;
      this.state.lastStatus = status;
      if ((op === '&&') === (status === 0)) status = await this.runPipeline(p, tail && k === a.rest.length - 1);
    }
    return status;
  }

  private async runPipeline(p: Pipeline, tail: boolean): Promise<number> {
    let status: number;
    if (p.commands.length === 1) {
      status = await this.runCommand(p.commands[0]!, tail && !p.bang);
    } else {
      const children: SimProcess[] = [];
      let prevRead: FileDesc | null = null;
      p.commands.forEach((cmd, k) => {
        const last = k === p.commands.length - 1;
        const pipe = last ? null : new Pipe();
        const w = pipe ? new FileDesc({ kind: 'pipe-w', pipe }, 'pipe') : null;
        const r = prevRead;
        children.push(this.fork((sh) => sh.runCommand(cmd, true), (c) => {
          if (r) c.fds.set(0, r);
          if (w) c.fds.set(1, w);
        }));
        prevRead = pipe ? new FileDesc({ kind: 'pipe-r', pipe }, 'pipe') : null;
      });
      status = 0;
      for (const c of children) status = await this.waitFor(c);
    }
    return p.bang ? (status === 0 ? 1 : 0) : status;
  }

  async runCommand(cmd: Command, tail: boolean): Promise<number> {
    await this.charge(COMMAND_CPU_MS);
    switch (cmd.type) {
      case 'simple':
        return this.runSimple(cmd, tail);
      case 'group':
        if (cmd.subshell) return this.withRedirects(cmd.redirs, async () => this.waitFor(this.fork((sh) => sh.runList(cmd.body, true))));
        return this.withRedirects(cmd.redirs, () => this.runList(cmd.body));
      case 'for':
        return this.withRedirects(cmd.redirs, async () => {
          const items = cmd.items ? await expandWords(cmd.items, this) : this.state.positional;
          let st = 0;
          for (const v of items) {
            this.state.vars.set(cmd.name, v);
            st = await this.runList(cmd.body);
          }
          return st;
        });
      case 'while':
        return this.withRedirects(cmd.redirs, async () => {
          let st = 0;
          for (;;) {
            const c = await this.runList(cmd.cond);
            if ((c === 0) === cmd.until) break;
            st = await this.runList(cmd.body);
          }
          return st;
        });
      case 'if':
        return this.withRedirects(cmd.redirs, async () => {
          for (const c of cmd.clauses) if ((await this.runList(c.cond)) === 0) return this.runList(c.body);
          return cmd.otherwise ? this.runList(cmd.otherwise) : 0;
        });
    }
  }

  private async runSimple(cmd: Extract<Command, { type: 'simple' }>, tail: boolean): Promise<number> {
    const argv = await expandWords(cmd.words, this);
    const assigns: [string, string][] = [];
    for (const a of cmd.assigns) assigns.push([a.name, await expandOne(a.value, this)]);
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.state.vars.set(k, v);
      return this.withRedirects(cmd.redirs, async () => 0);
    }
    const builtin = BUILTINS[argv[0]!];
    if (builtin) return this.withRedirects(cmd.redirs, () => builtin(this, argv));
    const env: Record<string, string> = {};
    for (const k of this.state.exported) {
      const v = this.state.vars.get(k);
      if (v !== undefined) env[k] = v;
    }
    for (const [k, v] of assigns) env[k] = v;
    return this.withRedirects(cmd.redirs, async () => {
      try {
        this.sys.call(() => resolveProgram(this.sys.machine, this.sys.proc, argv, env));
      } catch (e) {
        const code = errnoCodeOf(e);
        await this.sys.err(`${this.state.name}: ${e instanceof SysError ? e.message : `${argv[0]}: ${strerror(code)}`}\n`);
        return code === 'ENOENT' ? 127 : 126;
      }
      if (tail && this.execTail) throw new ExecNow(argv, env);
      return this.waitFor(this.fork(async () => { throw new ExecNow(argv, env); }));
    });
  }

  /** Applies redirections around `fn`, restoring the descriptors afterwards. */
  async withRedirects(redirs: readonly Redirect[], fn: () => Promise<number>): Promise<number> {
    if (redirs.length === 0) return fn();
    const fds = this.sys.proc.fds.fds;
    const saved = new Map<number, FileDesc | undefined>();
    const restore = (): void => {
      for (const [fd, prev] of saved) {
        fds.get(fd)?.close();
        if (prev) fds.set(fd, prev);
        else fds.delete(fd);
      }
    };
    for (const r of redirs) {
      const target = await expandOne(r.target, this);
      let desc: FileDesc | null;
      try {
        desc = this.openRedirect(r, target);
      } catch (e) {
        restore();
        const verb = r.op === '<' ? `can't open '${target}'` : `can't create ${target}`;
        await this.sys.err(`${this.state.name}: ${verb}: ${Sys.describe(e)}\n`);
        return r.op === '<' ? 1 : 2 - 1;
      }
      if (!saved.has(r.fd)) saved.set(r.fd, fds.get(r.fd));
      else fds.get(r.fd)?.close();
      if (desc) fds.set(r.fd, desc);
      else fds.delete(r.fd);
    }
    try {
      const st = await fn();
      restore();
      return st;
    } catch (e) {
      // exec keeps the redirections: they are the new program's descriptors, and what they replaced is closed.
      if (!(e instanceof ExecNow)) restore();
      else for (const prev of saved.values()) prev?.close();
      throw e;
    }
  }

  private openRedirect(r: Redirect, target: string): FileDesc | null {
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') return null;
      const src = this.sys.proc.fds.get(Number(target));
      if (!src) throw new SysError('EBADF', `${target}: Bad file descriptor`);
      return src.dup();
    }
    if (r.op === '<') return this.sys.openRead(target);
    return this.sys.openWrite(target, r.op === '>>');
  }

  /** A subshell process running `body`; `setup` arranges its descriptors before it runs. */
  fork(body: (sh: Shell) => Promise<number>, setup?: (child: SimProcess) => void): SimProcess {
    let child: SimProcess;
    try {
      child = forkProcess(this.sys.machine, this.sys.proc);
    } catch (e) {
      throw new ShellAbort(`${this.state.name}: can't fork: ${strerror(errnoCodeOf(e))}`);
    }
    setup?.(child);
    const state = this.childState();
    void runProcess(this.sys.machine, child, async (sys) => {
      const sh = new Shell(sys, state);
      sh.execTail = true;
      return body(sh);
    });
    return child;
  }

  async waitFor(child: SimProcess): Promise<number> {
    const st = await this.sys.proc.block(child.exited);
    this.state.jobs = this.state.jobs.filter((j) => j !== child);
    if (st.code !== null) return st.code;
    const n = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2, SIGPIPE: 13, SIGHUP: 1 }[st.signal ?? ''] ?? 1;
    return 128 + n;
  }

  private async charge(ms: number): Promise<void> {
    this.debt += ms;
    if (this.debt >= 1) {
      const d = this.debt;
      this.debt = 0;
      await this.sys.cpu(d);
    }
    this.sys.proc.check();
  }

  // ── expansion context ──

  param(name: string): string | undefined {
    const s = this.state;
    switch (name) {
      case '$': return String(s.rootPid);
      case '?': return String(s.lastStatus);
      case '!': return s.lastBg === null ? '' : String(s.lastBg);
      case '#': return String(s.positional.length);
      case '@': case '*': return s.positional.join(' ');
      case '0': return s.name;
      case '-': return '';
      default:
        if (/^\d+$/.test(name)) return s.positional[Number(name) - 1];
        return s.vars.get(name);
    }
  }

  setVar(name: string, value: string): void {
    this.state.vars.set(name, value);
  }

  async commandSubst(src: string): Promise<string> {
    const pipe = new Pipe();
    const w = new FileDesc({ kind: 'pipe-w', pipe }, 'pipe');
    const child = this.fork((sh) => sh.runSource(src), (c) => c.fds.set(1, w));
    const chunks: Uint8Array[] = [];
    for (let c = await this.sys.proc.block(pipe.read()); c; c = await this.sys.proc.block(pipe.read())) chunks.push(c);
    this.state.lastStatus = await this.waitFor(child);
    return chunks.map((c) => text.decode(c)).join('');
  }

  arith(src: string): string {
    return String(arithmetic(src, (n) => this.state.vars.get(n)));
  }
}

export { ExitNow };
