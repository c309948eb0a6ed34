import { DockbookError } from '../errors.js';
import type { NamespaceKind } from '../kernel/types.js';
import { KERNEL_NAMESPACE_OF, type Spec } from './oci/spec-types.js';

type Kind = Exclude<NamespaceKind, 'user'>;

export interface SpecNamespaces {
  /** Born with the process (clone flags). */
  readonly create: Kind[];
  readonly join: Partial<Record<Kind, string>>;
  /**
   * The cgroup namespace is created only once the process sits in its
   * cgroup, so that the namespace's root is the container's own cgroup.
   */
  readonly cgroupLater: boolean;
}

export function specNamespaces(spec: Spec): SpecNamespaces {
  const create: Kind[] = [];
  const join: Partial<Record<Kind, string>> = {};
  let cgroupLater = false;
  for (const ns of spec.linux?.namespaces ?? []) {
    const kind = KERNEL_NAMESPACE_OF[ns.type];
    if (kind === null || kind === 'user') {
      throw new DockbookError('E_UNSUPPORTED', `linux.namespaces: the ${ns.type} namespace is not supported by dockbook-runtime`, {
        hint: `remove the ${ns.type} namespace from config.json`,
      });
    }
    if (ns.path) join[kind] = ns.path;
    else if (kind === 'cgroup') cgroupLater = true;
    else create.push(kind);
  }
  return { create, join, cgroupLater };
}
