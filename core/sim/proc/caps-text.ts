/** A capability mask as /proc/PID/status shows it: 16 hex digits. */
export function capHexOf(mask: bigint): string {
  return mask.toString(16).padStart(16, '0');
}
