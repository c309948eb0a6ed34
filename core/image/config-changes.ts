import { DockbookError } from '../errors.js';
import type { ContainerConfig } from './image-config.js';

type Mutable = { -readonly [K in keyof ContainerConfig]?: ContainerConfig[K] };

const ALLOWED = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR'];

function invalid(instruction: string): DockbookError {
  return new DockbookError('E_INVALID_ARGUMENT', `${instruction} is not a valid change command`, {
    hint: `one of ${ALLOWED.join(', ')} (Dockerfile syntax: --change 'CMD ["sh"]')`,
  });
}

/** A JSON array of strings (exec form), or null when the text is not one. */
function execForm(rest: string): string[] | null {
  if (!rest.startsWith('[')) return null;
  try {
    const v = JSON.parse(rest) as unknown;
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null;
  } catch {
    return null;
  }
}

/** Removes one level of double or single quotes, as the Dockerfile parser does for ENV and LABEL values. */
function unquote(s: string): string {
  return /^"(.*)"$/s.test(s) || /^'(.*)'$/s.test(s) ? s.slice(1, -1).replace(/\\"/g, '"') : s;
}

/** `k=v k2="v 2"` pairs, or the old `k v w` form (one key, the rest is its value). */
function pairs(rest: string, instruction: string): [string, string][] {
  const words = rest.match(/(?:[^\s"']+|"(?:\\.|[^"])*"|'[^']*')+/g) ?? [];
  if (words.length === 0) throw new DockbookError('E_INVALID_ARGUMENT', `${instruction} requires at least one argument`);
  if (!words[0]!.includes('=')) {
    const space = rest.search(/\s/);
    if (space < 0) throw new DockbookError('E_INVALID_ARGUMENT', `${instruction} must have two arguments`);
    return [[rest.slice(0, space), unquote(rest.slice(space).trim())]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq < 0) throw new DockbookError('E_INVALID_ARGUMENT', `Syntax error - can't find = in "${w}". Must be of the form: name=value`);
    if (eq === 0) throw new DockbookError('E_INVALID_ARGUMENT', `${instruction} names can not be blank`);
    return [w.slice(0, eq), unquote(w.slice(eq + 1))];
  });
}

/**
 * `docker import --change` / `docker commit --change`: Dockerfile
 * instructions that only touch the config, applied in order over `base`.
 * CMD and ENTRYPOINT take the exec form (`["a","b"]`) or the shell form
 * (run by `/bin/sh -c`).
 */
export function applyChanges(base: ContainerConfig, changes: readonly string[]): ContainerConfig {
  const c: Mutable = { ...base };
  for (const raw of changes) {
    const line = raw.trim();
    if (line === '') continue;
    const space = line.search(/\s/);
    const instruction = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : line.slice(space).trim();
    if (!ALLOWED.includes(instruction)) throw invalid(instruction);
    switch (instruction) {
      case 'CMD': c.Cmd = execForm(rest) ?? ['/bin/sh', '-c', rest]; break;
      case 'ENTRYPOINT': c.Entrypoint = execForm(rest) ?? ['/bin/sh', '-c', rest]; break;
      case 'ENV': {
        const env = [...(c.Env ?? [])];
        for (const [k, v] of pairs(rest, 'ENV')) {
          const at = env.findIndex((e) => e.split('=')[0] === k);
          if (at >= 0) env[at] = `${k}=${v}`; else env.push(`${k}=${v}`);
        }
        c.Env = env;
        break;
      }
      case 'LABEL': c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(pairs(rest, 'LABEL')) }; break;
      case 'EXPOSE': {
        const ports: Record<string, object> = { ...(c.ExposedPorts ?? {}) };
        for (const p of rest.split(/\s+/).filter(Boolean)) {
          if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw new DockbookError('E_INVALID_ARGUMENT', `invalid containerPort: ${p}`);
          ports[p.includes('/') ? p.toLowerCase() : `${p}/tcp`] = {};
        }
        c.ExposedPorts = ports;
        break;
      }
      case 'VOLUME': {
        const vols: Record<string, object> = { ...(c.Volumes ?? {}) };
        for (const v of execForm(rest) ?? rest.split(/\s+/).filter(Boolean)) vols[v] = {};
        c.Volumes = vols;
        break;
      }
      case 'USER': c.User = rest; break;
      case 'WORKDIR': c.WorkingDir = rest.startsWith('/') ? rest : `${c.WorkingDir ?? '/'}${(c.WorkingDir ?? '/').endsWith('/') ? '' : '/'}${rest}`; break;
      case 'STOPSIGNAL': c.StopSignal = rest; break;
      case 'ONBUILD': break; // kept by Docker for a later build; this engine has no builder to run it
    }
  }
  return c;
}
