#!/usr/bin/env node
// The dockbook command. The TypeScript sources are bundled into dist/ by
// `npm start`, `npm test` or `npm run build`; this file only loads the bundle
// (the small client one, which loads the full one for anything but docker's commands).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/node/dockbook-client.mjs', import.meta.url));
if (!existsSync(bundle) || !existsSync(fileURLToPath(new URL('../dist/node/dockbook.mjs', import.meta.url)))) {
  process.stderr.write("dockbook: E_NOT_BUILT the dockbook bundle is missing (hint: run 'npm run build' or 'npm start' once)\n");
  process.exit(125);
}
await import(bundle);
