/**
 * Turns call arguments and results into JSON-safe data for a trace: bytes
 * become a short preview, functions and promises are dropped, depth is bounded.
 */
export function summarize(value: unknown, depth = 4): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (typeof value) {
    case 'string':
      return value.length > 512 ? `${value.slice(0, 512)}…(${value.length} chars)` : value;
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value instanceof Uint8Array) return bytesPreview(value);
  if (typeof (value as { then?: unknown }).then === 'function') return undefined;
  if (depth <= 0) return '…';
  if (Array.isArray(value)) return value.slice(0, 64).map((v) => summarize(v, depth - 1) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const s = summarize(v, depth - 1);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function bytesPreview(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 64);
  const printable = head.every((b) => b === 9 || b === 10 || (b >= 32 && b < 127));
  if (printable) {
    const text = new TextDecoder().decode(head);
    return bytes.length > head.length ? `${text}…(${bytes.length} bytes)` : text;
  }
  return `<${bytes.length} bytes>`;
}
