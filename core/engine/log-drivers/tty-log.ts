import type { Kernel } from '../../kernel/kernel.js';

/** Docker's json-file time: RFC 3339 with nine fraction digits. */
function rfc3339Nano(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  const ns = String(Math.round((ms % 1000) * 1e6)).padStart(9, '0');
  return `${iso.slice(0, 19)}.${ns}Z`;
}

/**
 * A TTY container's log. Its output comes through the pty master the
 * engine holds, not through the shim's pipes, so the engine appends the
 * json-file lines itself (all on stdout: a terminal has one stream).
 */
export function ttyLogWriter(kernel: Kernel, path: string): (chunk: Uint8Array) => void {
  let pending = '';
  let chain = Promise.resolve();
  const dec = new TextDecoder();
  return (chunk) => {
    pending += dec.decode(chunk);
    const end = pending.lastIndexOf('\n') + 1;
    if (end === 0) return;
    const lines = pending.slice(0, end).split(/(?<=\n)/);
    pending = pending.slice(end);
    const text = lines.map((l) => `${JSON.stringify({ log: l, stream: 'stdout', time: rfc3339Nano(kernel.now()) })}\n`).join('');
    // One append after another: lines keep their order.
    chain = chain.then(() => kernel.writeFile(path, text, { append: true, mode: 0o640 })).catch(() => {});
  };
}
