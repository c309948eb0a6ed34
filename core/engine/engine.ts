import { DockbookError } from '../errors.js';
import type { Kernel } from '../kernel/kernel.js';
import type { ExitStatus } from '../kernel/types.js';
import { chooseCgroupManager } from '../runtime/cgroups/manager.js';
import { createContainer } from '../runtime/container-create.js';
import { loadRecord } from '../runtime/container-record.js';
import { containerStatus, readExit } from '../runtime/container-status.js';
import { deleteContainer, killContainer, startContainer } from '../runtime/container-ops.js';
import { exitCodeOf, parseSignal } from '../runtime/oci/signals.js';
import { ContainerStore } from './container-store.js';
import { mergeConfig, type CreateRequest } from './create-request.js';
import { invalidName, nameConflict, noSuchContainer, noSuchImage, notRunning, removeRunning } from './engine-errors.js';
import { EngineEvents } from './events.js';
import { ExecSessions } from './exec-sessions.js';
import { validateLogConfig } from './log-drivers/log-options.js';
import { logStdio } from './log-drivers/log-stdio.js';
import { ttyOutput } from './log-drivers/tty-output.js';
import { Stdins } from './stdins.js';
import { Terminals } from './terminals.js';
import type { ByteSink, ContainerStdio } from '../kernel/types.js';
import { parseBind, resolveMounts, type MountRequest } from './mount-specs.js';
import { portMappings } from './port-bindings.js';
import { checkAliases, connectAtStart, connectNow, disconnectNow, parseLink } from './container-networking.js';
import { VolumeStore } from './volumes.js';
import { writeEtcFiles } from './etc-files.js';
import type { ImageService } from './image-service.js';
import { throttleDevices } from './throttle-devices.js';
import { initialState, type ContainerRecordV1, type EndpointSettings } from './model.js';
import { generateName, hex, NAME_RE } from './names.js';
import { SELF_CONTAINED_MODES, type NetworkService } from './network-service.js';
import { setupNone } from '../network/network-modes.js';
import { buildSpec } from './spec-builder.js';

export interface EnginePathsIn {
  /** Persistent state (`/var/lib/dockbook`). */
  readonly root: string;
  /** Runtime state (`/run/dockbook`). */
  readonly run: string;
}

export interface EngineDeps {
  readonly kernel: Kernel;
  readonly paths: EnginePathsIn;
  readonly images: ImageService;
  readonly network: NetworkService;
  /** The net namespace `--network host` joins when "the host" is a sandbox's namespace; absent: the engine's own. */
  readonly hostNetns?: string;
  /** The net namespace the shim's syslog/fluentd driver dials from; absent: the engine's own. */
  readonly logNetns?: string;
}

type Waiter = { condition: 'not-running' | 'next-exit' | 'removed'; resolve: (code: number) => void };

/**
 * dockerd's job: containers as one state machine over the runtime, images
 * and networks, persisted so that a restarted engine finds them again.
 */
export class Engine {
  readonly events: EngineEvents;
  readonly execs: ExecSessions;
  readonly volumes: VolumeStore;
  /** Ptys of containers and execs with a TTY, whose masters the engine holds. */
  readonly terminals: Terminals;
  /** `-i` without `-t`: the write ends of running containers' stdin pipes. */
  readonly stdins = new Stdins();
  private readonly kernel: Kernel;
  private readonly store: ContainerStore;
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly stopping = new Set<string>();
  /**
   * Attached readers per container: an --rm container waits for them before
   * its log goes, and a failed start ends their streams (as dockerd's Reset does).
   */
  private readonly holds = new Map<string, Set<{ closeStreams?: () => void }>>();
  private readonly holdsReleased = new Map<string, (() => void)[]>();

  constructor(private readonly deps: EngineDeps) {
    this.kernel = deps.kernel;
    this.events = new EngineEvents(() => deps.kernel.now());
    this.store = new ContainerStore(deps.kernel, deps.paths.root);
    this.terminals = new Terminals(deps.kernel);
    this.execs = new ExecSessions(deps.kernel, `${deps.paths.run}/runtime`, (cid, action, attrs) => {
      const rec = this.store.get(cid);
      if (rec) this.containerEvent(rec, action, attrs);
    }, this.terminals);
    this.volumes = new VolumeStore(deps.kernel, deps.paths.root, this.events);
  }

