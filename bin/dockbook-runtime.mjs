#!/usr/bin/env node
// The OCI runtime command (runc's shape). Loads the bundle built into dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/node/dockbook-runtime.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("dockbook-runtime: E_NOT_BUILT the bundle is missing (hint: run 'npm run build' or 'npm start' once)\n");
  process.exit(1);
}
await import(bundle);
