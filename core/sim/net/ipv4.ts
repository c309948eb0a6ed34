/** IPv4 addresses as numbers and prefixes: the arithmetic every routing decision needs. */

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function networkOf(ip: string, len: number): string {
  return intToIp(len === 0 ? 0 : Math.floor(ipToInt(ip) / 2 ** (32 - len)) * 2 ** (32 - len));
}

/** Whether `ip` lies in `cidr` ("default" is 0.0.0.0/0, a bare address is a /32). */
export function inCidr(ip: string, cidr: string): boolean {
  if (cidr === 'default') return true;
  const [net, lenText] = cidr.split('/') as [string, string | undefined];
  const len = lenText === undefined ? 32 : Number(lenText);
  if (len === 0) return true;
  const span = 2 ** (32 - len);
  return Math.floor(ipToInt(ip) / span) === Math.floor(ipToInt(net) / span);
}

export function prefixLength(cidr: string): number {
  if (cidr === 'default') return 0;
  const slash = cidr.indexOf('/');
  return slash < 0 ? 32 : Number(cidr.slice(slash + 1));
}

export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.');
}

/** The broadcast address of an interface address such as 10.0.0.2/24. */
export function broadcastOf(cidr: string): string {
  const [ip, len] = cidr.split('/') as [string, string];
  const span = 2 ** (32 - Number(len));
  return intToIp(Math.floor(ipToInt(ip) / span) * span + span - 1);
}
