import { isCapabilityName } from './capabilities.js';
import { configError } from './config-error.js';
import {
  checkAbsolutePath, checkArray, checkBoolean, checkInteger, checkObject, checkString, checkStringArray,
  checkUint32, checkUint64, field, item, optional, optionalList, required,
} from './json-check.js';
import { RLIMIT_NAMES, isRlimitName } from './rlimits.js';
import { CAPABILITY_SETS } from './spec-types.js';

/** Checks config.json's `process`, the program the container runs. */
export function checkProcess(v: unknown, path: string): void {
  const p = checkObject(v, path);
  optional(p, 'terminal', path, checkBoolean);
  optional(p, 'consoleSize', path, checkConsoleSize);
  required(p, 'user', path, checkUser);
  required(p, 'args', path, checkArgs);
  optionalList(p, 'env', path, checkEnvEntry);
  required(p, 'cwd', path, checkAbsolutePath);
  optional(p, 'capabilities', path, checkCapabilities);
  optional(p, 'rlimits', path, checkRlimits);
  optional(p, 'noNewPrivileges', path, checkBoolean);
  // The kernel's range for /proc/PID/oom_score_adj.
  optional(p, 'oomScoreAdj', path, (x, q) => checkInteger(x, q, -1000, 1000));
  optional(p, 'apparmorProfile', path, checkString);
  optional(p, 'selinuxLabel', path, checkString);
}

function checkConsoleSize(v: unknown, path: string): void {
  const c = checkObject(v, path);
  // struct winsize holds unsigned shorts.
  required(c, 'height', path, (x, q) => checkInteger(x, q, 0, 0xffff));
  required(c, 'width', path, (x, q) => checkInteger(x, q, 0, 0xffff));
}

function checkUser(v: unknown, path: string): void {
  const u = checkObject(v, path);
  required(u, 'uid', path, checkUint32);
  required(u, 'gid', path, checkUint32);
  optional(u, 'umask', path, (x, q) => checkInteger(x, q, 0, 0o777));
  optionalList(u, 'additionalGids', path, checkUint32);
}

function checkArgs(v: unknown, path: string): void {
  const args = Array.isArray(v) ? v : [];
  if (args.length === 0 || !args.every((a) => typeof a === 'string')) {
    throw configError(path, 'must be a non-empty array of strings', 'args[0] is the program to run, e.g. ["sh", "-c", "echo hi"]');
  }
  if (args[0] === '') throw configError(item(path, 0), 'must not be empty (it names the program to run)');
}

function checkEnvEntry(v: unknown, path: string): void {
  const s = checkString(v, path);
  const eq = s.indexOf('=');
  // An entry without "=" or with an empty name cannot be put in an environment block.
  if (eq <= 0) throw configError(path, `${JSON.stringify(s)} is not NAME=value`);
  if (s.includes('\0')) throw configError(path, 'must not contain a NUL byte');
}

function checkCapabilities(v: unknown, path: string): void {
  const caps = checkObject(v, path);
  for (const set of CAPABILITY_SETS) {
    optional(caps, set, path, (list, setPath) => {
      checkArray(list, setPath).forEach((name, i) => {
        const at = item(setPath, i);
        if (!isCapabilityName(checkString(name, at))) {
          throw configError(at, `unknown capability ${JSON.stringify(name)}`, 'capability names look like CAP_NET_ADMIN; see capabilities(7)');
        }
      });
    });
  }
}

function checkRlimits(v: unknown, path: string): void {
  const seen = new Map<string, string>();
  checkArray(v, path).forEach((el, i) => {
    const at = item(path, i);
    const r = checkObject(el, at);
    required(r, 'type', at, (t, q) => {
      if (!isRlimitName(checkString(t, q))) {
        throw configError(q, `unknown rlimit ${JSON.stringify(t)}`, `known: ${RLIMIT_NAMES.join(', ')}`);
      }
    });
    required(r, 'hard', at, checkUint64);
    required(r, 'soft', at, checkUint64);
    const type = r['type'] as string;
    // The spec requires an error for a repeated type rather than a silent "last one wins".
    const first = seen.get(type);
    if (first !== undefined) throw configError(field(at, 'type'), `duplicate rlimit "${type}" (also at ${first})`);
    seen.set(type, at);
    if ((r['soft'] as number) > (r['hard'] as number)) {
      // setrlimit(2) would refuse it with EINVAL; saying which field is clearer.
      throw configError(at, `soft limit ${String(r['soft'])} is above hard limit ${String(r['hard'])}`);
    }
  });
}
