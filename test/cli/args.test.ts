import { describe, expect, it } from 'vitest';
import { formatHelp, parseArgs, type CommandSpec } from '../../core/cli/args.js';

const run: CommandSpec = {
  name: 'run',
  summary: 'Create and run a new container from an image',
  usage: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  flags: [
    { name: 'interactive', short: 'i', kind: 'bool', help: 'Keep STDIN open' },
    { name: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY' },
    { name: 'name', kind: 'string', help: 'Assign a name' },
    { name: 'env', short: 'e', kind: 'list', help: 'Set environment variables' },
  ],
  minArgs: 1,
  stopAtPositional: true,
};

describe('parseArgs', () => {
  it('reads combined short switches, long flags with = or a space, and repeated lists', () => {
    const a = parseArgs(run, ['-it', '--name=web', '-e', 'A=1', '-eB=2', 'busybox', 'sh']);
    expect(a.flags).toEqual({ interactive: true, tty: true, name: 'web', env: ['A=1', 'B=2'] });
    expect(a.positionals).toEqual(['busybox', 'sh']);
  });

  it('leaves the flags after the image to the container command', () => {
    expect(parseArgs(run, ['busybox', 'ls', '-la', '--name', 'x']).positionals).toEqual(['busybox', 'ls', '-la', '--name', 'x']);
  });

  it('rejects unknown flags and missing values with E_USAGE and a hint', () => {
    expect(() => parseArgs(run, ['--nope', 'busybox'])).toThrow(expect.objectContaining({ code: 'E_USAGE', message: 'unknown flag: --nope' }));
    expect(() => parseArgs(run, ['--name'])).toThrow('flag needs an argument: --name');
    expect(() => parseArgs(run, ['-x'])).toThrow("unknown shorthand flag: 'x' in -x");
  });

  it('checks the number of arguments like docker', () => {
    expect(() => parseArgs(run, [])).toThrow('"run" requires at least 1 argument');
    expect(parseArgs(run, ['--help']).help).toBe(true);
  });

  it('prints help with every flag', () => {
    const text = formatHelp(run);
    expect(text).toContain('Usage:  dockbook run [OPTIONS] IMAGE [COMMAND] [ARG...]');
    expect(text).toMatch(/-i, --interactive\s+Keep STDIN open/);
    expect(text).toMatch(/-e, --env list/);
  });
});
