import { DockbookError } from '../../errors.js';

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `32m`, `1g`, `512k`, `1024` → bytes, as Docker's RAMInBytes reads them. */
export function parseBytes(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt])?b?$/i.exec(text.trim());
  if (!m) throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${text}" for "${flag}" flag: invalid size: '${text}'`, { hint: 'use a number with an optional unit: b, k, m or g (e.g. 32m)' });
  return Math.round(Number(m[1]) * (UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

/** `--cpus 0.5` → NanoCpus. */
export function parseCpus(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new DockbookError('E_INVALID_ARGUMENT', `invalid argument "${text}" for "--cpus" flag: failed to parse ${text} as a rational number`);
  return Math.round(n * 1e9);
}

export function parseRestart(text: string): { Name: 'no' | 'always' | 'unless-stopped' | 'on-failure'; MaximumRetryCount: number } {
  const [name, count] = text.split(':');
  if (name !== 'no' && name !== 'always' && name !== 'unless-stopped' && name !== 'on-failure') {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid restart policy format: ${text}`, { hint: 'one of no, always, unless-stopped, on-failure[:N]' });
  }
  const max = count === undefined ? 0 : Number(count);
  if (!Number.isInteger(max) || max < 0 || (count !== undefined && name !== 'on-failure')) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid restart policy format: ${text}`, { hint: 'only on-failure takes a count' });
  }
  return { Name: name, MaximumRetryCount: max };
}
