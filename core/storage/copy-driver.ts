import { major, minor } from '../kernel/device-numbers.js';
import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { FileStat } from '../kernel/types.js';
import type { Change, GraphDriver } from './graph-driver.js';
import { mergedView, type MergedNode } from './merged-view.js';
import type { TarEntry } from './tar/tar-entry.js';
import { writeTar } from './tar/tar-writer.js';
import { walkTree, type TreeNode } from './walk-tree.js';
import { WHITEOUT_PREFIX } from './whiteouts.js';

/**
 * The fallback where overlayfs is unavailable (Docker's `vfs`): each
 * container gets a full copy of its image's merged layers in
 * `<root>/copy/<container>/rootfs`. Nothing is shared and creation costs a
 * copy of the whole image, which is exactly the cost copy-on-write avoids.
 * diff compares the copy with the layers it was made from.
 */
export class CopyDriver implements GraphDriver {
  readonly name = 'copy' as const;
  private readonly dir: string;

  constructor(private readonly kernel: Kernel, root: string) {
    this.dir = `${root}/copy`;
  }

  rootfs(containerId: string): string {
    return `${this.dir}/${containerId}/rootfs`;
  }

  async create(containerId: string, lowerDirs: readonly string[]): Promise<void> {
    const base = `${this.dir}/${containerId}`;
    if (await this.kernel.exists(base)) throw new DockbookError('E_EXISTS', `the writable layer of ${containerId} already exists`, {});
    await this.kernel.mkdir(this.rootfs(containerId), { recursive: true, mode: 0o755 });
    await this.kernel.writeFile(`${base}/lower`, lowerDirs.join(':'));
    const rootfs = this.rootfs(containerId);
    // Written from the merged view, so whiteouts and opaque directories are already applied, and every parent is created
    // (as a real directory) before its children: nothing is ever written through a symlink.
    const view = await mergedView(this.kernel, lowerDirs);
    const linked = new Map<string, string>();
    const dirs: [string, number][] = [];
    for (const [rel, node] of [...view].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const dest = `${rootfs}/${rel}`;
      // Names of one inode stay one inode in the copy, as they are in the image.
      const key = node.st.nlink > 1 && node.st.type !== 'dir' ? `${node.st.dev}:${node.st.ino}` : null;
      const first = key === null ? undefined : linked.get(key);
      if (first !== undefined) { await this.kernel.link(first, dest); continue; }
      if (key !== null) linked.set(key, dest);
      await copyNode(this.kernel, node, dest);
      if (node.st.type === 'dir') dirs.push([dest, node.st.mtimeMs]);
    }
    // Directory times last: creating their children bumped them.
    for (const [dest, mtimeMs] of dirs.reverse()) await this.kernel.utimes(dest, mtimeMs, mtimeMs);
  }

  private async lowers(containerId: string): Promise<string[]> {
    return (await this.kernel.readText(`${this.dir}/${containerId}/lower`)).split(':');
  }

  async mount(containerId: string): Promise<string> {
    return this.rootfs(containerId);
  }

  async unmount(): Promise<void> {
    // a plain directory: nothing to unmount
  }

  async remove(containerId: string): Promise<void> {
    await this.kernel.remove(`${this.dir}/${containerId}`, { recursive: true, force: true });
  }

  async changes(containerId: string): Promise<Change[]> {
    return (await this.compare(containerId)).changes;
  }

  async diffTar(containerId: string): Promise<Uint8Array> {
    const { changes, nodes } = await this.compare(containerId);
    const entries: TarEntry[] = [];
    const seen = new Map<number, string>();
    for (const c of changes) {
      const rel = c.path.slice(1);
      if (c.kind === 'D') {
        const slash = rel.lastIndexOf('/');
        const wh = slash < 0 ? `${WHITEOUT_PREFIX}${rel}` : `${rel.slice(0, slash)}/${WHITEOUT_PREFIX}${rel.slice(slash + 1)}`;
        entries.push({ path: wh, type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, data: new Uint8Array(0) });
        continue;
      }
      const node = nodes.get(rel);
      if (!node) continue;
      const first = node.st.nlink > 1 && node.st.type === 'file' ? seen.get(node.st.ino) : undefined;
      if (first !== undefined) {
        entries.push({ path: rel, type: 'hardlink', linkname: first, mode: node.st.mode, uid: node.st.uid, gid: node.st.gid, mtime: Math.floor(node.st.mtimeMs / 1000) });
        continue;
      }
      if (node.st.nlink > 1 && node.st.type === 'file') seen.set(node.st.ino, rel);
      entries.push(await entryFor(this.kernel, rel, node));
    }
    return writeTar(entries);
  }

