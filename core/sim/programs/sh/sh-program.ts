import { text, type Program } from '../../sys.js';
import { ShellSyntaxError } from './lexer.js';
import { parse } from './parser.js';
import { Shell, ShellAbort } from './shell.js';

/**
 * `sh -c CMD [NAME ARGS…]`, `sh SCRIPT`, or `sh` reading commands from
 * stdin line by line (so a piped-in session runs as it arrives).
 */
export const sh: Program = async (sys) => {
  const args = sys.argv.slice(1);
  const shell = (name: string, pos: string[]): Shell => new Shell(sys, Shell.initialState(sys, name, pos));
  try {
    if (args[0] === '-c') {
      if (args[1] === undefined) {
        await sys.err('sh: -c requires an argument\n');
        return 2;
      }
      const s = shell(args[2] ?? 'sh', args.slice(3));
      s.execTail = true;
      return await s.runSource(args[1]);
    }
    if (args[0] !== undefined && !args[0].startsWith('-')) {
      const src = text.decode(sys.readFile(args[0]));
      return await shell(args[0], args.slice(1)).runSource(src);
    }
    const s = shell('sh', []);
    let pending = '';
    let status = 0;
    // On a terminal the shell is interactive: a prompt before each line (ash's "\\w \\$ ", on stderr).
    const prompt = async (): Promise<void> => {
      if (sys.terminal(0)) await sys.err(pending ? '> ' : `${sys.fs.getcwd()} ${sys.proc.uid === 0 ? '#' : '$'} `);
    };
    await prompt();
    for (let line = await sys.readLine(0); line !== null; await prompt(), line = await sys.readLine(0)) {
      pending += `${line}\n`;
      try {
        parse(pending);
      } catch (e) {
        if (e instanceof ShellSyntaxError && /unterminated|expecting|EOF|missing/.test(e.message)) continue;
      }
      const src = pending;
      pending = '';
      status = await s.runSource(src).catch(async (e: unknown) => {
        if (e instanceof ShellSyntaxError) { await sys.err(`sh: ${e.message}\n`); return 2; }
        throw e;
      });
    }
    return status;
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      await sys.err(`sh: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ShellAbort) {
      await sys.err(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
};

