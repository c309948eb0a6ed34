import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The CLI and browser tests run the built bundles: make sure they are fresh. */
export default function setup(): () => void {
  const r = spawnSync(process.execPath, ['scripts/ensure.mjs', '--build-only'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building dockbook failed');
  // Test workers may be stopped before their exit handlers run: remove their CLI state dirs here.
  return () => {
    for (const name of readdirSync(tmpdir())) {
      if (name.startsWith('dbktest-clistate-')) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  };
}
