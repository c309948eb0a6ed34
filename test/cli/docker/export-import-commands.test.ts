import { describe, expect, it } from 'vitest';
import { loadImages } from '../../../core/cli/docker/export-import-commands.js';
import type { DockerIo } from '../../../core/cli/docker/docker-io.js';
import type { ApiCall } from '../../../core/cli/docker/transport.js';

/** An engine that takes `ms` to load, and an io that records the output and the status line. */
function io(ms: number, withProgress: boolean): { io: DockerIo; out: string[]; status: (string | null)[]; calls: ApiCall[] } {
  const out: string[] = [];
  const status: (string | null)[] = [];
  const calls: ApiCall[] = [];
  return {
    out, status, calls,
    io: {
      program: 'dockbook',
      out: (t) => out.push(String(t)),
      err: () => {},
      stdin: async () => new Uint8Array(3 * 1024 * 1024),
      ...(withProgress ? { progress: (l: string | null) => status.push(l) } : {}),
      api: {
        request: async (call) => {
          calls.push(call);
          await new Promise((r) => setTimeout(r, ms));
          return { status: 200, body: `${JSON.stringify({ stream: 'Loaded image: dbktest:v1\n' })}\r\n` };
        },
        stream: async function* () {},
      },
    },
  };
}

describe('docker load in the dockbook CLI', () => {
  it('shows a spinner with the archive size and the seconds while the engine loads, then clears it and prints what was loaded', async () => {
    const t = io(350, true);
    expect(await loadImages(t.io, undefined, false)).toBe(0);
    expect(t.out.join('')).toBe('Loaded image: dbktest:v1\n');
    expect(t.status[0]).toMatch(/^. Loading image archive \(3\.15MB\) 0\.0s$/);
    expect(t.status.length).toBeGreaterThanOrEqual(3);
    expect(t.status.at(-1)).toBeNull();
    expect(t.calls[0]).toMatchObject({ method: 'POST', path: '/images/load', query: { quiet: '0' } });
  });

  it('draws nothing with -q, or where stderr is not a terminal', async () => {
    const quiet = io(150, true);
    await loadImages(quiet.io, undefined, true);
    expect(quiet.status).toEqual([]);
    const piped = io(150, false);
    await loadImages(piped.io, undefined, false);
    expect(piped.out.join('')).toBe('Loaded image: dbktest:v1\n');
  });
});