  private get runtimeRoot(): string {
    return `${this.deps.paths.run}/runtime`;
  }

  /** Loads persisted containers and settles those whose process ended while the engine was away. */
  async init(): Promise<void> {
    for (const rec of await this.store.load()) {
      if (!rec.State.Running) continue;
      const status = await loadRecord(this.kernel, this.runtimeRoot, rec.Id).then((r) => containerStatus(this.kernel, this.runtimeRoot, r), () => 'stopped' as const);
      if (status === 'stopped') await this.onExit(rec.Id, (await readExit(this.kernel, this.runtimeRoot, rec.Id)) ?? { code: 255, signal: null });
      else {
        await this.deps.network.resume(rec.Id, `/proc/${rec.State.Pid}/ns/net`).catch(() => {});
        await this.reclaimStdin(rec);
        void this.watchAdopted(rec.Id);
      }
    }
  }

  // ── lookups ────────────────────────────────────────────────────────
  resolve(ref: string): ContainerRecordV1 {
    const name = ref.replace(/^\//, '');
    const all = this.store.all();
    const exact = all.find((c) => c.Id === ref || c.Name === `/${name}`);
    if (exact) return exact;
    const byPrefix = all.filter((c) => c.Id.startsWith(ref));
    if (byPrefix.length === 1) return byPrefix[0]!;
    if (byPrefix.length > 1) throw new DockbookError('E_AMBIGUOUS', `multiple IDs found with provided prefix: ${ref}`);
    throw noSuchContainer(ref);
  }

  list(all: boolean): ContainerRecordV1[] {
    return this.store.all().filter((c) => all || c.State.Running).sort((a, b) => b.Created.localeCompare(a.Created));
  }

  // ── create ─────────────────────────────────────────────────────────
  async create(req: CreateRequest, name?: string): Promise<{ Id: string; Warnings: string[] }> {
    if (name && !NAME_RE.test(name)) throw invalidName(name);
    const image = req.Image ? await this.deps.images.find(req.Image) : null;
    if (!image) throw noSuchImage(req.Image ?? '');
    const cleanName = name ? name.replace(/^\//, '') : generateName((n) => this.kernel.random(n), (n) => this.store.all().some((c) => c.Name === `/${n}`));
    const clash = this.store.all().find((c) => c.Name === `/${cleanName}`);
    if (clash) throw nameConflict(cleanName, clash.Id);
    const id = hex(this.kernel.random(32));
    const merged = mergeConfig(req, image, id.slice(0, 12));
    for (const b of merged.host.Binds ?? []) parseBind(b);
    portMappings({ HostConfig: merged.host, Config: merged.config });
    for (const ref of merged.host.VolumesFrom ?? []) this.resolve(ref.split(':')[0]!);
    merged.host.LogConfig = { Type: merged.host.LogConfig?.Type || 'json-file', Config: merged.host.LogConfig?.Config ?? {} };
    validateLogConfig(merged.host.LogConfig.Type, merged.host.LogConfig.Config);
    await this.deps.network.checkMode(merged.host.NetworkMode);
    for (const link of merged.host.Links ?? []) this.resolve(parseLink(link).name);
    const rec: ContainerRecordV1 = {
      Id: id,
      Created: new Date(this.kernel.now()).toISOString(),
      Name: `/${cleanName}`,
      Path: merged.path,
      Args: merged.args,
      Image: image.id,
      ImageRef: req.Image ?? '',
      Config: merged.config,
      HostConfig: merged.host,
      State: initialState(),
      RestartCount: 0,
      LogPath: `${this.store.dir(id)}/${id}-json.log`,
      ShimPid: 0,
      Network: null,
      EndpointsConfig: Object.fromEntries(Object.entries(req.NetworkingConfig?.EndpointsConfig ?? {}).map(([k, v]) => [k, { Aliases: v?.Aliases ?? null }])),
    };
    checkAliases(rec);
    await this.store.save(rec);
    this.containerEvent(rec, 'create');
    return { Id: id, Warnings: [] };
  }

  // ── start ──────────────────────────────────────────────────────────
  async start(ref: string): Promise<void> {
    const rec = this.resolve(ref);
    if (rec.State.Running) return;
    const id = rec.Id;
    const dir = this.store.dir(id);
    let rootfs: string | null = null;
    let created = false;
    let master: number | null = null;
    let stdin: ByteSink | null = null;
    try {
      rootfs = await this.deps.images.mountRootfs(id, rec.Image);
      const hostNet = rec.HostConfig.NetworkMode === 'host';
      const joinNet = await this.netnsOfMode(rec.HostConfig.NetworkMode);
      const etc = await writeEtcFiles(this.kernel, dir, rec.Config.Hostname, null, hostNet);
      const mounts = await resolveMounts(this.mountRequests(rec), this.volumes, this.kernel);
      rec.Mounts = mounts.points;
      this.volumeEvents(rec, 'mount');
      const throttle = await throttleDevices(this.kernel, rec.HostConfig);
      const spec = buildSpec({ record: rec, rootfs, etcFiles: etc, netnsPath: joinNet ?? undefined, cgroupsPath: `/dockbook/${id}`, extraMounts: mounts.oci, throttle });
      // -t: the pty is made inside the container, in its own devpts (as runc does); the engine holds its master (for attach and resize).
      // -i without -t: a pipe is its stdin, whose write end the engine holds for attach.
      const tty = rec.Config.Tty === true;
      const logs = logStdio(rec);
      const dialFrom = logs.kind === 'log-driver' ? this.logDialFrom() : {};
      const stdio: ContainerStdio = tty ? { kind: 'ignore' } : { ...logs, ...dialFrom, openStdin: rec.Config.OpenStdin };
      // The shim keeps a copy of what a later attach writes into, so that it outlives this engine (-i: unless the first attach closes it).
      const keep = tty ? 'pty' : rec.Config.OpenStdin && !rec.Config.StdinOnce ? 'stdin' : undefined;
      const { process, ptyMaster } = await createContainer(this.kernel, this.runtimeRoot, id, dir, { spec, stdio, ownPty: tty, keep });
      created = true;
      master = ptyMaster;
      stdin = tty ? null : process.stdin;
      if (master !== null) {
        const size = (rec.HostConfig as { ConsoleSize?: [number, number] }).ConsoleSize;
        // A TTY's output reaches the engine, not the shim: the engine does its logging (see ttyOutput).
        const out = await ttyOutput(this.kernel, rec, process.shimPid, this.logDialFrom());
        const t = await this.terminals.attach(id, master, out.listener, size);
        void t.ended.then(() => out.close());
        master = null;
      }
      rec.Network = null;
      rec.Networks = undefined;
      // Docker's none mode still has a working loopback: up, with 127.0.0.1.
      if (rec.HostConfig.NetworkMode === 'none') await setupNone(this.kernel, `/proc/${process.pid}/ns/net`);
      if (!SELF_CONTAINED_MODES.has(rec.HostConfig.NetworkMode) && !joinNet) {
        await connectAtStart(this.kernel, this.deps.network, rec, `/proc/${process.pid}/ns/net`, dir, (name) => this.linkedAddress(name));
        for (const [name, n] of Object.entries((rec.Networks as Record<string, EndpointSettings> | undefined) ?? {})) this.events.network('connect', n.NetworkID || name, { container: id, name, type: 'bridge' });
      }
      await startContainer(this.kernel, this.runtimeRoot, id);
      if (stdin) this.stdins.set(id, stdin);
      rec.State = { ...rec.State, Status: 'running', Running: true, Pid: process.pid, ExitCode: 0, Error: '', OOMKilled: false, StartedAt: new Date(this.kernel.now()).toISOString() };
      rec.ShimPid = process.shimPid;
      await this.store.save(rec);
      this.containerEvent(rec, 'start');
      void process.exited.then((status) => this.onExit(id, status));
    } catch (e) {
      if (master !== null) await this.kernel.closeFd(master).catch(() => {});
      await stdin?.end().catch(() => {});
      this.stdins.cancel(id);
      if (created) await deleteContainer(this.kernel, this.runtimeRoot, id, true).catch(() => {});
      // Independent once no process is left: the veth and the rootfs go at the same time.
      await Promise.all([
        this.deps.network.detach(id).catch(() => {}),
        rootfs ? this.deps.images.unmountRootfs(id).catch(() => {}) : null,
      ]);
      const code = (e as { exitCode?: number }).exitCode === 127 || (e as { exitCode?: number }).exitCode === 126 ? (e as { exitCode: number }).exitCode : 128;
      rec.State = { ...rec.State, Status: 'created', Error: e instanceof Error ? e.message : String(e), ExitCode: code };
      await this.store.save(rec);
      // The container never ran: attached readers would otherwise follow its log until removal.
      for (const h of this.holds.get(id) ?? []) h.closeStreams?.();
      // dockerd removes an --rm container that could not start; the client waits for that.
      if (rec.HostConfig.AutoRemove) {
        await this.readersDone(id);
        await this.remove(id, { force: true }).catch(() => {});
      }
      throw e;
    }
  }

  /** -v, --mount and --volumes-from (every volume and bind of another container, ro or rw). */
  private mountRequests(rec: ContainerRecordV1): MountRequest[] {
    const explicit = [...(rec.HostConfig.Binds ?? []).map(parseBind), ...(rec.HostConfig.Mounts ?? [])];
    // Config.Volumes (`-v /path`, an image's VOLUME) not covered otherwise become anonymous volumes.
    const anonymous: MountRequest[] = Object.keys(rec.Config.Volumes ?? {})
      .filter((target) => !explicit.some((m) => m.Target === target))
      .map((target) => ({ Type: 'volume', Target: target }));
    const own = [...explicit, ...anonymous];
    const inherited: MountRequest[] = [];
    for (const ref of rec.HostConfig.VolumesFrom ?? []) {
      const [name, mode] = ref.split(':');
      const from = this.resolve(name!);
      for (const m of from.Mounts ?? []) {
        if (m.Type === 'tmpfs') continue;
        inherited.push(m.Type === 'volume'
          ? { Type: 'volume', Source: m.Name, Target: m.Destination, ReadOnly: mode === 'ro' || (mode !== 'rw' && !m.RW) }
          : { Type: 'bind', Source: m.Source, Target: m.Destination, ReadOnly: mode === 'ro' || (mode !== 'rw' && !m.RW) });
      }
    }
    return [...inherited.filter((m) => !own.some((o) => o.Target === m.Target)), ...own];
  }

  /** `--link`: the linked container must run, and its address goes into the hosts file. */
  private linkedAddress(name: string): string {
    const other = this.resolve(name);
    if (!other.State.Running || !other.Network) throw new DockbookError('E_CONFLICT', `Cannot link to a non running container: ${other.Name} AS ${name}`);
    return other.Network.IPAddress;
  }

  // ── networks (logic in container-networking.ts) ────────────────────
  get networks(): NetworkService {
    return this.deps.network;
  }

  async networkConnect(ref: string, network: string, aliases: readonly string[]): Promise<void> {
    const rec = this.resolve(ref);
    await connectNow(this.deps.network, rec, network, aliases);
    await this.store.save(rec);
  }

  async networkDisconnect(ref: string, network: string): Promise<void> {
    const rec = this.resolve(ref);
    await disconnectNow(this.deps.network, rec, network);
    await this.store.save(rec);
  }

  private async netnsOfMode(mode: string): Promise<string | null> {
    if (mode === 'host') return this.deps.hostNetns ?? null;
    if (!mode.startsWith('container:')) return null;
    const other = this.resolve(mode.slice('container:'.length));
    if (!other.State.Running) throw new DockbookError('E_CONFLICT', `cannot join network of a non running container: ${other.Id}`);
    return `/proc/${other.State.Pid}/ns/net`;
  }

  /**
   * A re-adopted container's terminal or stdin pipe, from the copy its shim
   * kept (see start): attach, resize and typing work again. A shim that kept
   * nothing (a -i container whose stdin was closed) leaves none.
   */
  private async reclaimStdin(rec: ContainerRecordV1): Promise<void> {
    const keeps = rec.Config.Tty || (rec.Config.OpenStdin && !rec.Config.StdinOnce);
    if (!keeps || !rec.ShimPid) return;
    const fd = await this.kernel.shimKeptFd(rec.ShimPid).catch(() => null);
    if (fd === null) return;
    if (rec.Config.Tty) {
      // A receiver that is gone by now does not keep the terminal from coming back: its lines still reach the local log.
      const out = await ttyOutput(this.kernel, rec, rec.ShimPid, this.logDialFrom(), false);
      const t = await this.terminals.attach(rec.Id, fd, out.listener).catch(() => { void this.kernel.closeFd(fd); return null; });
      if (t) void t.ended.then(() => out.close());
    } else {
      this.stdins.set(rec.Id, await this.kernel.pipeSink(fd));
    }
  }

  /** Where log drivers dial from: a lab's own host namespace, else the engine's (as dockerd dials from the host's). */
  private logDialFrom(): { netns?: string } {
    return this.deps.logNetns ? { netns: this.deps.logNetns } : {};
  }

  /** A container re-adopted after an engine restart: not our child, so watch its runtime state. */
  private async watchAdopted(id: string): Promise<void> {
    for (;;) {
      await this.kernel.sleep(200);
      const rec = this.store.get(id);
      if (!rec?.State.Running) return;
      const r = await loadRecord(this.kernel, this.runtimeRoot, id).catch(() => null);
      if (!r || (await containerStatus(this.kernel, this.runtimeRoot, r)) === 'stopped') {
        await this.onExit(id, (await readExit(this.kernel, this.runtimeRoot, id)) ?? { code: 255, signal: null });
        return;
      }
    }
  }

  private async onExit(id: string, status: ExitStatus): Promise<void> {
    this.stdins.drop(id);
    const rec = this.store.get(id);
    if (!rec) return;
    const code = exitCodeOf(status);
    let oom = false;
    try {
      const stats = await (await chooseCgroupManager(this.kernel, `/dockbook/${id}`)).stats();
      oom = (stats.memory?.oomKills ?? 0) > 0;
    } catch { /* the cgroup is gone already */ }
    await deleteContainer(this.kernel, this.runtimeRoot, id, true).catch(() => {});
    await Promise.all([this.deps.network.detach(id).catch(() => {}), this.deps.images.unmountRootfs(id).catch(() => {})]);
    if (rec.Network) this.events.network('disconnect', rec.Network.Name, { container: id, name: rec.Network.Name, type: 'bridge' });
    this.volumeEvents(rec, 'unmount');
    const ranMs = this.kernel.now() - Date.parse(rec.State.StartedAt);
    rec.State = { ...rec.State, Status: 'exited', Running: false, Paused: false, Pid: 0, ExitCode: code, OOMKilled: oom, FinishedAt: new Date(this.kernel.now()).toISOString() };
    rec.Network = null;
    rec.Networks = undefined;
    await this.store.save(rec);
    if (oom) this.containerEvent(rec, 'oom');
    this.containerEvent(rec, 'die', { exitCode: String(code), execDuration: String(Math.max(0, Math.floor(ranMs / 1000))) });
    this.settle(id, 'exit', code);
    if (rec.HostConfig.AutoRemove) {
      await this.readersDone(id);
      await this.remove(id, { force: true }).catch(() => {});
    }
    else if (this.shouldRestart(rec, code)) {
      rec.RestartCount += 1;
      await this.store.save(rec);
      void this.kernel.sleep(100).then(() => this.start(id)).catch(() => {});
    }
    this.stopping.delete(id);
  }

  private shouldRestart(rec: ContainerRecordV1, code: number): boolean {
    if (this.stopping.has(rec.Id)) return false;
    const p = rec.HostConfig.RestartPolicy;
    switch (p.Name) {
      case 'always':
      case 'unless-stopped': return true;
      case 'on-failure': return code !== 0 && (p.MaximumRetryCount === 0 || rec.RestartCount < p.MaximumRetryCount);
      default: return false;
    }
  }

  /**
   * Keeps an exited --rm container (and its log) until an attached reader has
   * read to the end; `closeStreams` is called if the container fails to start.
   */
  holdRemoval(id: string, closeStreams?: () => void): () => void {
    const hold = { closeStreams };
    const set = this.holds.get(id) ?? new Set();
    set.add(hold);
    this.holds.set(id, set);
    return () => {
      if (!set.delete(hold) || set.size > 0) return;
      this.holds.delete(id);
      for (const resolve of this.holdsReleased.get(id) ?? []) resolve();
      this.holdsReleased.delete(id);
    };
  }

  /**
   * Resolves as soon as every attached reader has let go, or after 2 s so a
   * stuck client cannot keep a container (short sleeps: no long timer keeps
   * an embedded engine's process alive).
   */
  private async readersDone(id: string): Promise<void> {
    if (!this.holds.get(id)?.size) return;
    const released = new Promise<void>((resolve) => {
      const list = this.holdsReleased.get(id) ?? [];
      list.push(resolve);
      this.holdsReleased.set(id, list);
    });
    let done = false;
    void released.then(() => { done = true; });
    for (let i = 0; i < 100 && !done; i++) await Promise.race([this.kernel.sleep(20), released]);
  }

  // ── wait / stop / kill / remove ────────────────────────────────────
  wait(ref: string, condition: Waiter['condition'] = 'not-running'): Promise<number> {
    const rec = this.resolve(ref);
    if (condition === 'not-running' && !rec.State.Running) return Promise.resolve(rec.State.ExitCode);
    return new Promise((resolve) => {
      const list = this.waiters.get(rec.Id) ?? [];
      list.push({ condition, resolve });
      this.waiters.set(rec.Id, list);
    });
  }

  private settle(id: string, what: 'exit' | 'removed', code: number): void {
    const list = this.waiters.get(id) ?? [];
    const keep = list.filter((w) => {
      const fires = what === 'removed' ? true : w.condition !== 'removed';
      if (fires) w.resolve(code);
      return !fires;
    });
    if (keep.length) this.waiters.set(id, keep);
    else this.waiters.delete(id);
  }

  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const rec = this.resolve(ref);
    if (!rec.State.Running) throw notRunning(rec.Id);
    const sig = parseSignal(signal);
    if (sig.name === 'SIGKILL') this.stopping.add(rec.Id);
    await this.thawIfPaused(rec);
    await killContainer(this.kernel, this.runtimeRoot, rec.Id, sig.name);
    this.containerEvent(rec, 'kill', { signal: String(sig.number) });
  }

  /** SIGTERM (or the image's StopSignal), then SIGKILL after `timeoutS`, as `docker stop`. */
  async stop(ref: string, timeoutS = 10): Promise<void> {
    const rec = this.resolve(ref);
    if (!rec.State.Running) return;
    this.stopping.add(rec.Id);
    await this.thawIfPaused(rec);
    const exited = this.wait(rec.Id, 'next-exit');
    await killContainer(this.kernel, this.runtimeRoot, rec.Id, rec.Config.StopSignal ?? 'SIGTERM').catch(() => {});
    const result = await Promise.race([exited.then(() => 'exited' as const), this.kernel.sleep(timeoutS * 1000).then(() => 'timeout' as const)]);
    if (result === 'timeout') {
      await killContainer(this.kernel, this.runtimeRoot, rec.Id, 'SIGKILL', true).catch(() => {});
      await exited;
    }
    this.containerEvent(rec, 'stop');
  }

  async restart(ref: string, timeoutS = 10): Promise<void> {
    await this.stop(ref, timeoutS);
    await this.start(ref);
  }

  async remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const rec = this.resolve(ref);
    if (rec.State.Running) {
      if (!opts.force) throw removeRunning(rec.Id);
      this.stopping.add(rec.Id);
      await this.thawIfPaused(rec);
      const exited = this.wait(rec.Id, 'next-exit');
      await killContainer(this.kernel, this.runtimeRoot, rec.Id, 'SIGKILL', true).catch(() => {});
      await exited;
    }
    await Promise.all([this.deps.images.removeLayer(rec.Id).catch(() => {}), this.store.delete(rec.Id)]);
    if (opts.volumes) {
      // rm -v (and --rm) take the container's anonymous volumes with it; named volumes stay.
      for (const m of rec.Mounts ?? []) {
        const v = m.Type === 'volume' && m.Name ? await this.volumes.get(m.Name) : null;
        if (v?.Anonymous) await this.volumes.remove(v.Name, this.volumeUsers(v.Name)).catch(() => {});
      }
    }
    this.containerEvent(rec, 'destroy');
    this.settle(rec.Id, 'removed', rec.State.ExitCode);
  }

