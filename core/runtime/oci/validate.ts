import { configError } from './config-error.js';
import { findJsonSyntaxError } from './json-syntax.js';
import {
  checkAbsolutePath, checkArray, checkBoolean, checkInteger, checkObject, checkString, checkStringArray,
  checkStringMap, cloneJson, isObject, item, optional, optionalList, required, type JsonObject,
} from './json-check.js';
import type { Spec } from './spec-types.js';
import { HOOK_NAMES, OCI_SPEC_VERSION } from './spec-types.js';
import { checkProcess } from './validate-process.js';
import { checkIdMapping, checkLinux } from './validate-linux.js';

/**
 * Checks a parsed config.json and returns it as a Spec: a copy, with every
 * field this runtime reads checked, and every field it does not know kept
 * (runc ignores unknown fields too, so newer bundles still run). The first
 * problem found is thrown as one E_INVALID_CONFIG line naming the field.
 */
export function parseSpec(json: unknown): Spec {
  if (!isObject(json)) {
    throw configError('', 'must hold a JSON object at the top level', 'config.json holds one object: {"ociVersion": "1.2.0", "root": …, "process": …}');
  }
  const spec = cloneJson(json, '') as JsonObject;
  required(spec, 'ociVersion', '', checkOciVersion);
  required(spec, 'root', '', checkRoot);
  optionalList(spec, 'mounts', '', checkMount);
  required(spec, 'process', '', checkProcess);
  optional(spec, 'hostname', '', checkString);
  optional(spec, 'domainname', '', checkString);
  optional(spec, 'hooks', '', checkHooks);
  optional(spec, 'annotations', '', checkStringMap);
  const namespaces = spec['linux'] === undefined ? new Set<string>() : checkLinux(spec['linux'], 'linux');
  // The kernel only lets a process set the hostname of a UTS namespace of its own.
  for (const key of ['hostname', 'domainname']) {
    if (typeof spec[key] === 'string' && spec[key] !== '' && !namespaces.has('uts')) {
      throw configError(key, 'is set, but linux.namespaces has no "uts" namespace', 'add {"type": "uts"} to linux.namespaces, or remove it');
    }
  }
  return spec as unknown as Spec;
}

/**
 * Parses config.json's text. A JSON syntax error becomes the same one-line
 * E_INVALID_CONFIG error, with the line and column where parsing stopped.
 */
export function parseSpecText(text: string): Spec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw configError('', `is not valid JSON: ${describeSyntaxError(reason, text)}`, 'check for a missing comma or quote, or a trailing comma, near that spot');
  }
  return parseSpec(json);
}

/** Our own wording, so the message is the same on every Node version and always has a position. */
function describeSyntaxError(reason: string, text: string): string {
  const found = findJsonSyntaxError(text);
  if (!found) return reason.replace(/\s*\n\s*/g, ' ');
  return `${found.problem} at line ${found.line} column ${found.column}`;
}

function checkOciVersion(v: unknown, path: string): void {
  const s = checkString(v, path);
  // SemVer 2.0.0; within major version 1 the spec promises compatibility both ways.
  const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(s);
  if (!semver) throw configError(path, `${JSON.stringify(s)} is not a version like "${OCI_SPEC_VERSION}"`);
  if (semver[1] !== '1') {
    throw configError(path, `${JSON.stringify(s)} is not supported (this runtime implements ${OCI_SPEC_VERSION}; any 1.x is accepted)`);
  }
}

function checkRoot(v: unknown, path: string): void {
  const root = checkObject(v, path);
  required(root, 'path', path, (x, q) => {
    if (checkString(x, q) === '') throw configError(q, 'must not be empty', 'usually "rootfs", the directory next to config.json');
  });
  optional(root, 'readonly', path, checkBoolean);
}

function checkMount(v: unknown, path: string): void {
  const m = checkObject(v, path);
  required(m, 'destination', path, checkAbsolutePath);
  optional(m, 'type', path, checkString);
  optional(m, 'source', path, checkString);
  optional(m, 'options', path, checkStringArray);
  optionalList(m, 'uidMappings', path, checkIdMapping);
  optionalList(m, 'gidMappings', path, checkIdMapping);
}

function checkHooks(v: unknown, path: string): void {
  const hooks = checkObject(v, path);
  for (const name of HOOK_NAMES) {
    optional(hooks, name, path, (list, listPath) => {
      checkArray(list, listPath).forEach((el, i) => checkHook(el, item(listPath, i)));
    });
  }
}

function checkHook(v: unknown, path: string): void {
  const h = checkObject(v, path);
  // The spec requires an absolute path: hooks run with no PATH lookup.
  required(h, 'path', path, checkAbsolutePath);
  optional(h, 'args', path, checkStringArray);
  optional(h, 'env', path, checkStringArray);
  optional(h, 'timeout', path, (x, q) => checkInteger(x, q, 1, Number.MAX_SAFE_INTEGER));
}
