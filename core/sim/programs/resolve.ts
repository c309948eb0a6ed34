import type { Machine } from '../machine.js';
import type { SimProcess } from '../process.js';
import { SysError, type Program } from '../sys.js';
import { errnoCodeOf, strerror } from '../errno-text.js';
import { isSimBusybox } from './busybox-image.js';
import { APPLETS } from './applets.js';
import { hostToolOf } from './host-tools.js';

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface Resolved {
  readonly program: Program;
  readonly exe: string;
  readonly comm: string;
}

/** Where execvp would find `name`: as given when it has a slash, else the first executable file on PATH. */
export function findOnPath(proc: SimProcess, name: string, path: string | undefined): string | null {
  if (name.includes('/')) return name;
  for (const dir of (path ?? DEFAULT_PATH).split(':')) {
    const candidate = `${dir || '.'}/${name}`;
    try {
      if (proc.view.stat(candidate).type === 'file') return candidate;
    } catch { /* not here */ }
  }
  return null;
}

/** The path with every symlink followed (what /proc/PID/exe shows). */
export function realPath(proc: SimProcess, path: string): string {
  let p = proc.view.absolute(path);
  for (let hops = 0; hops < 40; hops++) {
    const parts = p.split('/').filter(Boolean);
    let changed = false;
    for (let i = 1; i <= parts.length; i++) {
      const prefix = `/${parts.slice(0, i).join('/')}`;
      if (proc.view.lstat(prefix).type !== 'symlink') continue;
      const target = proc.view.readlink(prefix);
      const base = target.startsWith('/') ? target : `/${parts.slice(0, i - 1).join('/')}/${target}`;
      p = proc.view.absolute(`${base}/${parts.slice(i).join('/')}`.replace(/\/$/, '') || '/');
      changed = true;
      break;
    }
    if (!changed) return p;
  }
  return p;
}

/**
 * execve's view of a program: found in the process's own filesystem,
 * executable, and (the only format the simulator runs) the simulated
 * busybox, which dispatches on the name it was called by.
 */
export function resolveProgram(m: Machine, proc: SimProcess, argv: readonly string[], env: Record<string, string>): Resolved {
  const name = argv[0] ?? '';
  const path = findOnPath(proc, name, env.PATH);
  if (path === null) throw new SysError('ENOENT', `${name}: not found`);
  let bytes: Uint8Array;
  try {
    proc.view.checkExec(path);
    bytes = proc.view.readFile(path);
  } catch (e) {
    const code = errnoCodeOf(e);
    throw new SysError(code, `${name}: ${strerror(code)}`);
  }
  const exe0 = realPath(proc, path);
  const tool = isSimBusybox(bytes) ? null : hostToolOf(bytes);
  if (tool) return { program: tool, exe: exe0, comm: name.slice(name.lastIndexOf('/') + 1) };
  if (!isSimBusybox(bytes)) throw new SysError('ENOEXEC', `${name}: ${strerror('ENOEXEC')}`);
  let applet = name.slice(name.lastIndexOf('/') + 1);
  const exe = realPath(proc, path);
  if (applet === 'busybox') applet = '';
  const program = applet === '' ? APPLETS.busybox! : APPLETS[applet];
  if (!program) throw new SysError('ENOENT', `${applet}: applet not found`);
  void m;
  return { program, exe, comm: applet || 'busybox' };
}
