/**
 * docker's units.HumanSize: decimal units, four significant digits, no
 * trailing zeros (Go's %.4g): 0B, 212B, 4.26MB, 16.43MB, 1.5GB. Some
 * columns (an image's or a container's SIZE) use three digits.
 */
export function goHumanSize(bytes: number, precision = 4): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${Number(v.toPrecision(precision))}${units[u]}`;
}

/**
 * docker's tables (Go's tabwriter, minwidth 10, padding 3): every column
 * but the last is at least ten wide and three wider than its longest cell.
 */
export function goTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(10, Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)) + 3));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('').trimEnd()).join('\n');
}
