import { humanDuration } from '../../api/human-time.js';
import { call, type DockerIo } from './docker-io.js';
import { goHumanSize, goTable } from './go-format.js';

interface DfImage { Id: string; RepoTags: string[]; Created: number; Size: number; SharedSize: number; Containers: number }
interface DfContainer { Id: string; Names: string[]; Image: string; Command: string; Created: number; State: string; Status: string; SizeRw: number; Mounts: { Type: string }[] }
interface DfVolume { Name: string; UsageData: { Size: number; RefCount: number } }
interface DfBody { LayersSize: number; Images: DfImage[]; Containers: DfContainer[]; Volumes: DfVolume[] }

/** "71B (100%)": the percent is Go's integer division, and there is none when the total is 0. */
function reclaimable(bytes: number, total: number): string {
  return total > 0 ? `${goHumanSize(bytes)} (${Math.floor((bytes * 100) / total)}%)` : goHumanSize(bytes);
}

function command(cmd: string): string {
  return JSON.stringify(cmd.length > 20 ? `${cmd.slice(0, 19)}…` : cmd);
}

/** `docker system df [-v]`: the summary by type, or (-v) a table per type, as docker 28 prints them. */
export async function systemDf(io: DockerIo, verbose: boolean, now: number): Promise<number> {
  const df = (await call(io, { method: 'GET', path: '/system/df' })).body as DfBody;
  const ago = (seconds: number) => `${humanDuration(now - seconds * 1000)} ago`;
  if (!verbose) {
    // Docker counts an in-use image's unique bytes as used (Size - SharedSize); the rest of LayersSize is reclaimable.
    const usedImages = df.Images.filter((i) => i.Containers > 0);
    const imageUsed = usedImages.reduce((n, i) => n + i.Size - i.SharedSize, 0);
    const running = df.Containers.filter((c) => c.State === 'running' || c.State === 'paused');
    const containerSize = df.Containers.reduce((n, c) => n + c.SizeRw, 0);
    const containerFree = df.Containers.filter((c) => !running.includes(c)).reduce((n, c) => n + c.SizeRw, 0);
    const volumeSize = df.Volumes.reduce((n, v) => n + Math.max(0, v.UsageData.Size), 0);
    const volumeFree = df.Volumes.filter((v) => v.UsageData.RefCount === 0).reduce((n, v) => n + Math.max(0, v.UsageData.Size), 0);
    io.out(`${goTable(['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'], [
      ['Images', String(df.Images.length), String(usedImages.length), goHumanSize(df.LayersSize), reclaimable(df.LayersSize - imageUsed, df.LayersSize)],
      ['Containers', String(df.Containers.length), String(running.length), goHumanSize(containerSize), reclaimable(containerFree, containerSize)],
      ['Local Volumes', String(df.Volumes.length), String(df.Volumes.filter((v) => v.UsageData.RefCount > 0).length), goHumanSize(volumeSize), reclaimable(volumeFree, volumeSize)],
      ['Build Cache', '0', '0', '0B', '0B'],
    ])}\n`);
    return 0;
  }
  const images = goTable(['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE', 'SHARED SIZE', 'UNIQUE SIZE', 'CONTAINERS'], df.Images.map((i) => {
    // Only the first tag is shown, as docker does.
    const first = i.RepoTags[0];
    const colon = first ? first.lastIndexOf(':') : -1;
    const [repo, tag] = first && colon > first.lastIndexOf('/') ? [first.slice(0, colon), first.slice(colon + 1)] : ['<none>', '<none>'];
    return [repo, tag, i.Id.replace('sha256:', '').slice(0, 12), ago(i.Created), goHumanSize(i.Size, 3), goHumanSize(i.SharedSize), goHumanSize(i.Size - i.SharedSize), String(i.Containers)];
  }));
  const containers = goTable(['CONTAINER ID', 'IMAGE', 'COMMAND', 'LOCAL VOLUMES', 'SIZE', 'CREATED', 'STATUS', 'NAMES'], df.Containers.map((c) => [
    c.Id.slice(0, 12), c.Image, command(c.Command), String(c.Mounts.filter((m) => m.Type === 'volume').length), goHumanSize(c.SizeRw, 3), ago(c.Created), c.Status, c.Names.map((n) => n.replace(/^\//, '')).join(','),
  ]));
  const volumes = goTable(['VOLUME NAME', 'LINKS', 'SIZE'], df.Volumes.map((v) => [v.Name, String(v.UsageData.RefCount), goHumanSize(Math.max(0, v.UsageData.Size))]));
  io.out([
    'Images space usage:', '', images, '',
    'Containers space usage:', '', containers, '',
    'Local Volumes space usage:', '', volumes, '',
    'Build cache usage: 0B', '', goTable(['CACHE ID', 'CACHE TYPE', 'SIZE', 'CREATED', 'LAST USED', 'USAGE', 'SHARED'], []), '',
  ].join('\n'));
  return 0;
}

/**
 * `docker system prune [-a] [--volumes] [-f]`: stopped containers, unused
 * networks, (anonymous volumes), dangling (or with -a all unused) images,
 * build cache — each section printed when it removed something, then the
 * total.
 */
export async function systemPrune(io: DockerIo, opts: { all: boolean; volumes: boolean; force: boolean }): Promise<number> {
  if (!opts.force) {
    io.err([
      'WARNING! This will remove:',
      '  - all stopped containers',
      '  - all networks not used by at least one container',
      ...(opts.volumes ? ['  - all anonymous volumes not used by at least one container'] : []),
      opts.all ? '  - all images without at least one container associated to them' : '  - all dangling images',
      '  - unused build cache',
      '',
      'Are you sure you want to continue? [y/N] ',
    ].join('\n'));
    const answer = io.stdin ? new TextDecoder().decode(await io.stdin()).trim().toLowerCase() : '';
    if (answer !== 'y' && answer !== 'yes') {
      io.err('system prune has been cancelled\n');
      return 1;
    }
  }
  let space = 0;
  const section = (title: string, lines: readonly string[]) => { if (lines.length) io.out(`${title}\n${lines.join('\n')}\n\n`); };
  const containers = (await call(io, { method: 'POST', path: '/containers/prune' })).body as { ContainersDeleted: string[] | null; SpaceReclaimed: number };
  space += containers.SpaceReclaimed;
  section('Deleted Containers:', containers.ContainersDeleted ?? []);
  const networks = (await call(io, { method: 'POST', path: '/networks/prune' })).body as { NetworksDeleted: string[] | null };
  section('Deleted Networks:', networks.NetworksDeleted ?? []);
  if (opts.volumes) {
    const volumes = (await call(io, { method: 'POST', path: '/volumes/prune' })).body as { VolumesDeleted: string[] | null; SpaceReclaimed: number };
    space += volumes.SpaceReclaimed;
    section('Deleted Volumes:', volumes.VolumesDeleted ?? []);
  }
  const images = (await call(io, { method: 'POST', path: '/images/prune', query: { filters: opts.all ? JSON.stringify({ dangling: ['false'] }) : undefined } })).body as {
    ImagesDeleted: ({ Untagged: string } | { Deleted: string })[] | null; SpaceReclaimed: number;
  };
  space += images.SpaceReclaimed;
  section('Deleted Images:', (images.ImagesDeleted ?? []).map((l) => ('Untagged' in l ? `untagged: ${l.Untagged}` : `deleted: ${l.Deleted}`)));
  io.out(`Total reclaimed space: ${goHumanSize(space)}\n`);
  return 0;
}
