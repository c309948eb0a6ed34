import { DockbookError } from '../errors.js';

/**
 * The web platform's streams, as Node 20 and browser workers both provide
 * them. Declared structurally here because engine code compiles without DOM
 * or Node types.
 */
interface WebStreams {
  readonly DecompressionStream?: new (format: 'gzip') => object;
  readonly Blob: new (parts: Uint8Array[]) => { stream(): { pipeThrough(t: object): unknown } };
  readonly Response: new (body: unknown) => { arrayBuffer(): Promise<ArrayBuffer> };
}

export function isGzip(data: Uint8Array): boolean {
  return data[0] === 0x1f && data[1] === 0x8b;
}

function isZstd(data: Uint8Array): boolean {
  return data[0] === 0x28 && data[1] === 0xb5 && data[2] === 0x2f && data[3] === 0xfd;
}

/** A layer as a plain tar: gzip is undone (registries and skopeo compress layers); anything else passes through. */
export async function plainLayer(data: Uint8Array): Promise<Uint8Array> {
  if (isZstd(data)) throw new DockbookError('E_UNSUPPORTED', 'zstd-compressed layers are not supported', { hint: 'save or copy the image with gzip or uncompressed layers' });
  if (!isGzip(data)) return data;
  const web = globalThis as unknown as WebStreams;
  if (!web.DecompressionStream) throw new DockbookError('E_UNSUPPORTED', 'this platform cannot decompress gzip', {});
  const stream = new web.Blob([data]).stream().pipeThrough(new web.DecompressionStream('gzip'));
  return new Uint8Array(await new web.Response(stream).arrayBuffer());
}
