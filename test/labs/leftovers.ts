import { readFileSync, readdirSync, existsSync } from 'node:fs';
import type { LabEvent } from '../../core/labs/lab-events.js';

/** Container ids a run mentioned in its observations. */
export function containerIds(events: readonly LabEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.type !== 'observation') continue;
    if (e.observation.kind === 'containers') for (const c of e.observation.containers) ids.add(c.id);
    if (e.observation.kind === 'layers' && e.observation.containerId) ids.add(e.observation.containerId);
  }
  return [...ids];
}

/** Whatever a lab sandbox could leave on the real host: netns, mounts, temp dirs, cgroups, processes. */
export function leftovers(prefix: string, ids: readonly string[]): string[] {
  const found: string[] = [];
  if (existsSync('/run/netns')) found.push(...readdirSync('/run/netns').filter((n) => n.startsWith(prefix)).map((n) => `netns ${n}`));
  found.push(...readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(`/${prefix}`)).map((l) => `mount ${l.split(' ')[4]}`));
  found.push(...readdirSync('/tmp').filter((n) => n.startsWith(prefix)).map((n) => `dir /tmp/${n}`));
  for (const h of readdirSync('/sys/fs/cgroup')) {
    for (const id of ids) if (existsSync(`/sys/fs/cgroup/${h}/dockbook/${id}`)) found.push(`cgroup ${h}/dockbook/${id}`);
  }
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(prefix)) found.push(`process ${pid}`);
    } catch { /* it ended meanwhile */ }
  }
  return found;
}
