import { main } from './dockbook.js';
import { exitAfterFlush } from './exit-after-flush.js';

main(process.argv.slice(2)).then(
  (code) => exitAfterFlush(code),
  (e: unknown) => { process.stderr.write(`dockbook: E_INTERNAL ${String(e)}\n`); exitAfterFlush(125); },
);
