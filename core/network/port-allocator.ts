import { portInUse, portsExhausted } from './network-errors.js';
import type { PortMapping, PortProto } from './port-spec.js';

/** A published port with its host port chosen. Plain JSON, kept with the container. */
export interface PortBinding {
  readonly container: string;
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly proto: PortProto;
}

export interface PortAllocatorState {
  readonly bindings: readonly PortBinding[];
  /** Last random port handed out per protocol: the next search starts after it. */
  readonly last: Readonly<Partial<Record<PortProto, number>>>;
}

/** Where random host ports come from: Linux's default ephemeral range, as Docker uses. */
export const DYNAMIC_PORTS = { first: 49153, last: 65535 } as const;

/**
 * Host ports across all containers of one engine. It catches clashes between
 * containers (Docker's "port is already allocated"); a clash with some other
 * program on the host shows up only when the userland proxy binds.
 */
export class PortAllocator {
  private readonly bindings: PortBinding[];
  private readonly last: Partial<Record<PortProto, number>>;

  constructor(state: PortAllocatorState = { bindings: [], last: {} }, private readonly range: { first: number; last: number } = DYNAMIC_PORTS) {
    this.bindings = [...state.bindings];
    this.last = { ...state.last };
  }

  toJSON(): PortAllocatorState {
    return { bindings: [...this.bindings], last: { ...this.last } };
  }

  bindingsOf(container: string): PortBinding[] {
    return this.bindings.filter((b) => b.container === container);
  }

  /** Binds all of a container's mappings, or none of them. */
  bindAll(container: string, mappings: readonly PortMapping[]): PortBinding[] {
    const made: PortBinding[] = [];
    try {
      for (const m of mappings) made.push(this.bind(container, m));
    } catch (e) {
      for (const b of made) this.remove(b);
      throw e;
    }
    return made;
  }

  bind(container: string, m: PortMapping): PortBinding {
    const hostPort = m.hostPort === null ? this.randomPort(m) : this.fixedPort(m, m.hostPort, m.hostPortEnd ?? m.hostPort);
    const b: PortBinding = { container, hostIp: m.hostIp, hostPort, containerPort: m.containerPort, proto: m.proto };
    this.bindings.push(b);
    return b;
  }

  releaseContainer(container: string): void {
    for (const b of this.bindingsOf(container)) this.remove(b);
  }

  private remove(b: PortBinding): void {
    const i = this.bindings.indexOf(b);
    if (i >= 0) this.bindings.splice(i, 1);
  }

  private taken(hostIp: string, port: number, proto: PortProto): boolean {
    // 0.0.0.0 covers every address, so it clashes with any specific one.
    return this.bindings.some((b) => b.proto === proto && b.hostPort === port && (b.hostIp === hostIp || b.hostIp === '' || hostIp === ''));
  }

  private fixedPort(m: PortMapping, first: number, last: number): number {
    for (let p = first; p <= last; p++) if (!this.taken(m.hostIp, p, m.proto)) return p;
    throw portInUse(m.hostIp || '0.0.0.0', first);
  }

  private randomPort(m: PortMapping): number {
    const { first, last } = this.range;
    const start = (this.last[m.proto] ?? first - 1) + 1;
    for (let i = 0; i <= last - first; i++) {
      const p = first + ((start - first + i) % (last - first + 1));
      if (!this.taken(m.hostIp, p, m.proto)) {
        this.last[m.proto] = p;
        return p;
      }
    }
    throw portsExhausted(m.proto);
  }
}
