import { NftSyntaxError } from '../net/nft-ruleset.js';
import { text, type Program } from '../sys.js';

/**
 * nft for the simulated host: `-f FILE|-` loads a script as one
 * transaction, `list ruleset` (with -j for JSON) and `list tables` show
 * the namespace's rules, `flush ruleset` and `delete table` remove them.
 * Only the subset of the language the engine writes is understood.
 */
export const nft: Program = async (sys) => {
  const args = sys.argv.slice(1);
  const json = args.includes('-j') || args.includes('--json');
  const rest = args.filter((a) => a !== '-j' && a !== '--json');
  const rules = sys.proc.ns.net.stack.nft;
  const load = async (script: string, name: string): Promise<number> => {
    try {
      rules.load(script);
      return 0;
    } catch (e) {
      if (!(e instanceof NftSyntaxError)) throw e;
      await sys.err(`${name}:${e.message}\n`);
      return 1;
    }
  };
  if (rest[0] === '-f') {
    const file = rest[1];
    if (!file) {
      await sys.err('nft: option requires an argument -- \'f\'\n');
      return 1;
    }
    let script: string;
    try {
      script = text.decode(file === '-' ? await sys.readAll(0) : sys.readFile(file));
    } catch {
      await sys.err(`Error: Could not process rule: No such file or directory\n${file}\n`);
      return 1;
    }
    return load(script, file === '-' ? '/dev/stdin' : file);
  }
  const cmd = rest.join(' ');
  if (cmd === 'list ruleset') {
    await sys.out(json ? `${rules.toJson()}\n` : rules.toText());
    return 0;
  }
  if (cmd === 'list tables') {
    await sys.out([...rules.tables.values()].map((t) => `table ${t.family} ${t.name}\n`).join(''));
    return 0;
  }
  if (cmd === 'flush ruleset') {
    rules.tables.clear();
    return 0;
  }
  if (/^delete table (ip|inet) \w+$/.test(cmd)) return load(cmd, 'nft');
  await sys.err(`Error: syntax error, unexpected ${rest[0] ?? 'end of file'}\n${cmd}\n`);
  return 1;
};
