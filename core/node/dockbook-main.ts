import { main } from './dockbook.js';

// The process exits with the command's code once its output has drained.
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`dockbook: E_INTERNAL ${String(e)}\n`); process.exitCode = 125; },
);
