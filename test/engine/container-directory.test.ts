import { describe, expect, it } from 'vitest';
import { ContainerDirectory } from '../../core/engine/container-directory.js';
import { parseLink } from '../../core/engine/container-networking.js';

const ID = 'a1b2c3d4e5f6' + '0'.repeat(52);

describe('the names the embedded DNS answers', () => {
  it('knows a container by its current name, its short or full id, and its aliases', () => {
    const dir = new ContainerDirectory();
    let name = 'web';
    dir.setNames(() => name);
    expect(dir.matches(ID, 'web', [])).toBe(true);
    expect(dir.matches(ID, 'a1b2c3d4e5f6', [])).toBe(true);
    expect(dir.matches(ID, ID, [])).toBe(true);
    expect(dir.matches(ID, 'a1b2c3', [])).toBe(false);
    expect(dir.matches(ID, 'svc', ['Svc'])).toBe(true);
    name = 'renamed';
    expect(dir.matches(ID, 'web', [])).toBe(false);
    expect(dir.matches(ID, 'renamed', [])).toBe(true);
  });

  it('rotates a name\'s addresses by one place per call, each name on its own turn', () => {
    const dir = new ContainerDirectory();
    const list = ['10.0.0.2', '10.0.0.3', '10.0.0.4'];
    expect([0, 1, 2, 3].map(() => dir.rotate('svc', list)[0])).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.2']);
    expect(dir.rotate('other', list)[0]).toBe('10.0.0.2');
    expect(dir.rotate('svc', list)).toEqual(['10.0.0.3', '10.0.0.4', '10.0.0.2']);
  });
});

describe('--link', () => {
  it('reads the forms the docker client sends and the one users type', () => {
    expect(parseLink('/db:/web/database')).toEqual({ name: 'db', alias: 'database' });
    expect(parseLink('db:database')).toEqual({ name: 'db', alias: 'database' });
    expect(parseLink('db')).toEqual({ name: 'db', alias: 'db' });
    expect(() => parseLink(':x')).toThrow(/invalid link/);
  });
});
