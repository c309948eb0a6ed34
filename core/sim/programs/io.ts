import { Sys, text } from '../sys.js';

/** The bytes of each named file, or stdin when none (or `-`); a file that cannot be read is reported and skipped. */
export async function eachInput(sys: Sys, files: readonly string[], fn: (data: Uint8Array, name: string) => Promise<void>): Promise<number> {
  let status = 0;
  for (const f of files.length ? files : ['-']) {
    let data: Uint8Array;
    try {
      data = f === '-' ? await sys.readAll(0) : sys.readFile(f);
    } catch (e) {
      await sys.err(`${sys.applet}: can't open '${f}': ${Sys.describe(e)}\n`);
      status = 1;
      continue;
    }
    await fn(data, f);
  }
  return status;
}

export function lines(data: Uint8Array): string[] {
  const s = text.decode(data);
  const out = s.split('\n');
  if (out.at(-1) === '') out.pop();
  return out;
}

/** Splits argv into options (each letter, with values for those listed in `withValue`) and operands. */
export function getopt(args: readonly string[], withValue = ''): { opts: Map<string, string>; rest: string[] } {
  const opts = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { rest.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('-') || a === '-' || /^-\d/.test(a) && !withValue.includes('0')) { rest.push(a); continue; }
    for (let k = 1; k < a.length; k++) {
      const c = a[k]!;
      if (withValue.includes(c)) {
        opts.set(c, a.slice(k + 1) || (args[++i] ?? ''));
        break;
      }
      opts.set(c, '');
    }
  }
  return { opts, rest };
}
