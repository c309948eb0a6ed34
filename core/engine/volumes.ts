import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { EngineEvents } from './events.js';
import { hex } from './names.js';

export interface Volume {
  readonly Name: string;
  readonly Driver: 'local';
  readonly Mountpoint: string;
  readonly CreatedAt: string;
  readonly Labels: Record<string, string>;
  readonly Scope: 'local';
  readonly Options: Record<string, string>;
  /** Created for one container (`-v /data`): removed with it by `rm -v` or `--rm`. */
  readonly Anonymous: boolean;
}

const NAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/**
 * Named volumes of the local driver, as Docker keeps them:
 * `<root>/volumes/<name>/_data` is what a container sees, the rest is ours.
 */
export class VolumeStore {
  constructor(private readonly kernel: Kernel, private readonly root: string, private readonly events?: EngineEvents) {}

  private dir(name: string): string {
    return `${this.root}/volumes/${name}`;
  }

  async get(name: string): Promise<Volume | null> {
    const text = await this.kernel.readText(`${this.dir(name)}/volume.json`).catch(() => null);
    return text ? (JSON.parse(text) as Volume) : null;
  }

  /** Creates the volume, or returns it when it exists (as `docker volume create` does). */
  async create(name: string | null, opts: { labels?: Record<string, string>; anonymous?: boolean } = {}): Promise<Volume> {
    const volumeName = name ?? hex(this.kernel.random(32));
    if (!NAME_RE.test(volumeName)) {
      throw new DockbookError('E_INVALID_ARGUMENT', `create ${volumeName}: "${volumeName}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`);
    }
    const existing = await this.get(volumeName);
    if (existing) return existing;
    const v: Volume = {
      Name: volumeName, Driver: 'local', Mountpoint: `${this.dir(volumeName)}/_data`, CreatedAt: new Date(this.kernel.now()).toISOString(),
      Labels: opts.labels ?? {}, Scope: 'local', Options: {}, Anonymous: opts.anonymous ?? false,
    };
    await this.kernel.mkdir(v.Mountpoint, { recursive: true, mode: 0o755 });
    await this.kernel.writeFile(`${this.dir(volumeName)}/volume.json`, JSON.stringify(v));
    this.events?.volume('create', volumeName, { driver: 'local' });
    return v;
  }

  async list(): Promise<Volume[]> {
    const base = `${this.root}/volumes`;
    if (!(await this.kernel.exists(base))) return [];
    const out: Volume[] = [];
    for (const e of await this.kernel.readdir(base)) {
      const v = await this.get(e.name);
      if (v) out.push(v);
    }
    return out.sort((a, b) => a.Name.localeCompare(b.Name));
  }

  async remove(name: string, usedBy: readonly string[]): Promise<void> {
    if (!(await this.get(name))) throw new DockbookError('E_NOT_FOUND', `get ${name}: no such volume`);
    if (usedBy.length) {
      throw new DockbookError('E_CONFLICT', `remove ${name}: volume is in use - [${usedBy.join(', ')}]`, { hint: 'remove the containers that use it first' });
    }
    await this.kernel.remove(this.dir(name), { recursive: true, force: true });
    this.events?.volume('destroy', name, { driver: 'local' });
  }
}
