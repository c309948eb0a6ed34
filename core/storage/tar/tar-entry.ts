/**
 * One member of a tar archive, in memory. Layers are tar files (OCI image
 * spec, "Image Layer Filesystem Changeset"), so this is the unit the layer
 * store unpacks and the graph driver packs.
 */
export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarEntry {
  /** As stored: relative, `/`-separated, no trailing slash (directories keep none either). */
  readonly path: string;
  readonly type: TarEntryType;
  /** Permission bits including setuid/setgid/sticky (07777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly uname?: string;
  readonly gname?: string;
  /** Seconds since the epoch. */
  readonly mtime: number;
  /** Target of a symlink, or the member a hardlink points at. */
  readonly linkname?: string;
  readonly devmajor?: number;
  readonly devminor?: number;
  /** Content of a regular file; absent (empty) for every other type. */
  readonly data?: Uint8Array;
  /** Extended attributes (pax `SCHILY.xattr.*`), e.g. `security.capability`. */
  readonly xattrs?: Readonly<Record<string, string>>;
}

export const BLOCK = 512;

export const TYPE_FLAGS: Readonly<Record<TarEntryType, string>> = {
  file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6',
};
