import type { Kernel } from '../kernel/kernel.js';
import type { JsonLogFile, Observation } from '../../labs/observation-types.js';
import type { ContainerBook } from './container-book.js';

const SHOWN_LINES = 50;
/** Beyond Docker's own max-file limits; a lab's rotation never keeps more. */
const MAX_ROTATED = 20;

function parseLine(raw: string): JsonLogFile['lines'][number] {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : null);
    return { log: str('log'), stream: str('stream'), time: str('time'), raw };
  } catch {
    return { log: null, stream: null, time: null, raw };
  }
}

async function readLogFile(kernel: Kernel, path: string): Promise<JsonLogFile | null> {
  let text: string;
  try {
    text = await kernel.readText(path);
  } catch {
    return null;
  }
  const lines = text.split('\n').filter((l) => l !== '');
  return { path, size: new TextEncoder().encode(text).length, lineCount: lines.length, lines: lines.slice(-SHOWN_LINES).map(parseLine) };
}

/**
 * The container's json-file log as it lies on the host: `<id>-json.log` and
 * the rotated `.1`, `.2` … beside it, newest first, read straight from the
 * files (not through `docker logs`).
 */
export async function observeJsonLog(kernel: Kernel, book: ContainerBook, container: string): Promise<Extract<Observation, { kind: 'jsonLog' }>> {
  const path = book.record(container)?.LogPath;
  const files: JsonLogFile[] = [];
  if (path) {
    const live = await readLogFile(kernel, path);
    if (live) files.push(live);
    for (let i = 1; i <= MAX_ROTATED; i++) {
      const rotated = await readLogFile(kernel, `${path}.${i}`);
      if (!rotated) break;
      files.push(rotated);
    }
  }
  return { kind: 'jsonLog', container, files };
}