  /** A frozen process cannot act on a signal: stop, kill and rm -f thaw the container first, as dockerd does. */
  private async thawIfPaused(rec: ContainerRecordV1): Promise<void> {
    if (rec.State.Paused) await this.unpause(rec.Id);
  }

  /** `docker pause`: the freezer stops every process of the container where it stands. */
  async pause(ref: string): Promise<void> {
    const rec = this.resolve(ref);
    if (!rec.State.Running) throw notRunning(rec.Id);
    if (rec.State.Paused) throw new DockbookError('E_CONFLICT', `Container ${rec.Id} is already paused`);
    await (await chooseCgroupManager(this.kernel, `/dockbook/${rec.Id}`)).freeze();
    rec.State = { ...rec.State, Paused: true, Status: 'paused' };
    await this.store.save(rec);
    this.containerEvent(rec, 'pause');
  }

  async unpause(ref: string): Promise<void> {
    const rec = this.resolve(ref);
    if (!rec.State.Paused) throw new DockbookError('E_CONFLICT', `Container ${rec.Id} is not paused`);
    await (await chooseCgroupManager(this.kernel, `/dockbook/${rec.Id}`)).thaw();
    rec.State = { ...rec.State, Paused: false, Status: 'running' };
    await this.store.save(rec);
    this.containerEvent(rec, 'unpause');
  }

