import { DockbookError } from '../../errors.js';
import { call, type DockerIo } from './docker-io.js';
import { humanSize } from './system-commands.js';

/** `docker export [-o FILE] CONTAINER`: the container's flattened root filesystem as a tar, to a file or stdout. */
export async function exportContainer(io: DockerIo, container: string, output: string | undefined): Promise<number> {
  const r = await call(io, { method: 'GET', path: `/containers/${encodeURIComponent(container)}/export` });
  const tar = r.bytes ?? new Uint8Array(0);
  if (output === undefined) { io.out(tar); return 0; }
  if (!io.host) throw new DockbookError('E_UNSUPPORTED', 'export -o needs the files of the machine the command runs on', { exitCode: 1 });
  await (await io.host()).writeFile(output, tar, { mode: 0o600 });
  return 0;
}

/** `docker import [-c CHANGE]… [-m MESSAGE] FILE|- [REPOSITORY[:TAG]]`: prints the new image's id. */
export async function importImage(io: DockerIo, source: string, reference: string | undefined, opts: { changes: readonly string[]; message?: string }): Promise<number> {
  let tar: Uint8Array;
  if (source === '-') {
    if (!io.stdin) throw new DockbookError('E_UNSUPPORTED', 'import - needs a standard input', { exitCode: 1 });
    tar = await io.stdin();
  } else if (/^[a-z]+:\/\//i.test(source)) {
    throw new DockbookError('E_UNSUPPORTED', `importing from ${source} is not supported: this engine makes no outbound connections`, { hint: 'download the tar first, then: import FILE', exitCode: 1 });
  } else {
    if (!io.host) throw new DockbookError('E_UNSUPPORTED', 'import FILE needs the files of the machine the command runs on', { exitCode: 1 });
    tar = await (await io.host()).readFile(source);
  }
  let repo: string | undefined;
  let tag: string | undefined;
  if (reference) {
    const colon = reference.lastIndexOf(':');
    [repo, tag] = colon > reference.lastIndexOf('/') ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, undefined];
  }
  const r = await call(io, { method: 'POST', path: '/images/create', query: { fromSrc: '-', repo, tag, message: opts.message, changes: opts.changes }, body: tar });
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  let id = '';
  for (const line of text.split(/\r?\n/)) {
    try { id = (JSON.parse(line) as { status?: string }).status ?? id; } catch { /* not a progress line */ }
  }
  io.out(`${id}\n`);
  return 0;
}

/** `docker save [-o FILE] IMAGE…`: a docker-save tar of the images, to a file or stdout. */
export async function saveImages(io: DockerIo, images: readonly string[], output: string | undefined): Promise<number> {
  const r = await call(io, { method: 'GET', path: '/images/get', query: { names: images.join(',') } });
  const tar = r.bytes ?? new Uint8Array(0);
  if (output === undefined) { io.out(tar); return 0; }
  if (!io.host) throw new DockbookError('E_UNSUPPORTED', 'save -o needs the files of the machine the command runs on', { exitCode: 1 });
  await (await io.host()).writeFile(output, tar, { mode: 0o600 });
  return 0;
}

/** `docker load [-i FILE] [-q]`: a docker-save or OCI layout tar from a file or stdin; prints what was loaded. */
export async function loadImages(io: DockerIo, input: string | undefined, quiet: boolean): Promise<number> {
  let tar: Uint8Array;
  if (input === undefined) {
    if (!io.stdin) throw new DockbookError('E_UNSUPPORTED', 'load needs a standard input or -i FILE', { exitCode: 1 });
    tar = await io.stdin();
  } else {
    if (!io.host) throw new DockbookError('E_UNSUPPORTED', 'load -i needs the files of the machine the command runs on', { exitCode: 1 });
    tar = await (await io.host()).readFile(input);
  }
  const r = await whileShowing(io, quiet ? null : `Loading image archive (${humanSize(tar.length)})`, () =>
    call(io, { method: 'POST', path: '/images/load', query: { quiet: quiet ? '1' : '0' }, body: tar }));
  const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
  for (const line of text.split(/\r?\n/)) {
    try { io.out((JSON.parse(line) as { stream?: string }).stream ?? ''); } catch { /* not a message line */ }
  }
  return 0;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Runs `work` with a spinner and the seconds so far on the status line (when there is one to draw on). */
async function whileShowing<T>(io: DockerIo, what: string | null, work: () => Promise<T>): Promise<T> {
  const show = io.progress;
  if (!show || what === null) return work();
  let tick = 0;
  const draw = () => { show(`${SPINNER[tick % SPINNER.length]} ${what} ${(tick / 10).toFixed(1)}s`); tick++; };
  draw();
  const timer = setInterval(draw, 100);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    show(null);
  }
}
