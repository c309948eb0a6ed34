import { DockbookError } from '../../errors.js';

export interface Signal {
  /** Canonical name: `SIGKILL`, `SIGRTMIN+3`, `SIGRTMAX`. */
  readonly name: string;
  readonly number: number;
}

/**
 * The standard signals on Linux x86_64 (arm64 and the generic asm headers
 * agree; alpha, mips and sparc do not). Index = signal number.
 */
const STANDARD = [
  undefined, 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', // 1-8
  'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', // 9-16
  'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', // 17-24
  'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS', // 25-31
] as const;

/** Older names the kernel headers still define for the same numbers. */
const ALIASES: Readonly<Record<string, number>> = { SIGIOT: 6, SIGCLD: 17, SIGPOLL: 29, SIGUNUSED: 31 };

/**
 * The real-time range as programs see it. The kernel's range starts at 32,
 * but glibc keeps 32 and 33 for its threading, so SIGRTMIN is 34 for every
 * program in a container linked against it; Docker and `kill -l` agree.
 */
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;

const BY_NAME: ReadonlyMap<string, number> = new Map<string, number>([
  ...STANDARD.flatMap((name, n) => (name ? [[name, n] as [string, number]] : [])),
  ...Object.entries(ALIASES),
]);

const HINT = `use a name like SIGTERM or KILL, or a number from 1 to 31 or ${SIGRTMIN} to ${SIGRTMAX}`;

/** The canonical name of a signal number (`kill -l` style), or undefined for 0, 32, 33 and past 64. */
export function signalName(number: number): string | undefined {
  if (!Number.isInteger(number)) return undefined;
  const standard = STANDARD[number];
  if (standard) return standard;
  if (number < SIGRTMIN || number > SIGRTMAX) return undefined;
  // kill -l names the lower half from SIGRTMIN and the upper half from SIGRTMAX.
  const fromMin = number - SIGRTMIN;
  const fromMax = SIGRTMAX - number;
  if (fromMin === 0) return 'SIGRTMIN';
  if (fromMax === 0) return 'SIGRTMAX';
  return fromMin <= 15 ? `SIGRTMIN+${fromMin}` : `SIGRTMAX-${fromMax}`;
}

/**
 * A signal as `docker kill -s` and `runc kill` accept it: "KILL", "SIGKILL",
 * "kill", "9", "RTMIN+3", "SIGRTMAX-1".
 */
export function parseSignal(text: string): Signal {
  const number = signalNumber(text.trim());
  const name = number === undefined ? undefined : signalName(number);
  if (number === undefined || name === undefined) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid signal: ${JSON.stringify(text)}`, { hint: HINT });
  }
  return { name, number };
}

function signalNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const upper = text.toUpperCase();
  const full = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const known = BY_NAME.get(full);
  if (known !== undefined) return known;
  const rt = /^SIGRT(MIN|MAX)(?:([+-])(\d+))?$/.exec(full);
  if (!rt) return undefined;
  const base = rt[1] === 'MIN' ? SIGRTMIN : SIGRTMAX;
  const offset = rt[3] === undefined ? 0 : Number(rt[3]) * (rt[2] === '-' ? -1 : 1);
  const n = base + offset;
  return n >= SIGRTMIN && n <= SIGRTMAX ? n : undefined;
}

/** Every signal a container can be sent, in number order. */
export function allSignals(): Signal[] {
  const out: Signal[] = [];
  for (let n = 1; n <= SIGRTMAX; n++) {
    const name = signalName(n);
    if (name) out.push({ name, number: n });
  }
  return out;
}

/** A process's exit as a shell reports it: its code, or 128 + the number of the signal that ended it. */
export function exitCodeOf(status: { readonly code: number | null; readonly signal: string | null }): number {
  return status.code ?? 128 + parseSignal(status.signal ?? 'SIGKILL').number;
}
