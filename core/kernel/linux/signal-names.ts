import os from 'node:os';

const BY_NUMBER = new Map(Object.entries(os.constants.signals).map(([name, n]) => [n, name]));

export function signalName(n: number): string {
  return BY_NUMBER.get(n) ?? `SIG${n}`;
}
