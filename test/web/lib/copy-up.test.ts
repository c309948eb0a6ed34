import { describe, expect, it } from 'vitest';
import type { Observation, PathPlacement } from '../../../labs/observation-types.js';
import { newCopyUps } from '../../../web/src/lib/copy-up.js';

type Layers = Extract<Observation, { kind: 'layers' }>;

/** A layers observation of `container` over three image layers, with these placements. */
const seen = (container: string, paths: PathPlacement[]): Layers => ({
  kind: 'layers', container, containerId: null, imageLayers: ['/l/top/diff', '/l/mid/diff', '/l/bottom/diff'],
  writableLayer: { dir: '/w/diff', entries: [] }, changes: [], size: 0, imageSize: 0, virtualSize: 0, paths,
});

describe('which copy-ups the layers panel moves', () => {
  it('moves a file up from the uppermost image layer that has it, through every layer above', () => {
    const now = seen('c', [{ path: '/etc/group', writable: 'file', imageLayers: [2] }, { path: '/etc/passwd', writable: 'file', imageLayers: [1, 2] }]);
    expect(newCopyUps(null, now)).toEqual([{ path: '/etc/group', through: [2, 1, 0] }, { path: '/etc/passwd', through: [1, 0] }]);
  });

  it('leaves alone files added in the container, deleted ones, and untouched image files', () => {
    const now = seen('c', [
      { path: '/new', writable: 'file', imageLayers: [] },
      { path: '/etc/group', writable: 'whiteout', imageLayers: [2] },
      { path: '/etc/passwd', writable: 'absent', imageLayers: [0] },
    ]);
    expect(newCopyUps(null, now)).toEqual([]);
  });

  it('moves a file once: not again when the next look at the same container still finds it copied up, but again for another container', () => {
    const first = seen('c', [{ path: '/etc/passwd', writable: 'file', imageLayers: [0] }]);
    const again = seen('c', [{ path: '/etc/passwd', writable: 'file', imageLayers: [0] }]);
    expect(newCopyUps(first, again)).toEqual([]);
    expect(newCopyUps(first, seen('d', again.paths.slice()))).toEqual([{ path: '/etc/passwd', through: [0] }]);
    expect(newCopyUps(seen('c', [{ path: '/etc/passwd', writable: 'absent', imageLayers: [0] }]), again)).toEqual([{ path: '/etc/passwd', through: [0] }]);
  });
});
