import type { Kernel } from '../kernel/kernel.js';
import type { ContainerRecordV1 } from './model.js';

/** Containers on disk, one directory each, as dockerd keeps them: `<root>/containers/<id>/config.v2.json`. */
export class ContainerStore {
  private readonly byId = new Map<string, ContainerRecordV1>();

  constructor(private readonly kernel: Kernel, private readonly root: string) {}

  dir(id: string): string {
    return `${this.root}/containers/${id}`;
  }

  async load(): Promise<ContainerRecordV1[]> {
    const base = `${this.root}/containers`;
    if (!(await this.kernel.exists(base))) return [];
    for (const e of await this.kernel.readdir(base)) {
      const file = `${base}/${e.name}/config.v2.json`;
      if (!(await this.kernel.exists(file))) continue;
      try {
        const rec = JSON.parse(await this.kernel.readText(file)) as ContainerRecordV1;
        this.byId.set(rec.Id, rec);
      } catch { /* a half-written record is skipped; the write is atomic, so this is a foreign file */ }
    }
    return [...this.byId.values()];
  }

  all(): ContainerRecordV1[] {
    return [...this.byId.values()];
  }

  get(id: string): ContainerRecordV1 | undefined {
    return this.byId.get(id);
  }

  async save(rec: ContainerRecordV1): Promise<void> {
    this.byId.set(rec.Id, rec);
    const dir = this.dir(rec.Id);
    await this.kernel.mkdir(dir, { recursive: true, mode: 0o700 });
    await this.kernel.writeFile(`${dir}/config.v2.json.tmp`, JSON.stringify(rec));
    await this.kernel.rename(`${dir}/config.v2.json.tmp`, `${dir}/config.v2.json`);
  }

  async delete(id: string): Promise<void> {
    this.byId.delete(id);
    await this.kernel.remove(this.dir(id), { recursive: true, force: true });
  }
}
