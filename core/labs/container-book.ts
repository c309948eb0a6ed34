import type { ApiContext } from '../api/api-context.js';
import type { ContainerRecordV1 } from '../engine/model.js';

/**
 * The names a lab gave its containers and the ids they had. A removed
 * container is gone from the engine, but a lab still asks about it ("is its
 * writable layer gone?"), so ids are remembered for the whole run.
 */
export class ContainerBook {
  private readonly ids = new Map<string, string>();

  constructor(private readonly ctx: ApiContext) {
    // --rm containers come and go within one command; the engine's events still name them.
    ctx.engine.events.subscribe((e) => {
      const name = e.attributes['name'];
      if (e.Type === 'container' && e.Action === 'create' && name) this.ids.set(name, e.id);
    });
  }

  /** Notes every container the engine has now; called after each command. */
  refresh(): void {
    for (const c of this.ctx.engine.list(true)) this.ids.set(c.Name.replace(/^\//, ''), c.Id);
  }

  /** Every container the lab has made, by name. */
  names(): string[] {
    return [...this.ids.keys()];
  }

  idOf(name: string): string | null {
    return this.record(name)?.Id ?? this.ids.get(name) ?? null;
  }

  /** The engine's record while the container exists. */
  record(name: string): ContainerRecordV1 | null {
    try {
      return this.ctx.engine.resolve(name);
    } catch {
      return null;
    }
  }

  /** Host pid of the container's first process, or null when it is not running. */
  pid(name: string): number | null {
    const rec = this.record(name);
    return rec?.State.Running && rec.State.Pid > 0 ? rec.State.Pid : null;
  }
}
