import { DockbookError } from '../errors.js';

/**
 * Image references parsed the way Docker parses them (the grammar of
 * distribution/reference, normalised as the Docker CLI does):
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ["/" path-component]*
 *   domain    := host [":" port]
 *
 * `busybox` → `docker.io/library/busybox:latest`. The familiar form drops
 * what Docker leaves implicit: `docker.io/library/busybox` → `busybox`.
 */
export interface ImageReference {
  /** Registry host (and port): `docker.io`, `localhost:5000`. */
  readonly domain: string;
  /** Repository path on that registry: `library/busybox`, `team/app`. */
  readonly path: string;
  readonly tag: string | undefined;
  /** `sha256:<64 hex>` when the reference pins content. */
  readonly digest: string | undefined;
}

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
const LEGACY_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const NAME_MAX = 255;

// Built from named parts so each reads like the grammar above.
const alphaNumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphaNumeric}(?:${separator}${alphaNumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domain = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;

const REFERENCE_RE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
const NAME_PARTS_RE = new RegExp(`^(?:(${domain})/)?(${pathComponent}(?:/${pathComponent})*)$`);
const TAG_RE = new RegExp(`^${tag}$`);
const HEX64_RE = /^[a-f0-9]{64}$/;
const DIGEST_HEX_LENGTH: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

function invalid(message: string, input: string): DockbookError {
  return new DockbookError('E_INVALID_REFERENCE', message, {
    hint: `"${input}" is not a valid image reference: lowercase [registry[:port]/]name[:tag][@sha256:<64 hex>]`,
  });
}

/**
 * Docker's `ParseNormalizedNamed`: a reference as a user types it, with the
 * registry and `library/` filled in. Throws E_INVALID_REFERENCE with Docker's
 * own message.
 */
export function parseReference(input: string): ImageReference {
  if (HEX64_RE.test(input)) {
    throw invalid(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`, input);
  }
  const [dom, remainder] = splitDockerDomain(input);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep >= 0 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) {
    throw invalid(`invalid reference format: repository name (${remote}) must be lowercase`, input);
  }
  return parseStrict(`${dom}/${remainder}`, input);
}

/** Docker's `ParseNormalizedNamed` followed by `TagNameOnly`: a name alone gets `:latest`. */
export function parseReferenceWithDefaultTag(input: string): ImageReference {
  const ref = parseReference(input);
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: DEFAULT_TAG } : ref;
}

/** distribution/reference `Parse`: the grammar alone, no normalisation. */
function parseStrict(s: string, input: string): ImageReference {
  const m = REFERENCE_RE.exec(s);
  if (!m) {
    if (s === '') throw invalid('repository name must have at least one component', input);
    if (REFERENCE_RE.test(s.toLowerCase())) throw invalid('repository name must be lowercase', input);
    throw invalid('invalid reference format', input);
  }
  const fullName = m[1] ?? '';
  if (fullName.length > NAME_MAX) throw invalid(`repository name must not be more than ${NAME_MAX} characters`, input);
  const parts = NAME_PARTS_RE.exec(fullName);
  const digestValue = m[3];
  if (digestValue !== undefined) validateDigest(digestValue, input);
  return { domain: parts?.[1] ?? '', path: parts?.[2] ?? fullName, tag: m[2], digest: digestValue };
}

function validateDigest(value: string, input: string): void {
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon);
  const hex = value.slice(colon + 1);
  const want = DIGEST_HEX_LENGTH[algorithm];
  if (want === undefined) throw invalid('unsupported digest algorithm', input);
  if (hex.length !== want) throw invalid('invalid checksum digest length', input);
  if (!/^[a-f0-9]+$/.test(hex)) throw invalid('invalid checksum digest format', input);
}

/**
 * The first path component is a registry only when it looks like one (has a
 * dot or a port, is `localhost`, or has capitals, which a repository cannot);
 * otherwise the name lives on Docker Hub, where official images sit under
 * `library/`.
 */
function splitDockerDomain(input: string): [string, string] {
  const slash = input.indexOf('/');
  let dom: string;
  let remainder: string;
  const first = slash >= 0 ? input.slice(0, slash) : '';
  if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first)) {
    dom = DEFAULT_DOMAIN;
    remainder = input;
  } else {
    dom = first;
    remainder = input.slice(slash + 1);
  }
  if (dom === LEGACY_DOMAIN) dom = DEFAULT_DOMAIN;
  if (dom === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_PREFIX + remainder;
  return [dom, remainder];
}

/** `docker.io/library/busybox` */
export function referenceName(ref: ImageReference): string {
  return ref.domain === '' ? ref.path : `${ref.domain}/${ref.path}`;
}

/** The canonical string: `docker.io/library/busybox:latest`, `…@sha256:…`. */
export function referenceString(ref: ImageReference): string {
  return referenceName(ref) + suffix(ref);
}

/** The name as Docker prints it: `busybox`, `team/app`, `localhost:5000/team/app`. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return referenceName(ref);
  const rest = ref.path.slice(OFFICIAL_PREFIX.length);
  return ref.path.startsWith(OFFICIAL_PREFIX) && !rest.includes('/') ? rest : ref.path;
}

/** `busybox:latest`, `localhost:5000/team/app:v2`, `busybox@sha256:…`. */
export function familiarString(ref: ImageReference): string {
  return familiarName(ref) + suffix(ref);
}

function suffix(ref: ImageReference): string {
  return (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** A tag on its own, as `docker tag` checks it. */
export function isValidTag(value: string): boolean {
  return TAG_RE.test(value);
}