  async size(containerId: string): Promise<number> {
    const { changes, nodes } = await this.compare(containerId);
    let total = 0;
    for (const c of changes) {
      const n = nodes.get(c.path.slice(1));
      if (c.kind !== 'D' && n?.st.type === 'file') total += n.st.size;
    }
    return total;
  }

  /**
   * Changes as `docker diff` lists them, sorted by path: A for a path the
   * layers lack, C for one whose type, mode, owner or content differs, D
   * for one the layers have and the copy lost (its children are not listed);
   * the parent of an A or D is C.
   */
  private async compare(containerId: string): Promise<{ changes: Change[]; nodes: Map<string, TreeNode> }> {
    const view = await mergedView(this.kernel, await this.lowers(containerId));
    const nodes = new Map<string, TreeNode>();
    for await (const n of walkTree(this.kernel, this.rootfs(containerId))) nodes.set(n.rel, n);
    const kinds = new Map<string, Change['kind']>();
    const parentOf = (rel: string): string | null => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : null);
    const touchParent = (rel: string): void => {
      const p = parentOf(rel);
      if (p !== null && !kinds.has(p)) kinds.set(p, 'C');
    };
    for (const [rel, n] of nodes) {
      const below = view.get(rel);
      if (!below) { kinds.set(rel, 'A'); touchParent(rel); continue; }
      if (await differs(this.kernel, n, below)) kinds.set(rel, kinds.get(rel) ?? 'C');
    }
    for (const rel of view.keys()) {
      if (nodes.has(rel)) continue;
      const p = parentOf(rel);
      if (p !== null && !nodes.has(p)) continue; // inside a deleted directory: the directory's D says it
      kinds.set(rel, 'D');
      touchParent(rel);
    }
    const changes = [...kinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([rel, kind]) => ({ kind, path: `/${rel}` }));
    return { changes, nodes };
  }
}

async function differs(kernel: Kernel, n: TreeNode, below: MergedNode): Promise<boolean> {
  const a = n.st;
  const b = below.st;
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return true;
  if (a.type === 'symlink') return (await kernel.readlink(n.path)) !== (await kernel.readlink(below.path));
  if (a.type === 'char' || a.type === 'block') return a.rdev !== b.rdev;
  if (a.type !== 'file') return false;
  if (a.size !== b.size) return true;
  const [x, y] = [await kernel.readFile(n.path), await kernel.readFile(below.path)];
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return true;
  return false;
}

async function copyNode(kernel: Kernel, node: MergedNode, dest: string): Promise<void> {
  const st: FileStat = node.st;
  switch (st.type) {
    case 'dir': await kernel.mkdir(dest, { mode: 0o755 }); break;
    case 'file': await kernel.writeFile(dest, await kernel.readFile(node.path), { mode: 0o600 }); break;
    case 'symlink': await kernel.symlink(await kernel.readlink(node.path), dest); break;
    case 'char': case 'block': case 'fifo': await kernel.mknod(dest, st.type, st.mode, major(st.rdev), minor(st.rdev)); break;
    case 'socket': return;
  }
  await kernel.chown(dest, st.uid, st.gid);
  if (st.type !== 'symlink') await kernel.chmod(dest, st.mode);
  if (st.type !== 'dir') await kernel.utimes(dest, st.mtimeMs, st.mtimeMs);
}

async function entryFor(kernel: Kernel, rel: string, n: TreeNode): Promise<TarEntry> {
  const common = { path: rel, mode: n.st.mode, uid: n.st.uid, gid: n.st.gid, mtime: Math.floor(n.st.mtimeMs / 1000) };
  switch (n.st.type) {
    case 'dir': return { ...common, type: 'dir' };
    case 'symlink': return { ...common, type: 'symlink', linkname: await kernel.readlink(n.path) };
    case 'char': case 'block': return { ...common, type: n.st.type, devmajor: major(n.st.rdev), devminor: minor(n.st.rdev) };
    case 'fifo': return { ...common, type: 'fifo' };
    default: return { ...common, type: 'file', data: n.st.type === 'file' ? await kernel.readFile(n.path) : new Uint8Array(0) };
  }
}
