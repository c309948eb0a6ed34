import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DockbookError } from '../../errors.js';

let cached: string | null = null;

/**
 * Where the built native shim is: `dist/native/dockbook-shim` in the package,
 * found by walking up from this module (it runs from the bundle in dist/node
 * and from the sources under test), or $DOCKBOOK_SHIM.
 */
export function shimBinary(): string {
  if (cached) return cached;
  const fromEnv = process.env['DOCKBOOK_SHIM'];
  if (fromEnv) return (cached = fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'dist', 'native', 'dockbook-shim');
    if (existsSync(candidate)) return (cached = candidate);
    const sibling = join(dir, 'native', 'dockbook-shim');
    if (existsSync(sibling) && dir.endsWith('dist')) return (cached = sibling);
    dir = dirname(dir);
  }
  throw new DockbookError('E_NO_SHIM', 'the native shim is not built', {
    hint: "run 'npm run build' (it needs gcc: apt-get install gcc libc6-dev)",
  });
}
