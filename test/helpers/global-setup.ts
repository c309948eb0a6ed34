import { spawnSync } from 'node:child_process';

/** The CLI and browser tests run the built bundles: make sure they are fresh. */
export default function setup(): void {
  const r = spawnSync(process.execPath, ['scripts/ensure.mjs', '--build-only'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building dockbook failed');
}
