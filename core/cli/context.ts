import type { EnginePaths } from '../config.js';
import type { Kernel } from '../kernel/kernel.js';

/** What a CLI command may use: the kernel, the paths and two text outputs. */
export interface CliContext {
  readonly kernel: Kernel;
  readonly paths: EnginePaths;
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
}

/** A command returns its exit code. */
export type CommandRun = (ctx: CliContext, argv: readonly string[]) => Promise<number>;
