// cp, export, import, system df and system prune against a real dockbook
// daemon, from the real docker client and from `dockbook`: Docker's path
// rules, owners and times, running and stopped containers, symlinks that must
// not lead to the host, and disk usage counted as Docker counts it.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRoot, uniqueName } from '../helpers/host.js';
import { type CommandResult, DOCKBOOK_BIN, DOCKER_28, EngineSandbox, runCommand, useEngineSandbox } from './engine-sandbox.js';

let engine: EngineSandbox;
let work: string;

interface Client {
  readonly id: string;
  run(...args: string[]): CommandResult;
}
const docker28: Client = { id: 'docker 28', run: (...args) => runCommand(DOCKER_28, args, engine.dockerEnv) };
const dockbook: Client = { id: 'dockbook', run: (...args) => runCommand(process.execPath, [DOCKBOOK_BIN, ...args], engine.dockbookEnv) };
const clients = [...(existsSync(DOCKER_28) ? [docker28] : []), dockbook];

const T2019 = Date.parse('2019-01-01T00:00:00Z') / 1000;

function ok(r: CommandResult): string {
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

/** A host tree to copy in: a dir with a file (owned 1234:5678, dated 2019), a subdir, a hardlink and a symlink. */
function hostTree(): string {
  const src = join(work, 'src');
  mkdirSync(join(src, 'dir/sub'), { recursive: true });
  writeFileSync(join(src, 'dir/f'), 'file f\n');
  writeFileSync(join(src, 'dir/sub/g'), 'file g\n');
  linkSync(join(src, 'dir/f'), join(src, 'dir/f.hard'));
  symlinkSync('f', join(src, 'dir/f.link'));
  chownSync(join(src, 'dir/f'), 1234, 5678);
  utimesSync(join(src, 'dir/f'), T2019, T2019);
  writeFileSync(join(src, 'one.txt'), 'one\n');
  return src;
}

describeRoot('cp, export/import, system df/prune (real kernel, real daemon)', () => {
  useEngineSandbox((e) => { engine = e; }, { afterEach: () => rmSync(work, { recursive: true, force: true }) });
  beforeEach(() => { work = mkdtempSync(join(tmpdir(), 'dbktest-cp-')); });

  describe.each(clients)('$id', (client) => {
    const exec = (name: string, script: string) => ok(client.run('exec', name, 'sh', '-c', script));

    it('copies into a running container with Docker\'s rules: dir to a new name, dir/. into a dir, file over file; owners and times kept', () => {
      const src = hostTree();
      const name = uniqueName('cpin');
      ok(client.run('run', '-d', '--network', 'none', '--name', name, 'busybox', 'sleep', '600'));
      ok(client.run('cp', join(src, 'dir'), `${name}:/newdir`));
      ok(client.run('cp', `${join(src, 'dir')}/.`, `${name}:/etc/`));
      ok(client.run('cp', join(src, 'one.txt'), `${name}:/etc/hostname.copy`));
      ok(client.run('cp', join(src, 'one.txt'), `${name}:/etc/hostname.copy`));
      ok(client.run('cp', join(src, 'dir'), `${name}:/tmp`));
      expect(exec(name, 'cat /newdir/f /newdir/sub/g /etc/f /etc/sub/g /etc/hostname.copy /tmp/dir/f')).toBe('file f\nfile g\nfile f\nfile g\none\nfile f\n');
      expect(exec(name, 'stat -c "%u:%g %Y" /newdir/f')).toBe(`1234:5678 ${T2019}\n`);
      expect(exec(name, 'stat -c "%i" /newdir/f /newdir/f.hard | uniq | wc -l').trim()).toBe('1');
      expect(exec(name, 'readlink /newdir/f.link')).toBe('f\n');
    });

    it('with -a gives what it copies in to the container\'s user, and without it keeps the owners the files had', () => {
      const src = hostTree();
      const name = uniqueName('cpuser');
      ok(client.run('run', '-d', '--network', 'none', '-u', '1000:1001', '--name', name, 'busybox', 'sleep', '600'));
      ok(client.run('cp', '-a', join(src, 'one.txt'), `${name}:/tmp/as-user`));
      ok(client.run('cp', join(src, 'dir/f'), `${name}:/tmp/as-is`));
      expect(exec(name, 'stat -c "%u:%g" /tmp/as-user /tmp/as-is')).toBe('1000:1001\n1234:5678\n');
    });

    it('copies out of a container: a file to a new name, a dir into an existing dir, dir/. into a new dir, and a tar on stdout', () => {
      const name = uniqueName('cpout');
      ok(client.run('run', '-d', '--network', 'none', '--name', name, 'busybox', 'sh', '-c', 'mkdir -p /data/sub && echo hi > /data/a && ln /data/a /data/a2 && echo deep > /data/sub/b && touch -d "2019-01-01 00:00:00" /data/a && sleep 600'));
      for (let i = 0; i < 50 && client.run('exec', name, 'test', '-e', '/data/sub/b').code !== 0; i++) execFileSync('sleep', ['0.1']);
      ok(client.run('cp', `${name}:/data/a`, join(work, 'renamed')));
      expect(readFileSync(join(work, 'renamed'), 'utf8')).toBe('hi\n');
      expect(statSync(join(work, 'renamed')).mtimeMs).toBe(T2019 * 1000);
      mkdirSync(join(work, 'into'));
      ok(client.run('cp', `${name}:/data`, join(work, 'into')));
      expect(readFileSync(join(work, 'into/data/sub/b'), 'utf8')).toBe('deep\n');
      expect(statSync(join(work, 'into/data/a2')).ino).toBe(statSync(join(work, 'into/data/a')).ino);
      ok(client.run('cp', `${name}:/data/.`, join(work, 'contents')));
      expect(readdirSync(join(work, 'contents')).sort()).toEqual(['a', 'a2', 'sub']);
      const tar = runCommand('sh', ['-c', `${client === dockbook ? `${process.execPath} ${DOCKBOOK_BIN}` : DOCKER_28} cp ${name}:/data/sub - | tar -t`], client === dockbook ? engine.dockbookEnv : engine.dockerEnv);
      expect(tar.stdout.split('\n').filter(Boolean)).toEqual(['sub/', 'sub/b']);
    });

    it('copies into and out of a stopped container, which then starts with the file', () => {
      const src = hostTree();
      const name = uniqueName('cpstopped');
      ok(client.run('create', '--network', 'none', '--name', name, 'busybox', 'cat', '/etc/one.txt'));
      ok(client.run('cp', join(src, 'one.txt'), `${name}:/etc/`));
      ok(client.run('cp', `${name}:/etc/one.txt`, join(work, 'back.txt')));
      expect(readFileSync(join(work, 'back.txt'), 'utf8')).toBe('one\n');
      ok(client.run('start', name));
      ok(client.run('wait', name));
      expect(ok(client.run('logs', name))).toBe('one\n');
    });

    it('answers as Docker does for a missing path, a dir onto a file, and a missing parent', () => {
      const src = hostTree();
      const name = uniqueName('cperr');
      ok(client.run('create', '--network', 'none', '--name', name, 'busybox'));
      const missing = client.run('cp', `${name}:/nope`, join(work, 'x'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain(`Could not find the file /nope in container ${name}`);
      const dirOnFile = client.run('cp', join(src, 'dir'), `${name}:/etc/passwd`);
      expect(dirOnFile.code).toBe(1);
      expect(dirOnFile.stderr).toContain('cannot copy directory');
      const noParent = client.run('cp', join(src, 'one.txt'), `${name}:/nodir/x`);
      expect(noParent.code).toBe(1);
      expect(noParent.stderr).toContain(`Could not find the file /nodir in container ${name}`);
      expect(existsSync(join(work, 'x'))).toBe(false);
    });

    it('resolves symlinks inside the container: a link to a host path never reaches the host', () => {
      const src = hostTree();
      const hostDir = join(work, 'host-secret');
      mkdirSync(hostDir);
      writeFileSync(join(hostDir, 'secret'), 'host only\n');
      const name = uniqueName('cplink');
      ok(client.run('run', '-d', '--network', 'none', '--name', name, 'busybox', 'sh', '-c',
        `ln -s ${hostDir} /abs && mkdir /inside && ln -s ../../../../../../..${hostDir} /inside/up && sleep 600`));
      for (let i = 0; i < 50 && client.run('exec', name, 'test', '-L', '/inside/up').code !== 0; i++) execFileSync('sleep', ['0.1']);

      const read = client.run('cp', `${name}:/abs/secret`, join(work, 'leaked'));
      expect(read.code).toBe(1);
      expect(existsSync(join(work, 'leaked'))).toBe(false);
      expect(client.run('cp', join(src, 'one.txt'), `${name}:/inside/up/`).code).toBe(1);

      exec(name, `mkdir -p ${hostDir}`);
      ok(client.run('cp', join(src, 'one.txt'), `${name}:/inside/up/`));
      ok(client.run('cp', join(src, 'one.txt'), `${name}:/abs/planted`));
      expect(exec(name, `cat ${hostDir}/one.txt ${hostDir}/planted`)).toBe('one\none\n');
      expect(readdirSync(hostDir)).toEqual(['secret']);
    });

    it('exports the flattened root filesystem of a container as a tar', () => {
      const name = uniqueName('export');
      ok(client.run('run', '--network', 'none', '--name', name, 'busybox', 'sh', '-c', 'echo exported > /marker && rm /bin/vi'));
      const out = join(work, 'rootfs.tar');
      ok(client.run('export', '-o', out, name));
      const names = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).split('\n');
      expect(names).toEqual(expect.arrayContaining(['marker', 'bin/', 'bin/busybox', 'etc/passwd']));
      expect(names).not.toContain('bin/vi');
      expect(names.some((n) => n.startsWith('./') || n.startsWith('/'))).toBe(false);
      expect(execFileSync('tar', ['-xOf', out, 'marker'], { encoding: 'utf8' })).toBe('exported\n');
      expect(lstatSync(out).size).toBeGreaterThan(0);
    });

    it('imports an exported root filesystem from a file and from stdin, with --change, and the image runs', () => {
      const name = uniqueName('toimport');
      ok(client.run('run', '--network', 'none', '--name', name, 'busybox', 'sh', '-c', 'echo "from the export" > /marker'));
      const out = join(work, 'rootfs.tar');
      ok(client.run('export', '-o', out, name));
      const repo = uniqueName('imported');
      const id = ok(client.run('import', '-c', 'CMD ["cat", "/marker"]', '-c', 'ENV GREETING="hello world"', '-c', 'WORKDIR /etc', out, `${repo}:v1`)).trim();
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(ok(client.run('run', '--rm', '--network', 'none', `${repo}:v1`))).toBe('from the export\n');
      expect(ok(client.run('run', '--rm', '--network', 'none', `${repo}:v1`, 'sh', '-c', 'echo "$GREETING in $(pwd)"'))).toBe('hello world in /etc\n');
      expect(ok(client.run('history', '--no-trunc', `${repo}:v1`))).toContain('Imported from -');

      const piped = runCommand('sh', ['-c', `${client === dockbook ? `${process.execPath} ${DOCKBOOK_BIN}` : DOCKER_28} import -m "piped in" - ${repo}:v2 < ${out}`], client === dockbook ? engine.dockbookEnv : engine.dockerEnv);
      expect(piped.code, piped.stderr).toBe(0);
      expect(ok(client.run('history', `${repo}:v2`))).toContain('piped in');
      const bad = client.run('import', '-c', 'RUN echo no', out, `${repo}:v3`);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('RUN is not a valid change command');
      expect(client.run('image', 'inspect', `${repo}:v3`).code).not.toBe(0);
      ok(client.run('rmi', `${repo}:v1`, `${repo}:v2`));
    });

    it('saves an image to a file and to stdout, and loads either back under its tag with the same id', () => {
      const repo = uniqueName('saved');
      ok(client.run('run', '--rm', '--network', 'none', 'busybox', 'true')); // busybox is made on first use
      ok(client.run('tag', 'busybox', `${repo}:v1`));
      const id = ok(client.run('image', 'inspect', '-f', '{{.Id}}', `${repo}:v1`)).trim();
      const file = join(work, 'saved.tar');
      ok(client.run('save', '-o', file, `${repo}:v1`));
      expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' })).toContain('manifest.json');
      ok(client.run('rmi', `${repo}:v1`));
      expect(ok(client.run('load', '-i', file))).toBe(`Loaded image: ${repo}:v1\n`);
      expect(ok(client.run('image', 'inspect', '-f', '{{.Id}}', `${repo}:v1`)).trim()).toBe(id);
      const bin = client === dockbook ? `${process.execPath} ${DOCKBOOK_BIN}` : DOCKER_28;
      const env = client === dockbook ? engine.dockbookEnv : engine.dockerEnv;
      const piped = runCommand('sh', ['-c', `${bin} image save ${repo}:v1 > ${file}.2 && ${bin} rmi ${repo}:v1 >/dev/null && ${bin} image load < ${file}.2`], env);
      expect(piped.code, piped.stderr).toBe(0);
      expect(piped.stdout).toBe(`Loaded image: ${repo}:v1\n`);
      expect(client.run('load', '-i', join(work, 'missing.tar')).code).not.toBe(0);
      ok(client.run('rmi', `${repo}:v1`));
    });
  });
  describe('disk usage and pruning', () => {
    const api = (path: string) => JSON.parse(runCommand('curl', ['-s', '--unix-socket', engine.socket, `http://x/v1.45${path}`], {}).stdout) as Record<string, unknown>;

    it('counts a layer two images share once, with its bytes as both images\' SHARED SIZE; a container\'s and a volume\'s own bytes', () => {
      const base = uniqueName('dfbase');
      const vol = uniqueName('dfvol');
      ok(dockbook.run('run', '--network', 'none', '--name', base, '-v', `${vol}:/vol`, 'busybox', 'sh', '-c', 'head -c 1000 /dev/zero > /added && head -c 300 /dev/zero > /vol/data'));
      const repo = uniqueName('dfimg');
      const imageId = ok(dockbook.run('commit', base, `${repo}:v1`)).trim();
      const df = api('/system/df') as { LayersSize: number; Images: { Id: string; Size: number; SharedSize: number; Containers: number }[]; Containers: { Names: string[]; SizeRw: number }[]; Volumes: { Name: string; UsageData: { Size: number; RefCount: number } }[] };
      const busybox = df.Images.find((i) => i.Id !== imageId && i.Containers === 1)!;
      const mine = df.Images.find((i) => i.Id === imageId)!;
      expect(mine.Size).toBe(busybox.Size + 1000);
      expect(mine.SharedSize).toBe(busybox.Size);
      expect(busybox.SharedSize).toBe(busybox.Size);
      expect(df.LayersSize).toBe(busybox.Size + 1000);
      expect(df.Containers.find((c) => c.Names[0] === `/${base}`)!.SizeRw).toBe(1000);
      expect(df.Volumes.find((v) => v.Name === vol)!.UsageData).toEqual({ Size: 300, RefCount: 1 });
      if (existsSync(DOCKER_28)) {
        expect(ok(dockbook.run('system', 'df'))).toBe(ok(docker28.run('system', 'df')));
        // The verbose tables hold ages ("3 seconds ago") that tick between the two runs; the rest must match.
        const timeless = (t: string) => t.replace(/(Less than a second|\d+ seconds?|About a minute|\d+ \w+) ago/g, 'AGO').replace(/ {2,}/g, '  ');
        expect(timeless(ok(dockbook.run('system', 'df', '-v')))).toBe(timeless(ok(docker28.run('system', 'df', '-v'))));
      }
      ok(dockbook.run('rm', base));
      ok(dockbook.run('rmi', `${repo}:v1`));
      ok(dockbook.run('volume', 'rm', vol));
    });

    it.skipIf(!existsSync(DOCKER_28))('docker info names the storage driver and its backing filesystem', () => {
      const fstype = execFileSync('findmnt', ['-n', '-o', 'FSTYPE', '--target', engine.dir], { encoding: 'utf8' }).trim();
      const info = ok(docker28.run('info', '--format', '{{.Driver}} {{json .DriverStatus}}')).trim();
      expect(info).toMatch(/^overlay2 \[\["Backing Filesystem","(\w+)"\],\["Supports d_type","true"\]/);
      expect(info).toContain(`"${/^ext[234]$/.test(fstype) ? 'extfs' : fstype}"`);
    });

    it.each(clients)('system prune -f with $id removes stopped containers and dangling images and sums what it freed', (client) => {
      const stopped = uniqueName('prunec');
      ok(client.run('run', '--network', 'none', '--name', stopped, 'busybox', 'sh', '-c', 'head -c 2000 /dev/zero > /junk'));
      const dangling = ok(client.run('commit', stopped)).trim();
      const kept = uniqueName('prunek');
      ok(client.run('run', '-d', '--network', 'none', '--name', kept, 'busybox', 'sleep', '600'));
      const out = ok(client.run('system', 'prune', '-f'));
      const fullId = (api(`/containers/${kept}/json`) as { Id: string }).Id;
      expect(out).toContain('Deleted Containers:\n');
      expect(out).toContain('Deleted Images:\n');
      expect(out).toContain(`deleted: ${dangling}`);
      expect(out).not.toContain(fullId);
      // 2000 bytes in the stopped container's layer, 2000 in the dangling image's own layer.
      expect(out).toMatch(/Total reclaimed space: 4kB\n$/);
      expect(client.run('inspect', stopped).code).not.toBe(0);
      expect(client.run('image', 'inspect', dangling).code).not.toBe(0);
      ok(client.run('rm', '-f', kept));
    });
  });
});
