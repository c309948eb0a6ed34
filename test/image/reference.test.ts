import { describe, expect, it } from 'vitest';
import {
  familiarString, parseReference, parseReferenceWithDefaultTag, referenceString,
} from '../../core/image/reference.js';

const HEX = 'a'.repeat(64);

describe('image references', () => {
  it.each([
    ['busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36', 'busybox:1.36'],
    ['library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['docker.io/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['index.docker.io/library/busybox', 'docker.io/library/busybox:latest', 'busybox:latest'],
    ['team/app', 'docker.io/team/app:latest', 'team/app:latest'],
    ['localhost:5000/team/app:v2', 'localhost:5000/team/app:v2', 'localhost:5000/team/app:v2'],
    ['localhost/app', 'localhost/app:latest', 'localhost/app:latest'],
    ['ghcr.io/a/b/c:1.0-rc_1', 'ghcr.io/a/b/c:1.0-rc_1', 'ghcr.io/a/b/c:1.0-rc_1'],
    ['[::1]:5000/app', '[::1]:5000/app:latest', '[::1]:5000/app:latest'],
    ['my__app', 'docker.io/library/my__app:latest', 'my__app:latest'],
    ['a--b.c_d', 'docker.io/library/a--b.c_d:latest', 'a--b.c_d:latest'],
    ['Registry.Example/app', 'Registry.Example/app:latest', 'Registry.Example/app:latest'],
  ])('normalises %s to %s and shows it as %s', (input, canonical, familiar) => {
    const ref = parseReferenceWithDefaultTag(input);
    expect(referenceString(ref)).toBe(canonical);
    expect(familiarString(ref)).toBe(familiar);
  });

  it('keeps a digest reference untagged, and keeps both when both are given', () => {
    const byDigest = parseReferenceWithDefaultTag(`busybox@sha256:${HEX}`);
    expect(referenceString(byDigest)).toBe(`docker.io/library/busybox@sha256:${HEX}`);
    expect(byDigest.tag).toBeUndefined();
    expect(familiarString(parseReference(`busybox:1@sha256:${HEX}`))).toBe(`busybox:1@sha256:${HEX}`);
  });

  it.each([
    ['Busybox', 'invalid reference format: repository name (library/Busybox) must be lowercase'],
    ['team/App:v1', 'invalid reference format: repository name (team/App) must be lowercase'],
    ['busybox:', 'invalid reference format'],
    ['busybox:-x', 'invalid reference format'],
    [':latest', 'invalid reference format'],
    ['-busybox', 'invalid reference format'],
    ['busy..box', 'invalid reference format'],
    ['busybox/', 'invalid reference format'],
    ['busybox@sha256:abc', 'invalid reference format'],
    [`busybox:${'t'.repeat(129)}`, 'invalid reference format'],
    [`busybox@sha256:${'a'.repeat(63)}bb`, 'invalid checksum digest length'],
    [`busybox@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    [HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
    [`${'a'.repeat(250)}/bbbbbb`, 'repository name must not be more than 255 characters'],
    ['', 'invalid reference format'],
  ])('rejects %j with Docker\'s message', (input, message) => {
    expect(() => parseReference(input)).toThrow(expect.objectContaining({ code: 'E_INVALID_REFERENCE', message }));
  });
});
