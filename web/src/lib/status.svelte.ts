import type { ServerStatus } from '../../../core/web-api/status.js';

/** The lab server's view of this host, fetched once at load. */
class HostStatus {
  value = $state<ServerStatus | null>(null);
  offline = $state(false);

  async load(): Promise<void> {
    try {
      const res = await fetch('./api/status');
      if (!res.ok || !res.headers.get('content-type')?.includes('json')) throw new Error(String(res.status));
      this.value = (await res.json()) as ServerStatus;
    } catch {
      this.offline = true;
    }
  }
}

export const hostStatus = new HostStatus();
