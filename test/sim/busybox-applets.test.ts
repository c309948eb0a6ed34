import { afterEach, describe, expect, it } from 'vitest';
import { isStaticElf } from '../../core/doctor/elf.js';
import type { SimKernel } from '../../core/sim/index.js';
import { boot, run } from './sim-helpers.js';

describe('the emulated busybox', () => {
  let k: SimKernel;
  afterEach(() => k.shutdown());
  const sh = async (script: string, stdin?: string): Promise<string> => {
    const r = await run(k, ['sh', '-c', script], stdin);
    return r.out + r.err;
  };

  it('is a static ELF on disk, reached through applet symlinks', async () => {
    k = boot();
    expect(isStaticElf(await k.readFile('/bin/busybox'))).toBe(true);
    expect(await k.readlink('/bin/sh')).toBe('busybox');
    expect((await run(k, ['busybox', '--list'])).out.split('\n')).toEqual(expect.arrayContaining(['sh', 'ps', 'dd', 'wc']));
    expect((await run(k, ['/bin/busybox', 'echo', 'direct'])).out).toBe('direct\n');
  });

  it('runs sh with ;, &&, ||, pipes, redirects, $(…), for, &, wait, read and exit codes', async () => {
    k = boot();
    expect(await sh('echo a; false && echo no || echo yes')).toBe('a\nyes\n');
    expect(await sh('printf "b\\na\\nc\\n" | grep -v c | tr a-z A-Z')).toBe('B\nA\n');
    expect(await sh('echo one > /tmp/f; echo two >> /tmp/f; cat < /tmp/f; wc -l < /tmp/f')).toBe('one\ntwo\n2\n');
    expect(await sh('ls /nonexistent 2>&1 | head -1')).toMatch(/No such file or directory/);
    expect(await sh('for i in 1 2 3; do echo n$i; done')).toBe('n1\nn2\nn3\n');
    expect(await sh('X=$(echo inner); echo "got $X" \'$X\'')).toBe('got inner $X\n');
    expect(await sh('sleep 1 & echo started; wait; echo waited')).toBe('started\nwaited\n');
    expect(await sh('read a b; echo "$b-$a"', 'x y z\n')).toBe('y z-x\n');
    expect((await run(k, ['sh', '-c', 'exit 7'])).code).toBe(7);
    expect(await run(k, ['sh', '-c', 'nosuch; echo $?'])).toMatchObject({ out: '127\n', err: 'sh: nosuch: not found\n' });
    expect(await sh('if [ -d /tmp ]; then echo dir; else echo no; fi; echo $((2 + 3 * 4))')).toBe('dir\n14\n');
  });

  it('has the file and system applets the labs use', async () => {
    k = boot();
    expect(await sh('mkdir -p /tmp/a/b && touch /tmp/a/b/f && ls /tmp/a/b && rm -r /tmp/a && ls /tmp')).toBe('f\n');
    expect(await sh('id; env | grep ^PATH; hostname')).toBe('uid=0(root) gid=0(root) groups=0(root)\nPATH=/bin\ndockbook-sim\n');
    expect(await sh('echo a:b:c | cut -d: -f2; echo hello | wc -c; echo x | head -c 1; echo')).toBe('b\n6\nx\n');
    expect(await sh('readlink /bin/sh; tty')).toBe('busybox\nnot a tty\n');
    // glibc busybox's words for ENOTTY from tcgetattr.
    expect(await sh('stty size 2>&1; echo $?')).toBe('stty: standard input: Inappropriate ioctl for device\n1\n');
    expect(await sh('mount | grep " /proc "')).toBe('proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n');
    expect(await sh('dd if=/dev/zero of=/tmp/z bs=1k count=2 2>/dev/null; wc -c < /tmp/z')).toBe('2048\n');
    expect(await sh('seq 1 2 2>/dev/null || echo nosuch')).toBe('nosuch\n');
  });
});
