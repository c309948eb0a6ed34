import { DockbookError } from '../../errors.js';

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * `--since` / `--until` as the docker client reads them (its GetTimestamp):
 * a Go duration before now (`10m`, `1h30m`), a Unix time (`1700000000.5`),
 * or an RFC 3339 date or date-time (a zone-less one is local time). The
 * result is what the client sends: Unix seconds with up to nine decimals.
 */
export function apiTimestamp(value: string, nowMs: number): string {
  const v = value.trim();
  if (/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(v)) {
    let ms = 0;
    for (const [, n, u] of v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(n) * UNIT_MS[u!]!;
    return secondsText(nowMs - ms);
  }
  if (/^\d+(\.\d{1,9})?$/.test(v)) return v;

  const ms = Date.parse(/^\d{4}-\d\d-\d\d$/.test(v) ? `${v}T00:00:00` : v);
  if (Number.isNaN(ms)) {
    throw new DockbookError('E_INVALID_ARGUMENT', `invalid value for "since": failed to parse value as time or duration: "${value}"`, {
      hint: 'use a duration (10m), a Unix time or an RFC 3339 time (2026-11-23T15:04:05Z)',
    });
  }
  return secondsText(ms);
}

function secondsText(ms: number): string {
  const s = Math.floor(ms / 1000);
  const ns = Math.round((ms - s * 1000) * 1e6);
  return `${s}.${String(ns).padStart(9, '0')}`;
}
