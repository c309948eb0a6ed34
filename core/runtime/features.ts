import { CAPABILITY_NAMES } from './oci/capabilities.js';
import { HOOK_NAMES, OCI_SPEC_VERSION } from './oci/spec-types.js';

/** What `features` reports (the shape runc prints, from the OCI features document). */
export function runtimeFeatures(): Record<string, unknown> {
  return {
    ociVersionMin: '1.0.0',
    ociVersionMax: OCI_SPEC_VERSION,
    hooks: [...HOOK_NAMES],
    mountOptions: ['bind', 'rbind', 'ro', 'rw', 'nosuid', 'suid', 'nodev', 'dev', 'noexec', 'exec', 'relatime', 'strictatime', 'noatime',
      'private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave', 'unbindable', 'runbindable'],
    linux: {
      namespaces: ['pid', 'network', 'mount', 'ipc', 'uts', 'cgroup'],
      capabilities: [...CAPABILITY_NAMES],
      cgroup: { v1: true, v2: true, systemd: false, systemdUser: false },
      seccomp: { enabled: false },
      apparmor: { enabled: false },
      selinux: { enabled: false },
    },
    annotations: { 'org.dockbook.runtime.shim': 'native' },
  };
}
