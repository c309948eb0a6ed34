import type { Kernel } from '../kernel/kernel.js';
import type { Observation } from '../../labs/observation-types.js';

/** Kernel calls after which the network looks different: links, addresses, routes, namespaces, a container coming or going. */
const NETWORK_CHANGING = new Set(['linkAdd', 'linkSet', 'linkDelete', 'addrAdd', 'routeAdd', 'netnsCreate', 'netnsDelete', 'containerSpawn', 'kill']);

/** How long after such a call the topology is read: a burst of calls (one container's veth is five or six) gives one reading. */
export const LIVE_REDRAW_MS = 40;

/**
 * Reads the network again shortly after calls that change it, while a
 * step's commands run, so the panel redraws as the veth appears rather
 * than when the step ends. Calls that end while a reading is waiting or
 * under way fold into one more reading after it.
 */
export class LiveTopology {
  private running: Promise<void> | null = null;
  private again = false;
  private on = false;

  constructor(
    private readonly kernel: Kernel,
    private readonly read: () => Promise<Observation>,
    private readonly show: (o: Observation) => void,
  ) {}

  start(): void {
    this.on = true;
  }

  callEnded(call: string): void {
    if (!this.on || !NETWORK_CHANGING.has(call)) return;
    this.again = true;
    this.running ??= this.readSoon();
  }

  /** No more readings; waits for one under way, so nothing live arrives after the step's own observations. */
  async stop(): Promise<void> {
    this.on = false;
    this.again = false;
    await this.running;
  }

  private async readSoon(): Promise<void> {
    try {
      while (this.again && this.on) {
        await this.kernel.sleep(LIVE_REDRAW_MS);
        if (!this.on) return;
        // Calls up to here are in this reading; calls during it ask for one more.
        this.again = false;
        let seen: Observation;
        try {
          seen = await this.read();
        } catch {
          // Read mid-change (a namespace going away, a state file being written): the next call or the step's end draws it.
          continue;
        }
        if (this.on) this.show(seen);
      }
    } finally {
      // No await between the loop's last test and here, so no call can slip between them unread.
      this.running = null;
    }
  }
}
