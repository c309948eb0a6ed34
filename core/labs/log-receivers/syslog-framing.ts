/**
 * Syslog over a TCP stream, RFC 6587: a frame is either octet-counted
 * (`LEN SP MSG`, what RFC 5425 senders use) or ends at a newline (what
 * Docker's driver sends over plain tcp). As the RFC asks of a receiver,
 * the first character of each frame tells which: a digit means a count.
 */
export class SyslogFramer {
  private buf = new Uint8Array(0);
  private readonly dec = new TextDecoder();

  /** Bytes from one read; returns the messages they completed, in order. */
  push(chunk: Uint8Array): string[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    const out: string[] = [];
    let at = 0;
    for (;;) {
      const next = this.frame(joined, at);
      if (!next) break;
      out.push(next.text);
      at = next.end;
    }
    this.buf = joined.slice(at);
    return out;
  }

  /** What was left without an ending when the sender closed: a last message without its newline. */
  flush(): string[] {
    const rest = this.dec.decode(this.buf).replace(/^\n+/, '');
    this.buf = new Uint8Array(0);
    return rest ? [rest] : [];
  }

  private frame(b: Uint8Array, at: number): { text: string; end: number } | null {
    while (at < b.length && b[at] === 0x0a) at++;
    if (at >= b.length) return null;
    if (b[at]! >= 0x30 && b[at]! <= 0x39) {
      let i = at;
      let len = 0;
      while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) len = len * 10 + (b[i++]! - 0x30);
      if (i >= b.length) return null;
      if (b[i] === 0x20) {
        const start = i + 1;
        if (b.length < start + len) return null;
        return { text: this.dec.decode(b.subarray(start, start + len)), end: start + len };
      }
    }
    const nl = b.indexOf(0x0a, at);
    if (nl < 0) return null;
    return { text: this.dec.decode(b.subarray(at, nl)), end: nl + 1 };
  }
}
