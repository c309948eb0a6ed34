import { call, table, type DockerIo } from './docker-io.js';

export async function version(io: DockerIo, clientVersion: string): Promise<number> {
  const v = (await call(io, { method: 'GET', path: '/version' })).body as { Version: string; ApiVersion: string; KernelVersion: string; Os: string; Arch: string };
  io.out([
    'Client:', ` Version:           ${clientVersion}`, ` API version:       ${v.ApiVersion}`, ` OS/Arch:           ${v.Os}/${v.Arch}`, '',
    'Server: dockbook', ' Engine:', `  Version:          ${v.Version}`, `  API version:      ${v.ApiVersion}`, `  OS/Arch:          ${v.Os}/${v.Arch}`, `  Kernel Version:   ${v.KernelVersion}`,
  ].join('\n') + '\n');
  return 0;
}

export async function images(io: DockerIo, quiet: boolean, now: number): Promise<number> {
  const list = (await call(io, { method: 'GET', path: '/images/json' })).body as { Id: string; RepoTags: string[]; Created: number; Size: number }[];
  const rows = list.flatMap((i) => (i.RepoTags.length ? i.RepoTags : ['<none>:<none>']).map((t) => {
    const colon = t.lastIndexOf(':');
    return [t.slice(0, colon), t.slice(colon + 1), i.Id.replace('sha256:', '').slice(0, 12), `${Math.max(0, Math.round((now / 1000 - i.Created) / 60))} minutes ago`, humanSize(i.Size)];
  }));
  if (quiet) io.out(rows.length ? `${rows.map((r) => r[2]).join('\n')}\n` : '');
  else io.out(`${table(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], rows)}\n`);
  return 0;
}

/** Sizes as docker prints them (decimal units). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${v < 10 && u > 0 ? v.toFixed(2) : v < 100 && u > 0 ? v.toFixed(1) : Math.round(v)}${units[u]}`;
}
