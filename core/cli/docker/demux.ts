/** Splits Docker's multiplexed stream (8-byte headers) back into stdout and stderr chunks. */
export async function* demux(source: AsyncIterable<Uint8Array>): AsyncGenerator<{ stream: 'stdout' | 'stderr'; data: Uint8Array }> {
  let buf = new Uint8Array(0);
  for await (const chunk of source) {
    const next = new Uint8Array(buf.length + chunk.length);
    next.set(buf);
    next.set(chunk, buf.length);
    buf = next;
    while (buf.length >= 8) {
      const size = new DataView(buf.buffer, buf.byteOffset, 8).getUint32(4, false);
      if (buf.length < 8 + size) break;
      yield { stream: buf[0] === 2 ? 'stderr' : 'stdout', data: buf.slice(8, 8 + size) };
      buf = buf.slice(8 + size);
    }
  }
}