  async rename(ref: string, name: string): Promise<void> {
    const rec = this.resolve(ref);
    const clean = name.replace(/^\//, '');
    if (!NAME_RE.test(clean)) throw invalidName(name);
    const clash = this.store.all().find((c) => c.Name === `/${clean}` && c.Id !== rec.Id);
    if (clash) throw nameConflict(clean, clash.Id);
    const oldName = rec.Name;
    rec.Name = `/${clean}`;
    await this.store.save(rec);
    this.containerEvent(rec, 'rename', { oldName });
  }

  /** `docker container prune`: every stopped container. */
  async prune(): Promise<string[]> {
    const gone: string[] = [];
    for (const c of this.store.all().filter((x) => !x.State.Running)) {
      await this.remove(c.Id);
      gone.push(c.Id);
    }
    return gone;
  }

  /** A container event as dockerd words it: the image as given, the name, the labels, and what the action adds. */
  containerEvent(rec: ContainerRecordV1, action: string, extra: Record<string, string> = {}): void {
    const attributes = { ...rec.Config.Labels, ...extra, image: rec.ImageRef || rec.Config.Image, name: rec.Name.slice(1) };
    this.events.emit({ Type: 'container', Action: action, id: rec.Id, attributes });
  }

  private volumeEvents(rec: ContainerRecordV1, action: 'mount' | 'unmount'): void {
    for (const m of rec.Mounts ?? []) {
      if (m.Type !== 'volume' || !m.Name) continue;
      const attributes: Record<string, string> = action === 'mount'
        ? { container: rec.Id, destination: m.Destination, driver: 'local', propagation: '', 'read/write': String(m.RW) }
        : { container: rec.Id, driver: 'local' };
      this.events.volume(action, m.Name, attributes);
    }
  }

  /** Containers whose mounts use a volume: it cannot be removed meanwhile. */
  volumeUsers(name: string): string[] {
    return this.store.all().filter((c) => (c.Mounts ?? []).some((m) => m.Name === name) || (c.HostConfig.Binds ?? []).some((b) => b.split(':')[0] === name)).map((c) => c.Id);
  }

  /** Host pids in the container, for `top`. */
  async pids(ref: string): Promise<number[]> {
    const rec = this.resolve(ref);
    if (!rec.State.Running) throw notRunning(rec.Id);
    return (await chooseCgroupManager(this.kernel, `/dockbook/${rec.Id}`)).pids();
  }
}
