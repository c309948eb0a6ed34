import type { ApiContext } from '../api/api-context.js';
import type { EnginePaths } from '../config.js';
import { ImageStore } from '../image/image-store.js';
import type { Kernel } from '../kernel/kernel.js';
import type { NetworkHost } from '../network/network-record.js';
import { chooseCgroupVersion, probeCgroupLayout } from '../runtime/cgroups/choose.js';
import { CopyDriver } from '../storage/copy-driver.js';
import { OverlayDriver } from '../storage/overlay-driver.js';
import { probeStorage } from '../storage/storage-probe.js';
import { BridgeNetworkService } from './bridge-network-service.js';
import { Engine } from './engine.js';
import { StoreImageService } from './store-image-service.js';

export interface EngineOptions {
  readonly kernel: Kernel;
  readonly paths: EnginePaths;
  /** Where "the host" side of networking lives; a sandbox passes a namespace of its own. */
  readonly networkHost?: NetworkHost;
  readonly bridge?: string;
  readonly bridgeSubnet?: string;
  /** Resolvers the embedded DNS forwards to (`ADDR[:PORT],…`); the host's resolv.conf when absent. */
  readonly dnsUpstreams?: string;
  /** The net namespace syslog and fluentd drivers dial from (a lab's sandbox, where its receivers listen); the engine's own when absent. */
  readonly logNetns?: string;
}

/**
 * The engine assembled from its parts, on any Kernel: the daemon builds it
 * on Linux, labs and the simulator build the very same one on SimKernel.
 */
export async function buildEngine(opts: EngineOptions): Promise<ApiContext> {
  const { kernel, paths } = opts;
  let engine: Engine | null = null;
  const store = new ImageStore(kernel, paths.root, (id) => engine?.list(true).filter((c) => c.Image === id).map((c) => c.Id) ?? []);
  const storage = await probeStorage(kernel, paths.root);
  const driver = storage.driver === 'overlay2' ? new OverlayDriver(kernel, paths.root) : new CopyDriver(kernel, paths.root);
  const images = new StoreImageService(store, driver);
  const network = new BridgeNetworkService(kernel, paths.root, opts.networkHost ?? { kernel }, {
    bridge: opts.bridge ?? 'dockbook0',
    subnet: opts.bridgeSubnet ?? '10.87.0.0/16',
    ...(opts.dnsUpstreams ? { dnsUpstreams: parseUpstreams(opts.dnsUpstreams) } : {}),
  });
  engine = new Engine({
    kernel, paths, images, network, ...(opts.networkHost?.netns ? { hostNetns: opts.networkHost.netns } : {}), ...(opts.logNetns ? { logNetns: opts.logNetns } : {}),
  });
  network.directory.setNames((id) => engine?.list(true).find((c) => c.Id === id)?.Name.slice(1) ?? null);
  await engine.init();
  const choice = chooseCgroupVersion(await probeCgroupLayout(kernel));
  return {
    engine, images, kernel,
    info: { rootDir: paths.root, storageDriver: storage.driver, driverStatus: storage.status, cgroupVersion: choice.version === 1 ? '1' : '2', cgroupDriver: 'cgroupfs' },
  };
}

function parseUpstreams(text: string): { address: string; port: number }[] {
  return text.split(',').filter(Boolean).map((s) => {
    const [address = '', port] = s.trim().split(':');
    return { address, port: port ? Number(port) : 53 };
  });
}
