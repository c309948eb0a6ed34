import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSpec } from '../../core/runtime/oci/default-spec.js';
import type { Spec } from '../../core/runtime/oci/spec-types.js';
import { makeBusyboxRootfs } from './rootfs.js';

export interface TestBundle {
  readonly dir: string;
  readonly spec: Spec;
  write(spec: Spec): void;
  remove(): void;
}

/** An OCI bundle: a busybox rootfs and Docker's default config, with changes. */
export function makeBundle(change: (spec: Spec) => void = () => {}): TestBundle {
  const dir = mkdtempSync(join(tmpdir(), 'dbktest-bundle-'));
  const rootfs = makeBusyboxRootfs(dir);
  const spec = defaultSpec({ rootPath: rootfs, terminal: false, readonly: false, hostname: 'dbktest-box' });
  change(spec);
  const write = (s: Spec) => writeFileSync(join(dir, 'config.json'), JSON.stringify(s, null, 2));
  write(spec);
  return { dir, spec, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
