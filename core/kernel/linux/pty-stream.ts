import tty from 'node:tty';
import type { PtyStream } from '../types.js';

/**
 * A pty master as a byte stream. Node's net.Socket refuses a tty fd, but
 * its tty streams take one: a ReadStream for what the terminal's programs
 * write, a WriteStream (on the same fd) for their keyboard. When the last
 * program closes the slave, reads fail with EIO: that is the end.
 */
export function ptyStream(masterFd: number): PtyStream {
  const input = new tty.ReadStream(masterFd);
  const output = new tty.WriteStream(masterFd);
  let closed = false;
  input.on('error', () => { input.push(null); });
  output.on('error', () => {});
  const source = (async function* () {
    try {
      for await (const chunk of input) yield new Uint8Array(chunk as Buffer);
    } catch { /* EIO: every slave holder is gone */ }
  })();
  return {
    source,
    sink: {
      write: (d) => new Promise((resolve) => {
        if (closed) return resolve();
        output.write(d, () => resolve());
      }),
      end: async () => {},
    },
    close: () => {
      if (closed) return;
      closed = true;
      // Both streams share the fd: destroying the reader closes it once.
      input.destroy();
    },
  };
}
