import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The CLI and browser tests run the built bundles: make sure they are fresh. */
export default function setup(): () => void {
  const r = spawnSync(process.execPath, ['scripts/ensure.mjs', '--build-only'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building dockbook failed');
  // Test workers may be stopped before their exit handlers run: remove their CLI state dirs here.
  return () => {
    for (const name of readdirSync(tmpdir())) {
      const owner = /^dbktest-clistate-(\d+)$/.exec(name)?.[1];
      // Another checkout's test run may be using its own dir right now: only a dead worker's dir is ours to remove.
      if (owner !== undefined && !existsSync(`/proc/${owner}`)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  };
}
