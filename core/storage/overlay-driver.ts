import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { Change, GraphDriver } from './graph-driver.js';
import { tarFromUpperDir } from './layer-from-dir.js';
import { overlayChanges, treeSize } from './overlay-changes.js';

/**
 * Containers on overlayfs, laid out like Docker's overlay2:
 * `<root>/overlay/<container>/{diff,work,merged}` plus `lower`, the image's
 * layer directories top first. The kernel merges them: reads fall through
 * to the topmost layer that has the file; the first write copies the file
 * up into `diff`; a delete leaves a whiteout there. The image's layers are
 * never written, so any number of containers share them.
 */
export class OverlayDriver implements GraphDriver {
  readonly name = 'overlay' as const;
  private readonly dir: string;

  constructor(private readonly kernel: Kernel, root: string) {
    this.dir = `${root}/overlay`;
  }

  layerDir(containerId: string): string {
    return `${this.dir}/${containerId}`;
  }

  upperDir(containerId: string): string {
    return `${this.layerDir(containerId)}/diff`;
  }

  mergedDir(containerId: string): string {
    return `${this.layerDir(containerId)}/merged`;
  }

  async create(containerId: string, lowerDirs: readonly string[]): Promise<void> {
    if (lowerDirs.length === 0) {
      throw new DockbookError('E_INVALID_ARGUMENT', 'overlay needs at least one image layer', { hint: 'an image with no layers cannot be a root filesystem' });
    }
    // The mount options are comma- and colon-separated, so such characters in a path would change their meaning.
    for (const d of [...lowerDirs, this.dir]) {
      if (/[:,]/.test(d)) throw new DockbookError('E_INVALID_ARGUMENT', `overlay cannot use "${d}": it contains ":" or ","`, { hint: 'choose an engine root without those characters' });
    }
    const base = this.layerDir(containerId);
    if (await this.kernel.exists(base)) throw new DockbookError('E_EXISTS', `the writable layer of ${containerId} already exists`, {});
    for (const sub of ['diff', 'work', 'merged']) await this.kernel.mkdir(`${base}/${sub}`, { recursive: true, mode: 0o755 });
    await this.kernel.writeFile(`${base}/lower`, lowerDirs.join(':'));
  }

  async lowerDirs(containerId: string): Promise<string[]> {
    return (await this.kernel.readText(`${this.layerDir(containerId)}/lower`)).split(':');
  }

  async isMounted(containerId: string): Promise<boolean> {
    const merged = this.mergedDir(containerId);
    return (await this.kernel.mountTable()).some((m) => m.mountPoint === merged);
  }

  async mount(containerId: string): Promise<string> {
    const merged = this.mergedDir(containerId);
    if (await this.isMounted(containerId)) return merged;
    const base = this.layerDir(containerId);
    const lowers = await this.lowerDirs(containerId);
    await this.kernel.mount({
      source: 'overlay', target: merged, fstype: 'overlay',
      data: `lowerdir=${lowers.join(':')},upperdir=${base}/diff,workdir=${base}/work`,
    });
    return merged;
  }

  async unmount(containerId: string): Promise<void> {
    if (await this.isMounted(containerId)) await this.kernel.umount(this.mergedDir(containerId));
  }

  async remove(containerId: string): Promise<void> {
    await this.unmount(containerId);
    await this.kernel.remove(this.layerDir(containerId), { recursive: true, force: true });
  }

  async changes(containerId: string): Promise<Change[]> {
    return overlayChanges(this.kernel, this.upperDir(containerId), await this.lowerDirs(containerId));
  }

  diffTar(containerId: string): Promise<Uint8Array> {
    return tarFromUpperDir(this.kernel, this.upperDir(containerId));
  }

  size(containerId: string): Promise<number> {
    return treeSize(this.kernel, this.upperDir(containerId));
  }
}
