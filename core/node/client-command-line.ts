import { isDockerCommand } from '../cli/docker/docker-cli.js';

/** dockbook's own commands: they need the full bundle even where docker has a command of the same name. */
export const OWN_COMMANDS: ReadonlySet<string> = new Set(['doctor', 'serve', 'daemon', 'lab', 'help']);

/** docker commands that read or write this machine's files: the full bundle runs them, it has LinuxKernel. */
const NEEDS_HOST_FILES: ReadonlySet<string> = new Set(['cp', 'export', 'import', 'save', 'load']);
const NEEDS_HOST_FILES_TWO_WORDS: ReadonlySet<string> = new Set(['container cp', 'container export', 'image import', 'image save', 'image load']);

/** A docker command line the small client bundle can run alone (after any --debug), or null. */
export function clientCommandLine(argv: readonly string[]): { argv: readonly string[]; debug: boolean } | null {
  let i = 0;
  while (argv[i] === '--debug' || argv[i] === '-D') i++;
  const rest = argv.slice(i);
  if (rest.length === 0 || OWN_COMMANDS.has(rest[0]!) || !isDockerCommand(rest)) return null;
  if (NEEDS_HOST_FILES.has(rest[0]!) || NEEDS_HOST_FILES_TWO_WORDS.has(`${rest[0]} ${rest[1] ?? ''}`)) return null;
  return { argv: rest, debug: i > 0 };
}
