/**
 * The bytes of the simulated /bin/busybox: a minimal static x86-64 ELF
 * header (no PT_INTERP, so the doctor's isStaticElf says static) followed by
 * a marker that tells the simulator's exec to run its emulated applets.
 */
export const BUSYBOX_MARKER = 'DOCKBOOK-SIM-BUSYBOX v1.36.1';

export function busyboxImage(): Uint8Array {
  const out = new Uint8Array(64 + 56 + 64);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 62, true); // x86-64
  v.setUint32(20, 1, true);
  v.setBigUint64(24, 0x401000n, true);
  v.setBigUint64(32, 64n, true); // program headers right after the ELF header
  v.setUint16(52, 64, true);
  v.setUint16(54, 56, true);
  v.setUint16(56, 1, true);
  v.setUint32(64, 1, true); // PT_LOAD
  out.set(new TextEncoder().encode(BUSYBOX_MARKER), 64 + 56);
  return out;
}

export function isSimBusybox(bytes: Uint8Array): boolean {
  if (bytes.length < 64 + 56 + BUSYBOX_MARKER.length) return false;
  return new TextDecoder().decode(bytes.subarray(64 + 56, 64 + 56 + BUSYBOX_MARKER.length)) === BUSYBOX_MARKER;
}
