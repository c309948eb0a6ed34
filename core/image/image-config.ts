import type { Digest } from '../storage/digest.js';

/** OCI image spec media types (Docker's own v2 types are read as their equivalents). */
export const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: { readonly architecture: string; readonly os: string; readonly variant?: string };
}

export interface Manifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly manifests: readonly Descriptor[];
}

/** What a container started from the image gets by default (`docker inspect` → Config). */
export interface ContainerConfig {
  readonly User?: string;
  readonly Env?: readonly string[];
  readonly Entrypoint?: readonly string[] | null;
  readonly Cmd?: readonly string[] | null;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>> | null;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Volumes?: Readonly<Record<string, object>>;
  readonly StopSignal?: string;
}

/** One row of `docker history`: the instruction that made a layer (or changed only the config). */
export interface HistoryEntry {
  readonly created?: string;
  readonly created_by?: string;
  readonly author?: string;
  readonly comment?: string;
  /** True when the step changed only the config (ENV, CMD, …) and made no layer. */
  readonly empty_layer?: boolean;
}

/** The image config (OCI "application/vnd.oci.image.config.v1+json"); its digest is the image id. */
export interface ImageConfig {
  readonly created?: string;
  readonly author?: string;
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly config?: ContainerConfig;
  readonly rootfs: { readonly type: 'layers'; readonly diff_ids: readonly Digest[] };
  readonly history?: readonly HistoryEntry[];
}

const encoder = new TextEncoder();

/** The bytes an image config or manifest is stored as; their hash is its identity, so keep them byte-stable. */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

/** The architecture name images use for a kernel's `uname -m`. */
export function imageArchitecture(machine: string): string {
  const map: Readonly<Record<string, string>> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', i686: '386', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[machine] ?? machine;
}
