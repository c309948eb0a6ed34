// The root filesystem the validations unpack into each bundle: they look for
// rootfs-<GOARCH>.tar.gz in their working directory. Debian's static busybox
// with a link per applet, as the tests' own rootfs (test/helpers/rootfs.ts).
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const GOARCH = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export function goArch() {
  const arch = GOARCH[process.arch];
  if (!arch) throw new Error(`no Go name known for the CPU architecture ${process.arch}`);
  return arch;
}

/** Writes rootfs-<GOARCH>.tar.gz into `dir`; returns its path. */
export function writeBusyboxRootfs(dir, busybox = '/bin/busybox') {
  const root = mkdtempSync(join(dir, 'rootfs-'));
  try {
    for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'var']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync(busybox, join(root, 'bin', 'busybox'));
    chmodSync(join(root, 'bin', 'busybox'), 0o755);
    const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter((a) => a && a !== 'busybox');
    for (const a of applets) symlinkSync('busybox', join(root, 'bin', a));
    writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
    writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    chmodSync(join(root, 'tmp'), 0o1777);
    const tarball = join(dir, `rootfs-${goArch()}.tar.gz`);
    execFileSync('tar', ['-C', root, '-czf', tarball, '.']);
    return tarball;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
