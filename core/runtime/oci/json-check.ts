import { configError } from './config-error.js';

/**
 * Small checks for one JSON value at a named path; each throws a configError
 * naming that path. They only check: the value itself is kept as it is, so
 * fields this runtime does not know survive untouched (as runc keeps them).
 */

export type JsonObject = { [key: string]: unknown };

export function field(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function item(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkObject(v: unknown, path: string): JsonObject {
  if (!isObject(v)) throw configError(path, 'must be an object');
  return v;
}

export function checkArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw configError(path, 'must be an array');
  return v;
}

export function checkString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw configError(path, 'must be a string');
  return v;
}

export function checkBoolean(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') throw configError(path, 'must be true or false');
  return v;
}

export function checkInteger(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw configError(path, `must be an integer from ${min} to ${max}`);
  }
  return v;
}

export const UINT32_MAX = 0xffff_ffff;

export function checkUint32(v: unknown, path: string): number {
  return checkInteger(v, path, 0, UINT32_MAX);
}

/** uint64 fields: JSON numbers past 2^53 arrive rounded, so only "a non-negative integer" is checkable. */
export function checkUint64(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw configError(path, 'must be a non-negative integer');
  }
  return v;
}

export function checkAbsolutePath(v: unknown, path: string): string {
  const s = checkString(v, path);
  if (!s.startsWith('/')) throw configError(path, 'must be an absolute path');
  return s;
}

export function checkStringArray(v: unknown, path: string): string[] {
  const list = checkArray(v, path);
  list.forEach((s, i) => checkString(s, item(path, i)));
  return list as string[];
}

export function checkStringMap(v: unknown, path: string): Record<string, string> {
  const obj = checkObject(v, path);
  for (const [k, s] of Object.entries(obj)) checkString(s, field(path, k));
  return obj as Record<string, string>;
}

export function checkOneOf<T extends string>(v: unknown, path: string, allowed: readonly T[], what: string): T {
  const s = checkString(v, path);
  if (!(allowed as readonly string[]).includes(s)) {
    throw configError(path, `unknown ${what} ${JSON.stringify(s)}`, `known: ${allowed.join(', ')}`);
  }
  return s as T;
}

/** Runs `check` on obj[key] when the key is present. */
export function optional(obj: JsonObject, key: string, path: string, check: (v: unknown, p: string) => unknown): void {
  if (obj[key] !== undefined) check(obj[key], field(path, key));
}

/** Runs `check` on obj[key], which must be present. */
export function required(obj: JsonObject, key: string, path: string, check: (v: unknown, p: string) => unknown): void {
  if (obj[key] === undefined) throw configError(field(path, key), 'is required');
  check(obj[key], field(path, key));
}

/** An optional array whose every element passes `check`. */
export function optionalList(
  obj: JsonObject, key: string, path: string, check: (v: unknown, p: string, index: number) => unknown,
): void {
  optional(obj, key, path, (v, p) => checkArray(v, p).forEach((el, i) => check(el, item(p, i), i)));
}

/**
 * A deep copy of a JSON-shaped value, so validating never touches the
 * caller's object. Anything JSON cannot hold is named as a config error.
 */
export function cloneJson(v: unknown, path: string): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw configError(path, 'must be a finite number');
    return v;
  }
  if (Array.isArray(v)) return v.map((el, i) => cloneJson(el, item(path, i)));
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const [k, el] of Object.entries(v)) {
      // JSON.stringify drops undefined members too; doing the same keeps round trips equal.
      if (el !== undefined) out[k] = cloneJson(el, field(path, k));
    }
    return out;
  }
  throw configError(path, `is not JSON (a ${typeof v})`);
}
