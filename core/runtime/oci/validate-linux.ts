import { configError } from './config-error.js';
import {
  checkAbsolutePath, checkArray, checkInteger, checkObject, checkOneOf, checkString, checkStringMap, checkUint32, field, item, optional, optionalList, required, type JsonObject,
} from './json-check.js';
import { LINUX_NAMESPACE_TYPES, ROOTFS_PROPAGATIONS, type LinuxNamespaceType } from './spec-types.js';

/** Checks config.json's `linux` section. Returns the namespace types it lists, for cross-checks. */
export function checkLinux(v: unknown, path: string): Set<LinuxNamespaceType> {
  const l = checkObject(v, path);
  const namespaces = checkNamespaces(l, path);
  optionalList(l, 'uidMappings', path, checkIdMapping);
  optionalList(l, 'gidMappings', path, checkIdMapping);
  checkUserNamespaceMappings(l, path, namespaces);
  optionalList(l, 'devices', path, checkDevice);
  optional(l, 'cgroupsPath', path, checkString);
  // Typed and checked by the modules that apply them; here they only have to be objects.
  optional(l, 'resources', path, checkObject);
  optional(l, 'seccomp', path, checkObject);
  optional(l, 'intelRdt', path, checkObject);
  optional(l, 'sysctl', path, checkStringMap);
  optionalList(l, 'maskedPaths', path, checkAbsolutePath);
  optionalList(l, 'readonlyPaths', path, checkAbsolutePath);
  optional(l, 'rootfsPropagation', path, (x, q) => checkOneOf(x, q, ROOTFS_PROPAGATIONS, 'rootfs propagation'));
  optional(l, 'mountLabel', path, checkString);
  return new Set(namespaces.keys());
}

/** Also used for mounts[].uidMappings. */
export function checkIdMapping(v: unknown, path: string): void {
  const m = checkObject(v, path);
  required(m, 'containerID', path, checkUint32);
  required(m, 'hostID', path, checkUint32);
  required(m, 'size', path, (x, q) => checkInteger(x, q, 1, 0xffff_ffff));
}

function checkNamespaces(l: JsonObject, path: string): Map<LinuxNamespaceType, { at: string; path?: string }> {
  const seen = new Map<LinuxNamespaceType, { at: string; path?: string }>();
  optional(l, 'namespaces', path, (list, listPath) => {
    checkArray(list, listPath).forEach((el, i) => {
      const at = item(listPath, i);
      const ns = checkObject(el, at);
      required(ns, 'type', at, (x, q) => checkOneOf(x, q, LINUX_NAMESPACE_TYPES, 'namespace type'));
      optional(ns, 'path', at, checkAbsolutePath);
      const type = ns['type'] as LinuxNamespaceType;
      const first = seen.get(type);
      // Creating and joining the same kind at once has no meaning; runc refuses it too.
      if (first) throw configError(field(at, 'type'), `duplicate namespace type "${type}" (also at ${first.at})`);
      seen.set(type, { at, ...(typeof ns['path'] === 'string' ? { path: ns['path'] } : {}) });
    });
  });
  return seen;
}

/**
 * A new user namespace starts with nobody mapped, so nothing in it could run
 * as anyone; mappings without a user namespace would be silently ignored.
 */
function checkUserNamespaceMappings(
  l: JsonObject, path: string, namespaces: Map<LinuxNamespaceType, { at: string; path?: string }>,
): void {
  const user = namespaces.get('user');
  const creates = user !== undefined && user.path === undefined;
  const hasMappings = (key: string): boolean => Array.isArray(l[key]) && (l[key] as unknown[]).length > 0;
  if (creates) {
    for (const key of ['uidMappings', 'gidMappings']) {
      if (!hasMappings(key)) throw configError(field(path, key), 'is required when a new user namespace is created');
    }
  } else if (user === undefined) {
    for (const key of ['uidMappings', 'gidMappings']) {
      if (hasMappings(key)) {
        throw configError(field(path, key), 'is set, but linux.namespaces has no "user" namespace', 'add {"type": "user"} to linux.namespaces, or remove the mappings');
      }
    }
  }
}

function checkDevice(v: unknown, path: string): void {
  const d = checkObject(v, path);
  required(d, 'path', path, checkAbsolutePath);
  required(d, 'type', path, (x, q) => checkOneOf(x, q, ['c', 'b', 'u', 'p'] as const, 'device type'));
  // A FIFO has no device number; every other kind is nothing without one.
  const needsNumbers = d['type'] !== 'p';
  for (const key of ['major', 'minor']) {
    const check = (x: unknown, q: string): number => checkInteger(x, q, 0, 0xffff_ffff);
    if (needsNumbers) required(d, key, path, check);
    else optional(d, key, path, check);
  }
  optional(d, 'fileMode', path, checkUint32);
  optional(d, 'uid', path, checkUint32);
  optional(d, 'gid', path, checkUint32);
}
