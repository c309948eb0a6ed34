import { DockbookError } from '../errors.js';

/** `sha256:<64 lowercase hex>`: the only algorithm this store writes. */
export type Digest = `sha256:${string}`;

const DIGEST_RE = /^sha256:[a-f0-9]{64}$/;

export function isDigest(value: string): value is Digest {
  return DIGEST_RE.test(value);
}

export function toDigest(value: string): Digest {
  if (!isDigest(value)) {
    throw new DockbookError('E_INVALID_DIGEST', `invalid digest "${value}"`, { hint: 'a digest is sha256: followed by 64 lowercase hex digits' });
  }
  return value;
}

export function digestHex(d: Digest): string {
  return d.slice('sha256:'.length);
}

/** Docker's short image id: the first 12 hex digits. */
export function shortId(d: Digest | string): string {
  return d.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * A layer's chain id names the layer together with everything under it
 * (OCI image spec): chain(L0) = diff(L0); chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)).
 * Two images that share their bottom layers therefore share those chain ids,
 * which is what lets them share the unpacked directories on disk.
 */
export async function chainIds(sha256: (s: string) => Promise<string>, diffIds: readonly Digest[]): Promise<Digest[]> {
  const out: Digest[] = [];
  for (const diff of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? diff : (`sha256:${await sha256(`${prev} ${diff}`)}` as Digest));
  }
  return out;
}
