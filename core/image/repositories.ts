import type { Kernel } from '../kernel/kernel.js';
import { readJsonOr, writeFileAtomic } from '../storage/atomic-file.js';
import type { Digest } from '../storage/digest.js';
import { familiarName, familiarString, type ImageReference } from './reference.js';

/**
 * Tags and digest references → image ids, kept as Docker keeps them in
 * `repositories.json`: `{"Repositories": {"busybox": {"busybox:latest": "sha256:…"}}}`.
 * A tag names one image at a time; moving it may leave the old image
 * with no name at all (a dangling `<none>:<none>` image).
 */
interface RepositoriesFile {
  Repositories: Record<string, Record<string, Digest>>;
}

export class Repositories {
  private constructor(private readonly kernel: Kernel, private readonly dir: string, private readonly data: RepositoriesFile) {}

  static async load(kernel: Kernel, imageDir: string): Promise<Repositories> {
    const data = await readJsonOr<RepositoriesFile>(kernel, `${imageDir}/repositories.json`, { Repositories: {} });
    return new Repositories(kernel, imageDir, data);
  }

  async save(): Promise<void> {
    await this.kernel.mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.kernel, this.dir, 'repositories.json', JSON.stringify(this.data, null, 2));
  }

  lookup(ref: ImageReference): Digest | undefined {
    return this.data.Repositories[familiarName(ref)]?.[familiarString(ref)];
  }

  /** Points a reference at an image; returns the image it pointed at before, if another. */
  set(ref: ImageReference, id: Digest): Digest | undefined {
    const repo = (this.data.Repositories[familiarName(ref)] ??= {});
    const before = repo[familiarString(ref)];
    repo[familiarString(ref)] = id;
    return before === id ? undefined : before;
  }

  delete(ref: ImageReference): boolean {
    const name = familiarName(ref);
    const repo = this.data.Repositories[name];
    if (!repo || !(familiarString(ref) in repo)) return false;
    delete repo[familiarString(ref)];
    if (Object.keys(repo).length === 0) delete this.data.Repositories[name];
    return true;
  }

  /** Every familiar reference (`busybox:latest`, `busybox@sha256:…`) naming an image, sorted. */
  refsOf(id: Digest): string[] {
    const out: string[] = [];
    for (const repo of Object.values(this.data.Repositories)) for (const [ref, target] of Object.entries(repo)) if (target === id) out.push(ref);
    return out.sort();
  }

  /** Every (familiar reference, image id) pair. */
  entries(): Array<[string, Digest]> {
    return Object.values(this.data.Repositories).flatMap((repo) => Object.entries(repo));
  }
}
