import type { CommandSpec } from '../args.js';
import { cp } from './cp-command.js';
import type { Run } from './docker-cli.js';
import { exportContainer, importImage, loadImages, saveImages } from './export-import-commands.js';
import { systemDf, systemPrune } from './system-df-commands.js';

/** Files in and out of containers and images: cp, export, import, system df/prune. */
export const STORAGE_COMMANDS: [CommandSpec, Run][] = [
  [{ name: 'cp', summary: 'Copy files/folders between a container and the local filesystem', usage: '[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdockbook cp [OPTIONS] SRC_PATH CONTAINER:DEST_PATH', minArgs: 2, maxArgs: 2, flags: [
    { name: 'archive', short: 'a', kind: 'bool', help: 'Archive mode (copy all uid/gid information)' },
    { name: 'follow-link', short: 'L', kind: 'bool', help: 'Always follow symbol link in SRC_PATH' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Suppress progress output during copy (there is none here)' },
  ] }, (io, f, [src, dst]) => cp(io, src!, dst!, { archive: f['archive'] === true, followLink: f['follow-link'] === true })],
  [{ name: 'export', summary: "Export a container's filesystem as a tar archive", usage: '[OPTIONS] CONTAINER', minArgs: 1, maxArgs: 1, flags: [
    { name: 'output', short: 'o', kind: 'string', help: 'Write to a file, instead of STDOUT' },
  ] }, (io, f, [id]) => exportContainer(io, id!, f['output'] as string | undefined)],
  [{ name: 'import', summary: 'Import the contents from a tarball to create a filesystem image', usage: '[OPTIONS] file|URL|- [REPOSITORY[:TAG]]', minArgs: 1, maxArgs: 2, flags: [
    { name: 'change', short: 'c', kind: 'list', help: 'Apply Dockerfile instruction to the created image' },
    { name: 'message', short: 'm', kind: 'string', help: 'Set commit message for imported image' },
  ] }, (io, f, [src, ref]) => importImage(io, src!, ref, { changes: (f['change'] as string[] | undefined) ?? [], message: f['message'] as string | undefined })],
  [{ name: 'save', summary: 'Save one or more images to a tar archive (streamed to STDOUT by default)', usage: '[OPTIONS] IMAGE [IMAGE...]', minArgs: 1, flags: [
    { name: 'output', short: 'o', kind: 'string', help: 'Write to a file, instead of STDOUT' },
  ] }, (io, f, images) => saveImages(io, images, f['output'] as string | undefined)],
  [{ name: 'load', summary: 'Load an image from a tar archive or STDIN', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'input', short: 'i', kind: 'string', help: 'Read from tar archive file, instead of STDIN' },
    { name: 'quiet', short: 'q', kind: 'bool', help: 'Suppress the load output' },
  ] }, (io, f) => loadImages(io, f['input'] as string | undefined, f['quiet'] === true)],
  [{ name: 'system df', summary: 'Show docker disk usage', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'verbose', short: 'v', kind: 'bool', help: 'Show detailed information on space usage' },
  ] }, (io, f, _a, now) => systemDf(io, f['verbose'] === true, now)],
  [{ name: 'system prune', summary: 'Remove unused data', usage: '[OPTIONS]', maxArgs: 0, flags: [
    { name: 'all', short: 'a', kind: 'bool', help: 'Remove all unused images not just dangling ones' },
    { name: 'force', short: 'f', kind: 'bool', help: 'Do not prompt for confirmation' },
    { name: 'volumes', kind: 'bool', help: 'Prune anonymous volumes' },
  ] }, (io, f) => systemPrune(io, { all: f['all'] === true, volumes: f['volumes'] === true, force: f['force'] === true })],
];

export const STORAGE_ALIASES: Record<string, string> = {
  'system df': 'system df', 'system prune': 'system prune', 'container cp': 'cp', 'container export': 'export', 'image import': 'import', 'image save': 'save', 'image load': 'load',
};
