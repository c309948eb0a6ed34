import { createRequire } from 'node:module';

type Koffi = typeof import('koffi');
type Library = ReturnType<Koffi['load']>;

let koffi: Koffi | null = null;
let libc: Library | null = null;

/**
 * koffi, loaded on first use. Its native addon costs a command about 50 ms
 * of CPU at start-up (measured with perf stat here), and most commands never
 * call libc directly: `dockbook-runtime run` talks to the shim over Node's own
 * pipes, and `state` only reads files.
 */
export function ffi(): Koffi {
  return (koffi ??= createRequire(import.meta.url)('koffi') as Koffi);
}

/** Bindings to libc made on first use; `make` declares them (lib.func(...)). */
export function libcBindings<T>(make: (lib: Library) => T): () => T {
  let made: T | null = null;
  return () => (made ??= make((libc ??= ffi().load('libc.so.6'))));
}
