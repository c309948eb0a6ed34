/**
 * The few globals both Node and a browser worker provide, declared by hand so
 * that core code compiles with no Node and no DOM types: anything beyond this
 * list must come through the Kernel.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  /** `stream`: a multi-byte character split across chunks waits for the rest. */
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare function setTimeout(handler: () => void, ms?: number): unknown;
declare function setInterval(handler: () => void, ms?: number): unknown;
declare function clearInterval(id: unknown): void;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(cb: () => void): void;
declare const console: {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
};
