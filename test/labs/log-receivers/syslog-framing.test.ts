import { describe, expect, it } from 'vitest';
import { SyslogFramer } from '../../../core/labs/log-receivers/syslog-framing.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('SyslogFramer (RFC 6587)', () => {
  it('cuts newline-terminated messages, the way Docker frames plain tcp', () => {
    const f = new SyslogFramer();
    expect(f.push(bytes('<30>a one\n<30>a two\n'))).toEqual(['<30>a one', '<30>a two']);
  });

  it('reads octet-counted frames, whose message may itself hold a newline', () => {
    const f = new SyslogFramer();
    expect(f.push(bytes('10 <30>1 a\nbc9 <30>1 xyz'))).toEqual(['<30>1 a\nbc', '<30>1 xyz']);
  });

  it('keeps a frame split across reads until it is whole, in either framing', () => {
    const f = new SyslogFramer();
    expect(f.push(bytes('1'))).toEqual([]);
    expect(f.push(bytes('2 <30>1 hel'))).toEqual([]);
    expect(f.push(bytes('lo!<30>la'))).toEqual(['<30>1 hello!']);
    expect(f.push(bytes('st\n'))).toEqual(['<30>last']);
  });

  it('gives a last message without its newline when the sender closes', () => {
    const f = new SyslogFramer();
    expect(f.push(bytes('<30>tail'))).toEqual([]);
    expect(f.flush()).toEqual(['<30>tail']);
    expect(f.flush()).toEqual([]);
  });
});
