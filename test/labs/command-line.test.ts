import { describe, expect, it } from 'vitest';
import { dockerArgv, splitCommandLine } from '../../core/labs/command-line.js';

describe('a lab command line', () => {
  it('splits on spaces and keeps single-quoted text whole and literal', () => {
    expect(dockerArgv("docker run --rm busybox sh -c 'echo $$ > /tmp/x'")).toEqual(['run', '--rm', 'busybox', 'sh', '-c', 'echo $$ > /tmp/x']);
  });

  it('reads double quotes and backslash escapes as a shell does', () => {
    expect(splitCommandLine('a "b \\"c\\"" d\\ e \'\'')).toEqual(['a', 'b "c"', 'd e', '']);
  });

  it('must start with docker and close its quotes', () => {
    expect(() => dockerArgv('ls /')).toThrow(/must start with "docker"/);
    expect(() => dockerArgv("docker run 'x")).toThrow(/unterminated/);
  });
});
