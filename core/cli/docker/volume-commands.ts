import { call, table, type DockerIo } from './docker-io.js';

export async function create(io: DockerIo, name: string | undefined): Promise<number> {
  const v = (await call(io, { method: 'POST', path: '/volumes/create', body: { Name: name ?? '' } })).body as { Name: string };
  io.out(`${v.Name}\n`);
  return 0;
}

export async function ls(io: DockerIo, quiet: boolean): Promise<number> {
  const r = (await call(io, { method: 'GET', path: '/volumes' })).body as { Volumes: { Name: string; Driver: string }[] };
  if (quiet) io.out(r.Volumes.length ? `${r.Volumes.map((v) => v.Name).join('\n')}\n` : '');
  else io.out(`${table(['DRIVER', 'VOLUME NAME'], r.Volumes.map((v) => [v.Driver, v.Name]))}\n`);
  return 0;
}

export async function inspect(io: DockerIo, names: readonly string[]): Promise<number> {
  const out: unknown[] = [];
  for (const n of names) out.push((await call(io, { method: 'GET', path: `/volumes/${encodeURIComponent(n)}` })).body);
  io.out(`${JSON.stringify(out, null, 4)}\n`);
  return 0;
}

export async function rm(io: DockerIo, names: readonly string[], force: boolean): Promise<number> {
  let failed = 0;
  for (const n of names) {
    try {
      await call(io, { method: 'DELETE', path: `/volumes/${encodeURIComponent(n)}`, query: { force } });
      io.out(`${n}\n`);
    } catch (e) {
      failed++;
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}

export async function prune(io: DockerIo, all: boolean): Promise<number> {
  const r = (await call(io, { method: 'POST', path: '/volumes/prune', query: { filters: all ? JSON.stringify({ all: ['true'] }) : undefined } })).body as { VolumesDeleted: string[] };
  if (r.VolumesDeleted.length) io.out(`Deleted Volumes:\n${r.VolumesDeleted.join('\n')}\n\n`);
  io.out('Total reclaimed space: 0B\n');
  return 0;
}
