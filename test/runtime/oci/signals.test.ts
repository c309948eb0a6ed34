import { describe, expect, it } from 'vitest';
import { SIGRTMAX, SIGRTMIN, allSignals, parseSignal, signalName } from '../../../core/runtime/oci/signals.js';

describe('parseSignal', () => {
  it.each(['KILL', 'SIGKILL', 'kill', 'sigkill', '9', ' 9 '])('reads %j as SIGKILL 9', (text) => {
    expect(parseSignal(text)).toEqual({ name: 'SIGKILL', number: 9 });
  });

  it('knows the Linux x86_64 numbers of the standard signals', () => {
    const expected: Record<string, number> = {
      SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
      SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17,
      SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
      SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
    };
    for (const [name, number] of Object.entries(expected)) {
      expect(parseSignal(name)).toEqual({ name, number });
      expect(parseSignal(String(number))).toEqual({ name, number });
    }
  });

  it('maps the old alias names to their canonical names', () => {
    expect(parseSignal('IOT')).toEqual({ name: 'SIGABRT', number: 6 });
    expect(parseSignal('SIGCLD')).toEqual({ name: 'SIGCHLD', number: 17 });
    expect(parseSignal('poll')).toEqual({ name: 'SIGIO', number: 29 });
  });

  it('reads real-time signals by name and number, from SIGRTMIN=34 to SIGRTMAX=64', () => {
    expect(SIGRTMIN).toBe(34);
    expect(SIGRTMAX).toBe(64);
    expect(parseSignal('RTMIN')).toEqual({ name: 'SIGRTMIN', number: 34 });
    expect(parseSignal('SIGRTMIN+3')).toEqual({ name: 'SIGRTMIN+3', number: 37 });
    expect(parseSignal('rtmax-1')).toEqual({ name: 'SIGRTMAX-1', number: 63 });
    expect(parseSignal('64')).toEqual({ name: 'SIGRTMAX', number: 64 });
    expect(parseSignal('50')).toEqual({ name: 'SIGRTMAX-14', number: 50 });
    expect(parseSignal('RTMIN+16')).toEqual({ name: 'SIGRTMAX-14', number: 50 });
  });

  it.each(['FOO', '', '0', '32', '33', '65', 'SIGRTMIN+31', 'RTMAX-31', '-9', '9x', 'SIG'])(
    'refuses %j with one line that quotes the input', (text) => {
      expect(() => parseSignal(text)).toThrow(expect.objectContaining({
        code: 'E_INVALID_ARGUMENT', message: `invalid signal: ${JSON.stringify(text)}`,
      }));
    },
  );

  it('gives a hint on what a signal looks like', () => {
    try {
      parseSignal('FOO');
      expect.unreachable();
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(/SIGTERM/);
    }
  });
});

describe('signalName and allSignals', () => {
  it('names numbers the way kill -l does', () => {
    expect(signalName(15)).toBe('SIGTERM');
    expect(signalName(35)).toBe('SIGRTMIN+1');
    expect(signalName(49)).toBe('SIGRTMIN+15');
    expect(signalName(50)).toBe('SIGRTMAX-14');
    expect(signalName(32)).toBeUndefined();
    expect(signalName(0)).toBeUndefined();
  });

  it('lists 31 standard and 31 real-time signals', () => {
    const all = allSignals();
    expect(all).toHaveLength(62);
    expect(all[0]).toEqual({ name: 'SIGHUP', number: 1 });
    expect(all.at(-1)).toEqual({ name: 'SIGRTMAX', number: 64 });
  });
});
