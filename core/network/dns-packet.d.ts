/**
 * The part of the `dns-packet` npm library the embedded DNS server uses,
 * typed here without Node's Buffer (engine code sees no Node types; the
 * library's Buffer is a Uint8Array subclass, which is all callers rely on).
 */
declare module 'dns-packet' {
  export interface Question { type: string; name: string; class?: string }
  export interface Answer { type: string; name: string; class?: string; ttl?: number; data: unknown }
  export interface Packet {
    type?: 'query' | 'response';
    id?: number;
    flags?: number;
    questions?: Question[];
    answers?: Answer[];
    authorities?: Answer[];
    additionals?: Answer[];
  }
  export const RECURSION_DESIRED: number;
  export const RECURSION_AVAILABLE: number;
  export const AUTHORITATIVE_ANSWER: number;
  export function encode(packet: Packet): Uint8Array;
  export function decode(bytes: Uint8Array): Packet & { rcode?: string; flag_rd?: boolean };
}
