/**
 * Docker's stream multiplexing for attach and logs without a TTY: each chunk
 * is preceded by 8 bytes — the stream (1 stdout, 2 stderr), three zeros, and
 * the length as a big-endian u32.
 */
export function frame(stream: 'stdout' | 'stderr', data: string | Uint8Array): Uint8Array {
  const payload = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const out = new Uint8Array(8 + payload.length);
  out[0] = stream === 'stdout' ? 1 : 2;
  new DataView(out.buffer).setUint32(4, payload.length, false);
  out.set(payload, 8);
  return out;
}
