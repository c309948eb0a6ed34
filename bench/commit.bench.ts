// docker commit of a container that changed 1,000 files: the engine's commit
// (the writable layer's diff as a tar, its digest, a new image) through the
// API in-process, against GNU tar -c of the same upper directory piped into
// sha256sum (the same two jobs with C tools), in one run.
import { execSync } from 'node:child_process';
import { buildEngine } from '../core/engine/build-engine.js';
import { inProcessTransport } from '../core/api/in-process-transport.js';
import { LinuxKernel } from '../core/kernel/linux/linux-kernel.js';
import { linuxLabHost } from '../core/labs/lab-host.js';
import { interleavedRuns, report } from './stats.js';

const N = Number(process.env['BENCH_RUNS'] ?? 10);
const kernel = new LinuxKernel();
const host = await linuxLabHost(kernel, 'dbkbench-commit');
try {
  const ctx = await buildEngine({ kernel, paths: host.paths, networkHost: host.networkHost });
  const api = inProcessTransport(ctx);
  const script = 'i=0; while [ $i -lt 1000 ]; do mkdir -p /data/d$((i / 100)); echo "file $i" > /data/d$((i / 100))/f$i; i=$((i + 1)); done';
  const { Id } = await ctx.engine.create({ Image: 'busybox', Cmd: ['sh', '-c', script], HostConfig: { NetworkMode: 'none' } });
  await ctx.engine.start(Id);
  await ctx.engine.wait(Id, 'next-exit').catch(() => 0);
  const upper = `${host.paths.root}/overlay/${Id}/diff`;
  const changed = Number(execSync(`find ${upper} -type f | wc -l`, { encoding: 'utf8' }).trim());
  process.stdout.write(`container ${Id.slice(0, 12)} changed ${changed} files\n`);
  let n = 0;
  const rows = await interleavedRuns(N, [
    {
      name: 'dockbook commit (API, in-process)',
      run: async () => {
        const tag = `t${n++}`;
        const r = await api.request({ method: 'POST', path: '/commit', query: { container: Id, repo: 'dbkbench-commit', tag } });
        if (r.status !== 201) throw new Error(`commit answered ${r.status}`);
        // Next run commits afresh: drop the image, so its layer is written again.
        await api.request({ method: 'DELETE', path: `/images/dbkbench-commit:${tag}`, query: {} });
      },
    },
    { name: 'GNU tar -c | sha256sum', run: () => { execSync(`tar -C ${upper} -cf - . | sha256sum > /dev/null`); } },
  ]);
  report(rows, 'GNU tar -c | sha256sum');
  await ctx.engine.remove(Id, { force: true });
} finally {
  await host.dispose();
}
