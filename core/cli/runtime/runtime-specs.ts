import type { CommandSpec, FlagSpec } from '../args.js';

const bundle: FlagSpec = { name: 'bundle', short: 'b', kind: 'string', value: 'DIR', help: 'Path to the bundle (default: the current directory)' };
const pidFile: FlagSpec = { name: 'pid-file', kind: 'string', value: 'FILE', help: 'Write the process id to this file' };
const consoleSocket: FlagSpec = { name: 'console-socket', kind: 'string', value: 'SOCK', help: 'Unix socket that receives the pty master when process.terminal is true' };

/** The subcommands, shaped like runc's so that tools written for runc can drive this one. */
export const RUNTIME_SPECS: readonly CommandSpec[] = [
  { name: 'spec', summary: 'Write a default config.json with safe defaults', usage: '[OPTIONS]', flags: [bundle], maxArgs: 0 },
  { name: 'create', summary: 'Create a container: everything but running its program', usage: '[OPTIONS] ID', flags: [bundle, pidFile, consoleSocket], minArgs: 1, maxArgs: 1 },
  { name: 'start', summary: 'Run the program of a created container', usage: 'ID', flags: [], minArgs: 1, maxArgs: 1 },
  {
    name: 'run', summary: 'Create and start a container; exit with its exit code', usage: '[OPTIONS] ID', minArgs: 1, maxArgs: 1,
    flags: [bundle, pidFile, consoleSocket, { name: 'detach', short: 'd', kind: 'bool', help: 'Return once started' }],
  },
  { name: 'state', summary: "Print a container's state as JSON", usage: 'ID', flags: [], minArgs: 1, maxArgs: 1 },
  {
    name: 'kill', summary: "Send a signal (default SIGTERM) to a container's process", usage: '[OPTIONS] ID [SIGNAL]', minArgs: 1, maxArgs: 2,
    flags: [{ name: 'all', short: 'a', kind: 'bool', help: 'Send to every process in the container' }],
  },
  {
    name: 'delete', summary: 'Delete a stopped container', usage: '[OPTIONS] ID', minArgs: 1, maxArgs: 1,
    flags: [{ name: 'force', short: 'f', kind: 'bool', help: 'Kill it first if it is still running' }],
  },
  {
    name: 'exec', summary: 'Run a new process in a running container', usage: '[OPTIONS] ID [-- COMMAND [ARG...]]', minArgs: 1, stopAtPositional: true,
    flags: [
      { name: 'process', short: 'p', kind: 'string', value: 'FILE', help: 'A process.json (config.json\'s process) to run' },
      { name: 'tty', short: 't', kind: 'bool', help: 'Allocate a pseudo-TTY (needs --console-socket)' },
      consoleSocket,
      { name: 'cwd', kind: 'string', value: 'DIR', help: 'Working directory inside the container' },
      { name: 'env', short: 'e', kind: 'list', value: 'KEY=VALUE', help: 'Set an environment variable' },
      { name: 'user', short: 'u', kind: 'string', value: 'UID[:GID]', help: 'Run as this user' },
      { name: 'detach', short: 'd', kind: 'bool', help: 'Do not wait for the process' },
      pidFile,
    ],
  },
  { name: 'ps', summary: 'List the processes in a container', usage: '[OPTIONS] ID', minArgs: 1, maxArgs: 1, flags: [{ name: 'format', short: 'f', kind: 'string', value: 'table|json', help: 'Output format' }] },
  {
    name: 'list', summary: 'List containers', usage: '[OPTIONS]', maxArgs: 0,
    flags: [{ name: 'format', short: 'f', kind: 'string', value: 'table|json', help: 'Output format' }, { name: 'quiet', short: 'q', kind: 'bool', help: 'Only ids' }],
  },
  { name: 'features', summary: 'Print what this runtime supports, as JSON', usage: '', flags: [], maxArgs: 0 },
];
