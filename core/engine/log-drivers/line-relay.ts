/**
 * The shim's cut of a stream into lines: each complete line (with its
 * newline) as it arrives, and a partial last line when the stream closes.
 */
export function lineRelay(onLine: (line: string) => void): { write(d: Uint8Array): void; close(): void } {
  let pending = '';
  const dec = new TextDecoder();
  return {
    write(d) {
      pending += dec.decode(d);
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        onLine(pending.slice(0, nl + 1));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    },
    close() {
      if (pending) onLine(pending);
      pending = '';
    },
  };
}
