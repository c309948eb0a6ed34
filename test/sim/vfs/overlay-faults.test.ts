import { describe, expect, it } from 'vitest';
import type { SimFaults } from '../../../core/sim/vfs/index.js';
import { overlayFixture } from './overlay-fixture.js';

/** The copy-up scenario, reduced to what an agreement test would compare. */
function copyUpObservation(faults: SimFaults) {
  const f = overlayFixture({ faults });
  const other = f.mountAnother('second');
  f.v.writeFile(`${f.merged}/c`, 'rewritten');
  return {
    merged: f.v.readText(`${f.merged}/c`),
    lower: f.v.readText(`${f.base}/l3/c`),
    upperHasCopy: f.v.exists(`${f.upper}/c`),
    secondOverlay: f.v.readText(`${other}/c`),
    copyUps: f.events.filter((e) => e.type === 'copy-up').length,
  };
}

describe('the deliberate copy-up fault', () => {
  it('is off by default: the copy-up scenario behaves as the kernel does', () => {
    expect(copyUpObservation({})).toEqual({ merged: 'rewritten', lower: 'bot-c', upperHasCopy: true, secondOverlay: 'bot-c', copyUps: 1 });
  });

  it('when on, writes into the lower layer in place, which the copy-up checks catch', () => {
    const good = copyUpObservation({});
    const broken = copyUpObservation({ overlayWriteLowerInPlace: true });
    expect(broken).toEqual({ merged: 'rewritten', lower: 'rewritten', upperHasCopy: false, secondOverlay: 'rewritten', copyUps: 0 });
    expect(broken).not.toEqual(good);
    // Only the merged view looks right: a test that read nothing else would miss the fault.
    expect(broken.merged).toBe(good.merged);
  });
});
