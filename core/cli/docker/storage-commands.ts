import type { CommandSpec } from '../args.js';
import { cp } from './cp-command.js';
import type { Run } from './docker-cli.js';

/** Files in and out of containers and images: cp, export, import, system df/prune. */
export const STORAGE_COMMANDS: [CommandSpec, Run][] = [
  [{ name: 'cp', summary: 'Copy files/folders between a container and the local filesystem', usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdockbook cp [OPTIONS] SRC_PATH CONTAINER:DEST_PATH', minArgs: 2, maxArgs: 2, flags: [
    { name: 'archive', short: 'a', kind: 'bool', help: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', kind: 'bool', help: 'Always follow symbol link in SRC_PATH' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Suppress progress output during copy (there is none here)' },
  ] }, (io, f, [src, dst]) => cp(io, src!, dst!, { archive: f['archive'] === true, followLink: f['follow-link'] === true })],
];

export const STORAGE_ALIASES: Record<string, string> = {
  'container cp': 'cp',
};
