/** Linux signal numbers (x86_64), the ones a shell and a runtime send. */
const NUMBERS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18,
  SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGWINCH: 28,
};
const NAMES = new Map(Object.entries(NUMBERS).map(([n, v]) => [v, n]));

export function signalNumber(sig: string | number): number | null {
  if (typeof sig === 'number') return Number.isInteger(sig) && sig >= 0 && sig <= 64 ? sig : null;
  const upper = sig.toUpperCase();
  if (/^\d+$/.test(upper)) return signalNumber(Number(upper));
  return NUMBERS[upper.startsWith('SIG') ? upper : `SIG${upper}`] ?? null;
}

export function signalName(n: number): string {
  return NAMES.get(n) ?? `SIG${n}`;
}

/** Signals whose default action is to do nothing (the rest terminate, except stop/continue). */
export const IGNORED_BY_DEFAULT: ReadonlySet<number> = new Set([17, 18, 28, 23]);
