import { describe, expect, it } from 'vitest';
import { DockbookError, asDockbookError } from '../core/errors.js';
import { KernelError } from '../core/kernel/kernel-error.js';

describe('DockbookError', () => {
  it('keeps a stable code, a hint and the cause', () => {
    const cause = new Error('low level');
    const e = new DockbookError('E_MOUNT_FAILED', 'could not mount', { hint: 'check overlay', cause });
    expect(e.code).toBe('E_MOUNT_FAILED');
    expect(e.hint).toBe('check overlay');
    expect(e.cause).toBe(cause);
    expect(e.exitCode).toBe(125);
  });

  it('prints as one line with its code and hint', () => {
    const line = new DockbookError('E_USAGE', 'bad flag', { hint: 'see --help' }).oneLine();
    expect(line).toBe('E_USAGE bad flag (hint: see --help)');
    expect(line).not.toContain('\n');
  });

  it('wraps foreign errors without losing them', () => {
    const raw = new TypeError('boom');
    const e = asDockbookError(raw);
    expect(e.code).toBe('E_INTERNAL');
    expect(e.cause).toBe(raw);
    expect(asDockbookError(e)).toBe(e);
  });
});

describe('KernelError', () => {
  it('names the call, what it acted on and the errno', () => {
    const e = new KernelError('mount', 'overlay → /var/lib/dockbook/x', 22);
    expect(e.message).toBe('mount(overlay → /var/lib/dockbook/x): EINVAL');
    expect(e.errno).toBe(22);
    expect(e.errnoCode).toBe('EINVAL');
    expect(e.code).toBe('E_SYSCALL');
  });

  it('accepts an errno name and finds its number', () => {
    const e = new KernelError('open', '/nope', 'ENOENT');
    expect(e.errno).toBe(2);
    expect(e.hint).toMatch(/does not exist/);
  });
});
