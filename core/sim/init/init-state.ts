import type { InitExecSpec } from '../../kernel/types.js';
import type { SimProcess } from '../process.js';

/**
 * A container's init while the engine builds it: which exec fifo it holds
 * open, and the exec it will perform once released.
 */
export class InitState {
  /** "dev:ino" of the exec fifo it opened, if any. */
  fifo: string | null = null;
  /** Set by initExec: what to run once the fifo is written (or at once without a fifo). */
  exec: { readonly spec: InitExecSpec; readonly program: string } | null = null;
  consoleSocket: string | null = null;
  private go!: () => void;
  readonly released: Promise<void>;
  private ready!: () => void;
  /** Resolves once initExec has set `exec`. */
  readonly execSet: Promise<void>;

  constructor(readonly proc: SimProcess, readonly shim: SimProcess) {
    this.released = new Promise((r) => { this.go = r; });
    this.execSet = new Promise((r) => { this.ready = r; });
  }

  release(): void {
    this.go();
  }

  armExec(spec: InitExecSpec, program: string): void {
    this.exec = { spec, program };
    this.ready();
  }
}
