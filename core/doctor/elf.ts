/**
 * Reads just enough of an ELF header to tell whether a binary is statically
 * linked (no PT_INTERP program header): a static busybox runs in any rootfs.
 */
const PT_INTERP = 3;

export function isStaticElf(bytes: Uint8Array): boolean {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new Error('not an ELF file');
  }
  const is64 = bytes[4] === 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = bytes[5] === 1;
  const phoff = is64 ? Number(view.getBigUint64(32, le)) : view.getUint32(28, le);
  const phentsize = view.getUint16(is64 ? 54 : 42, le);
  const phnum = view.getUint16(is64 ? 56 : 44, le);
  for (let i = 0; i < phnum; i++) {
    const off = phoff + i * phentsize;
    if (off + 4 > bytes.length) throw new Error('truncated ELF program headers');
    if (view.getUint32(off, le) === PT_INTERP) return false;
  }
  return true;
}
