import { describe, expect, it } from 'vitest';
import { decideMode, type DoctorCheck } from '../../core/doctor/report.js';

const ok = (id: string, required = true): DoctorCheck => ({ id, title: id, status: 'ok', detail: 'fine', requiredForReal: required });

describe('decideMode', () => {
  it('chooses real mode when every required check passes, even with warnings', () => {
    expect(decideMode([ok('root'), { ...ok('firewall', false), status: 'warn' }]).mode).toBe('linux');
  });

  it('falls back to the simulator and names every blocking check', () => {
    const d = decideMode([ok('kernel'), { ...ok('root'), status: 'fail', detail: 'not root' }, { ...ok('busybox'), status: 'fail', detail: 'missing' }]);
    expect(d.mode).toBe('sim');
    expect(d.reason).toContain('root: not root');
    expect(d.reason).toContain('busybox: missing');
  });

  it('does not let an optional failure block real mode', () => {
    expect(decideMode([ok('root'), { ...ok('overlay', false), status: 'fail' }]).mode).toBe('linux');
  });
});
