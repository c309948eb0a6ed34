import { describe, expect, it } from 'vitest';
import { NLM_F, NLMSG, decodeAttrs, decodeError, decodeMessages, encodeMessage, u32 } from '../../../core/kernel/linux/netlink-message.js';
import { ipv6Text } from '../../../core/kernel/linux/netlink-route.js';

describe('the netlink wire format', () => {
  it('pads every attribute to 4 bytes and writes the total length in the header', () => {
    const msg = encodeMessage(16, NLM_F.REQUEST, 7, Buffer.alloc(16), [{ type: 3, value: Buffer.from('br0\0') }, { type: 18, value: [{ type: 1, value: Buffer.from('bridge\0') }] }]);
    expect(msg.readUInt32LE(0)).toBe(msg.length);
    expect(msg.length).toBe(16 + 16 + 8 + 4 + 12);
    const [m] = decodeMessages(msg);
    const attrs = decodeAttrs(m!.body, 16);
    expect(attrs.get(3)?.toString()).toBe('br0\0');
    expect(decodeAttrs(attrs.get(18)!).get(1)?.toString()).toBe('bridge\0');
  });

  it('reads an error ack: the errno and, with extended acks, the kernel sentence', () => {
    const echoed = encodeMessage(16, 0, 1, Buffer.alloc(0), []);
    const text = Buffer.from('Unknown device type\0');
    const body = Buffer.concat([Buffer.from(new Int32Array([-95]).buffer), echoed, Buffer.from([text.length + 4, 0, 1, 0]), text, Buffer.alloc(4 - (text.length % 4))]);
    expect(decodeError({ type: NLMSG.ERROR, flags: NLM_F.CAPPED | NLM_F.ACK_TLVS, seq: 1, body })).toEqual({ errno: 95, text: 'Unknown device type' });
    expect(decodeError({ type: NLMSG.ERROR, flags: 0, seq: 1, body: Buffer.concat([Buffer.from(u32(0)), echoed]) })).toEqual({ errno: 0 });
  });

  it('writes IPv6 addresses as iproute2 does (RFC 5952: longest zero run shortened, lower case)', () => {
    const bytes = (words: number[]) => Buffer.from(words.flatMap((w) => [w >> 8, w & 0xff]));
    expect(ipv6Text(bytes([0, 0, 0, 0, 0, 0, 0, 1]))).toBe('::1');
    expect(ipv6Text(bytes([0xfe80, 0, 0, 0, 0x42, 0xacff, 0xfe11, 2]))).toBe('fe80::42:acff:fe11:2');
    expect(ipv6Text(bytes([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1]))).toBe('2001:db8:0:1::1');
    expect(ipv6Text(bytes([0x2001, 0xdb8, 1, 2, 3, 4, 5, 6]))).toBe('2001:db8:1:2:3:4:5:6');
  });
});
