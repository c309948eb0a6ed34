import { fail } from '../errno.js';

export interface OverlayOptions {
  /** Top first, as given: the leftmost lower directory is the highest layer. */
  readonly lowerdirs: string[];
  readonly lowerdirText: string;
  readonly upperdir: string | null;
  readonly workdir: string | null;
  /** Options mountinfo shows after the layers, as this kernel prints them. */
  readonly shown: string[];
  /** Whether the upper root gets a trusted.overlay.uuid. */
  readonly uuid: boolean;
}

/**
 * Options whose only accepted values are the behaviour simulated here:
 * Docker's defaults. Asking for redirect_dir=on or index=on is refused with
 * EINVAL and a hint, rather than silently behaving differently.
 */
const FIXED: Record<string, readonly string[]> = {
  redirect_dir: ['off', 'nofollow', 'follow'],
  index: ['off'],
  metacopy: ['off'],
  xino: ['off', 'auto'],
  nfs_export: ['off'],
  uuid: ['on', 'auto', 'null', 'off'],
};

/** Splits on `sep` where it is not escaped by a backslash, and drops the escapes. */
function splitEscaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += s[++i]!;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

export function parseOverlayOptions(data: string): OverlayOptions {
  let lowerdirText: string | null = null;
  let upperdir: string | null = null;
  let workdir: string | null = null;
  let redirect = 'follow';
  let uuid = 'on';
  for (const opt of splitEscaped(data, ',').filter(Boolean)) {
    const eq = opt.indexOf('=');
    const key = eq < 0 ? opt : opt.slice(0, eq);
    const value = eq < 0 ? '' : opt.slice(eq + 1);
    if (key === 'lowerdir') lowerdirText = value;
    else if (key === 'upperdir') upperdir = value;
    else if (key === 'workdir') workdir = value;
    else if (key in FIXED) {
      if (!FIXED[key]!.includes(value)) fail('EINVAL', `the simulator models overlayfs with ${key}=${FIXED[key]![0]} only`);
      if (key === 'redirect_dir') redirect = value;
      if (key === 'uuid') uuid = value === 'auto' ? 'on' : value;
    } else {
      fail('EINVAL', `overlay does not know the option "${key}"`);
    }
  }
  if (!lowerdirText) fail('EINVAL', "overlay needs 'lowerdir'");
  if (lowerdirText.includes('::')) fail('EINVAL', 'data-only lower layers (::) are not simulated');
  const lowerdirs = lowerdirText.split(':');
  if (lowerdirs.some((d) => d === '')) fail('EINVAL');
  if (upperdir !== null && workdir === null) fail('EINVAL', "overlay needs 'workdir' with 'upperdir'");
  // What a 6.x kernel prints: `off` and `follow` both mean its default (follow) and go unshown;
  // an overlay without an upper layer always reports redirect_dir=on and no uuid.
  const shown = [`lowerdir=${lowerdirText}`];
  if (upperdir === null) {
    shown.push('redirect_dir=on');
  } else {
    shown.push(`upperdir=${upperdir}`, `workdir=${workdir}`);
    if (redirect === 'nofollow') shown.push('redirect_dir=nofollow');
    shown.push(`uuid=${uuid}`);
  }
  return { lowerdirs, lowerdirText, upperdir, workdir: upperdir === null ? null : workdir, shown, uuid: upperdir !== null && uuid === 'on' };
}
