import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TarEntry } from '../../core/storage/tar/tar-entry.js';
import { listTar } from '../../core/storage/tar/tar-reader.js';
import { writeTar } from '../../core/storage/tar/tar-writer.js';

const enc = new TextEncoder();
const longDir = `${'d'.repeat(120)}/${'e'.repeat(90)}`;
const veryLong = `${'x'.repeat(200)}/${'y'.repeat(150)}.txt`;

const entries: TarEntry[] = [
  { path: 'etc', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1700000000 },
  { path: 'etc/passwd', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 1700000000, data: enc.encode('root:x:0:0::/root:/bin/sh\n') },
  { path: 'bin/su', type: 'file', mode: 0o4755, uid: 0, gid: 0, mtime: 1700000000, data: enc.encode('#!') },
  { path: 'bin/sh', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1700000000, linkname: 'busybox' },
  { path: 'bin/su2', type: 'hardlink', mode: 0o4755, uid: 0, gid: 0, mtime: 1700000000, linkname: 'bin/su' },
  { path: 'dev/null', type: 'char', mode: 0o666, uid: 0, gid: 0, mtime: 1700000000, devmajor: 1, devminor: 3 },
  { path: `${longDir}/f`, type: 'file', mode: 0o600, uid: 1000, gid: 1000, mtime: 1700000000, data: enc.encode('split by prefix') },
  { path: veryLong, type: 'file', mode: 0o600, uid: 5_000_000, gid: 7, mtime: 1700000000, data: new Uint8Array(700).fill(7) },
  { path: 'link-long', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 1700000000, linkname: veryLong },
  { path: 'cap', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 1700000000, data: enc.encode('x'), xattrs: { 'security.capability': 'abc' } },
];

describe('the tar reader and writer', () => {
  let dir = '';
  afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); dir = ''; });

  it('reads back exactly what it wrote, long names, large ids, links, devices and xattrs included', () => {
    const back = listTar(writeTar(entries));
    expect(back.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    for (const [i, e] of entries.entries()) {
      const b = back[i]!;
      expect({ ...b, data: b.data && [...b.data], uname: undefined, gname: undefined })
        .toEqual({ ...e, data: e.data && [...e.data], uname: undefined, gname: undefined });
    }
  });

  it('writes the same bytes for the same entries (so layer digests are stable)', () => {
    expect(writeTar(entries)).toEqual(writeTar(entries));
  });

  it('writes archives GNU tar lists with the same names, modes and link targets', () => {
    dir = mkdtempSync(join(tmpdir(), 'dbktest-tar-'));
    writeFileSync(join(dir, 'a.tar'), writeTar(entries));
    const listing = execFileSync('tar', ['-tvf', join(dir, 'a.tar')], { encoding: 'utf8' });
    expect(listing).toContain(`${longDir}/f`);
    expect(listing).toContain(veryLong);
    expect(listing).toMatch(/^-rwsr-xr-x .* bin\/su$/m);
    expect(listing).toContain(`link-long -> ${veryLong}`);
    expect(listing).toMatch(/^crw-rw-rw- .* 1,3 .*dev\/null$/m);
  });

  it('reads GNU tar archives in gnu (long-name headers) and posix formats', () => {
    dir = mkdtempSync(join(tmpdir(), 'dbktest-tar-'));
    const src = join(dir, 'src');
    mkdirSync(join(src, 'd'.repeat(150)), { recursive: true });
    writeFileSync(join(src, 'd'.repeat(150), 'n'.repeat(120)), 'deep');
    symlinkSync('t'.repeat(130), join(src, 'ln'));
    for (const format of ['gnu', 'posix', 'ustar'] as const) {
      const out = join(dir, `${format}.tar`);
      try {
        execFileSync('tar', [`--format=${format}`, '-C', src, '-cf', out, '.'], { stdio: 'pipe' });
      } catch (e) {
        // ustar cannot hold the 130-byte link target: GNU tar refuses, as it should.
        if (format === 'ustar') continue;
        throw e;
      }
      const got = listTar(readFileSync(out));
      const deep = got.find((e) => e.path === `./${'d'.repeat(150)}/${'n'.repeat(120)}`);
      expect(deep && new TextDecoder().decode(deep.data), format).toBe('deep');
      expect(got.find((e) => e.path === './ln')?.linkname, format).toBe('t'.repeat(130));
    }
  });

  it('refuses a header with a bad checksum and a member cut short', () => {
    const good = writeTar([entries[1]!]);
    const badSum = good.slice();
    badSum[0] = 0x41;
    expect(() => listTar(badSum)).toThrow(/bad header checksum/);
    expect(() => listTar(good.slice(0, 520))).toThrow(/runs past the end/);
  });
});
