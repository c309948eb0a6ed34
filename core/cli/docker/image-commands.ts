import { call, table, type DockerIo } from './docker-io.js';
import { humanSize } from './system-commands.js';

export async function diff(io: DockerIo, id: string): Promise<number> {
  const rows = (await call(io, { method: 'GET', path: `/containers/${id}/changes` })).body as { Path: string; Kind: 0 | 1 | 2 }[];
  const letter = ['C', 'A', 'D'] as const;
  if (rows.length) io.out(`${rows.map((r) => `${letter[r.Kind]} ${r.Path}`).join('\n')}\n`);
  return 0;
}

export async function commit(io: DockerIo, container: string, reference: string | undefined, opts: { author?: string; message?: string }): Promise<number> {
  let repo: string | undefined;
  let tag: string | undefined;
  if (reference) {
    const colon = reference.lastIndexOf(':');
    [repo, tag] = colon > reference.lastIndexOf('/') ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, undefined];
  }
  const r = await call(io, { method: 'POST', path: '/commit', query: { container, repo, tag, author: opts.author, comment: opts.message } });
  io.out(`${(r.body as { Id: string }).Id}\n`);
  return 0;
}

export async function history(io: DockerIo, name: string, noTrunc: boolean, now: number): Promise<number> {
  const rows = (await call(io, { method: 'GET', path: `/images/${encodeURIComponent(name)}/history` })).body as { Id: string; Created: number; CreatedBy: string; Size: number; Comment: string }[];
  io.out(`${table(['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], rows.map((r) => [
    r.Id === '<missing>' || noTrunc ? r.Id : r.Id.replace('sha256:', '').slice(0, 12),
    `${Math.max(0, Math.round((now / 1000 - r.Created) / 60))} minutes ago`,
    noTrunc || r.CreatedBy.length <= 45 ? r.CreatedBy : `${r.CreatedBy.slice(0, 44)}…`,
    humanSize(r.Size),
    r.Comment,
  ]))}\n`);
  return 0;
}

export async function tag(io: DockerIo, source: string, target: string): Promise<number> {
  const colon = target.lastIndexOf(':');
  const [repo, t] = colon > target.lastIndexOf('/') ? [target.slice(0, colon), target.slice(colon + 1)] : [target, 'latest'];
  await call(io, { method: 'POST', path: `/images/${encodeURIComponent(source)}/tag`, query: { repo, tag: t } });
  return 0;
}

export async function rmi(io: DockerIo, names: readonly string[], force: boolean): Promise<number> {
  let failed = 0;
  for (const name of names) {
    try {
      const lines = (await call(io, { method: 'DELETE', path: `/images/${encodeURIComponent(name)}`, query: { force } })).body as ({ Untagged: string } | { Deleted: string })[];
      io.out(`${lines.map((l) => ('Untagged' in l ? `Untagged: ${l.Untagged}` : `Deleted: ${l.Deleted}`)).join('\n')}\n`);
    } catch (e) {
      failed++;
      io.err(`${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}

export async function prune(io: DockerIo, all: boolean): Promise<number> {
  const r = (await call(io, { method: 'POST', path: '/images/prune', query: { filters: all ? JSON.stringify({ dangling: ['false'] }) : undefined } })).body as { ImagesDeleted: ({ Untagged: string } | { Deleted: string })[]; SpaceReclaimed: number };
  if (r.ImagesDeleted.length) {
    io.out(`Deleted Images:\n${r.ImagesDeleted.map((l) => ('Untagged' in l ? `untagged: ${l.Untagged}` : `deleted: ${l.Deleted}`)).join('\n')}\n\n`);
  }
  io.out(`Total reclaimed space: ${humanSize(r.SpaceReclaimed)}\n`);
  return 0;
}
