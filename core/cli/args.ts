import { DockbookError } from '../errors.js';

export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  /** bool: a switch; string: one value; list: may repeat. */
  readonly kind: 'bool' | 'string' | 'list';
  readonly help: string;
  readonly value?: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Shown after the command name in the usage line, e.g. `[OPTIONS] ID`. */
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  readonly minArgs?: number;
  readonly maxArgs?: number;
  /** Stop reading flags at the first positional (docker run IMAGE CMD --flag…). */
  readonly stopAtPositional?: boolean;
}

export type FlagValue = string | boolean | string[];

export interface ParsedArgs {
  readonly flags: Readonly<Record<string, FlagValue>>;
  readonly positionals: readonly string[];
  readonly help: boolean;
}

const HELP: FlagSpec = { name: 'help', short: 'h', kind: 'bool', help: 'Print usage' };

function usageError(program: string, spec: CommandSpec, message: string): DockbookError {
  return new DockbookError('E_USAGE', message, { hint: `see '${program} ${spec.name} --help'`, exitCode: 125 });
}

/** Parses argv against a command's flags, the way docker's CLI does (-it, --name=x, --name x, --). */
export function parseArgs(spec: CommandSpec, argv: readonly string[], program = 'dockbook'): ParsedArgs {
  const flags: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  const all = [...spec.flags, HELP];
  const byLong = new Map(all.map((f) => [f.name, f]));
  const byShort = new Map(all.filter((f) => f.short).map((f) => [f.short!, f]));

  const set = (f: FlagSpec, value: string | true) => {
    if (f.kind === 'list') flags[f.name] = [...((flags[f.name] as string[] | undefined) ?? []), String(value)];
    else flags[f.name] = f.kind === 'bool' ? value === true || value === 'true' : String(value);
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
      const f = byLong.get(name);
      if (!f) throw usageError(program, spec, `unknown flag: --${name}`);
      if (f.kind === 'bool') set(f, eq === -1 ? true : a.slice(eq + 1));
      else if (eq !== -1) set(f, a.slice(eq + 1));
      else if (i + 1 < argv.length) set(f, argv[++i]!);
      else throw usageError(program, spec, `flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = byShort.get(a[j]!);
        if (!f) throw usageError(program, spec, `unknown shorthand flag: '${a[j]}' in ${a}`);
        if (f.kind === 'bool') { set(f, true); continue; }
        const rest = a.slice(j + 1);
        if (rest) set(f, rest.startsWith('=') ? rest.slice(1) : rest);
        else if (i + 1 < argv.length) set(f, argv[++i]!);
        else throw usageError(program, spec, `flag needs an argument: '${a[j]}' in ${a}`);
        break;
      }
      continue;
    }
    positionals.push(a);
    if (spec.stopAtPositional) { positionals.push(...argv.slice(i + 1)); break; }
  }

  const help = flags['help'] === true;
  if (!help) {
    if (spec.minArgs !== undefined && positionals.length < spec.minArgs) {
      throw usageError(program, spec, `"${spec.name}" requires at least ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`);
    }
    if (spec.maxArgs !== undefined && positionals.length > spec.maxArgs) {
      throw usageError(program, spec, `"${spec.name}" accepts at most ${spec.maxArgs} argument${spec.maxArgs === 1 ? '' : 's'}`);
    }
  }
  return { flags, positionals, help };
}

export function formatHelp(spec: CommandSpec, program = 'dockbook'): string {
  const lines = [`Usage:  ${program} ${spec.name} ${spec.usage}`.trimEnd(), '', spec.summary];
  const all = [...spec.flags, HELP];
  if (all.length) {
    lines.push('', 'Options:');
    const cells = all.map((f) => {
      const short = f.short ? `-${f.short}, ` : '    ';
      const value = f.kind === 'bool' ? '' : ` ${f.value ?? (f.kind === 'list' ? 'list' : 'string')}`;
      return [`  ${short}--${f.name}${value}`, f.help] as const;
    });
    const width = Math.max(...cells.map(([l]) => l.length));
    for (const [l, h] of cells) lines.push(`${l.padEnd(width)}   ${h}`);
  }
  return lines.join('\n');
}
