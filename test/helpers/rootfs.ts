import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A minimal busybox root filesystem in a fresh temp dir: the static busybox,
 * a link per applet, /etc/passwd and /etc/group, and empty mount points.
 */
export function makeBusyboxRootfs(parent = tmpdir()): string {
  const root = mkdtempSync(join(parent, 'dbktest-rootfs-'));
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'var']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin', 'busybox'));
  execFileSync('chmod', ['0755', join(root, 'bin', 'busybox')]);
  const applets = execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const a of applets) if (a !== 'busybox') symlinkSync('busybox', join(root, 'bin', a));
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  execFileSync('chmod', ['1777', join(root, 'tmp')]);
  return root;
}
