import { describe, expect, it } from 'vitest';
import { parseSyslog } from '../../../core/labs/log-receivers/syslog-message.js';

describe('parseSyslog', () => {
  it('reads an RFC 5424 message as Docker writes it: PRI split into facility and severity, the tag as app-name', () => {
    const m = parseSyslog('<134>1 2026-12-07T02:04:19Z labhost web 4242 web - hello tcp');
    expect(m).toEqual({
      format: 'rfc5424', pri: 134, facility: 'local0', severity: 'info', timestamp: '2026-12-07T02:04:19Z',
      hostname: 'labhost', appName: 'web', procId: '4242', msgId: 'web', msg: 'hello tcp',
    });
  });

  it('skips RFC 5424 structured data, even with an escaped ] inside a value, and a BOM before the message', () => {
    const m = parseSyslog('<11>1 2026-12-07T02:04:19.5Z h app - - [ex@1 a="x\\]y"][b@2 c="d"] \u{feff}after sd');
    expect(m?.msg).toBe('after sd');
    expect(m?.severity).toBe('err');
    expect(m?.facility).toBe('user');
    expect(m?.procId).toBeNull();
  });

  it('reads RFC 3164 with a host and TAG[PID]:', () => {
    const m = parseSyslog('<30>Dec  7 02:04:19 labhost 7b4d46bfcb37[99]: hello syslog');
    expect(m).toMatchObject({ format: 'rfc3164', facility: 'daemon', severity: 'info', timestamp: 'Dec  7 02:04:19', hostname: 'labhost', appName: '7b4d46bfcb37', procId: '99', msg: 'hello syslog' });
  });

  it("reads Docker's unix-socket header, which has no host", () => {
    const m = parseSyslog('<27>Dec 17 12:00:00 app[5]: broken: yes');
    expect(m).toMatchObject({ hostname: null, appName: 'app', procId: '5', msg: 'broken: yes', severity: 'err' });
  });

  it("reads Docker's header without a syslog-format over the network: <PRI> then an RFC 3339 time", () => {
    const m = parseSyslog('<30> 2026-12-07T02:04:19Z labhost 7b4d46bfcb37[99]: hello syslog\n');
    expect(m).toMatchObject({ format: 'default', timestamp: '2026-12-07T02:04:19Z', hostname: 'labhost', appName: '7b4d46bfcb37', msg: 'hello syslog' });
  });

  it('refuses what does not start with a PRI, or a PRI above 191', () => {
    expect(parseSyslog('hello')).toBeNull();
    expect(parseSyslog('<192>1 - - - - - - x')).toBeNull();
  });
});
