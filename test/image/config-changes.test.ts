import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../core/image/config-changes.js';

describe('--change instructions applied to an image config (docker import/commit)', () => {
  it('takes CMD and ENTRYPOINT in exec form as given and in shell form through /bin/sh -c', () => {
    expect(applyChanges({}, ['CMD ["cat", "/x"]', 'ENTRYPOINT echo hi'])).toEqual({ Cmd: ['cat', '/x'], Entrypoint: ['/bin/sh', '-c', 'echo hi'] });
  });

  it('adds and replaces ENV entries, with quoted values and the old "KEY value" form', () => {
    const c = applyChanges({ Env: ['PATH=/bin', 'A=1'] }, ['ENV A=2 B="two words"', 'ENV C spaced out value']);
    expect(c.Env).toEqual(['PATH=/bin', 'A=2', 'B=two words', 'C=spaced out value']);
  });

  it('sets EXPOSE (tcp by default), VOLUME, LABEL, USER, STOPSIGNAL and a WORKDIR relative to the last one', () => {
    const c = applyChanges({}, ['EXPOSE 80 53/udp', 'VOLUME ["/data"]', 'LABEL a=b', 'USER 1000:1000', 'STOPSIGNAL SIGINT', 'WORKDIR /srv', 'WORKDIR app']);
    expect(c).toEqual({
      ExposedPorts: { '80/tcp': {}, '53/udp': {} }, Volumes: { '/data': {} }, Labels: { a: 'b' }, User: '1000:1000', StopSignal: 'SIGINT', WorkingDir: '/srv/app',
    });
  });

  it('refuses what is not a config change, and an ENV word without "=", with Docker\'s wording', () => {
    expect(() => applyChanges({}, ['RUN echo no'])).toThrow('RUN is not a valid change command');
    expect(() => applyChanges({}, ['ENV A=1 oops'])).toThrow(`Syntax error - can't find = in "oops". Must be of the form: name=value`);
    expect(() => applyChanges({}, ['EXPOSE eighty'])).toThrow('invalid containerPort: eighty');
  });
});
