/** One entry of a v1 devices cgroup's list: `c 1:3 rwm`, `-1` for `*`. */
export interface DeviceRule {
  allow: boolean;
  type: 'a' | 'c' | 'b';
  major: number;
  minor: number;
  access: string;
}

export function parseDeviceRule(text: string, allow: boolean): DeviceRule | null {
  const t = text.trim();
  if (t === 'a') return { allow, type: 'a', major: -1, minor: -1, access: 'rwm' };
  const m = /^([acb]) (\*|\d+):(\*|\d+)(?: ([rwm]{1,3}))?$/.exec(t);
  if (!m) return null;
  const num = (s: string): number => (s === '*' ? -1 : Number(s));
  return { allow, type: m[1] as DeviceRule['type'], major: num(m[2]!), minor: num(m[3]!), access: m[4] ?? 'rwm' };
}

/**
 * Applies a write to devices.allow/deny the way the v1 controller does: `a`
 * resets to allow-all or deny-all; a rule otherwise adds to (allow) or cuts
 * from (deny) the exception list. Modelled as an ordered rule list where the
 * last matching rule wins, starting from the reset default.
 */
export function applyDeviceWrite(rules: DeviceRule[], text: string, allow: boolean): DeviceRule[] | null {
  const r = parseDeviceRule(text, allow);
  if (!r) return null;
  if (r.type === 'a' && r.major === -1 && r.minor === -1 && r.access === 'rwm') return [r];
  return [...rules, r];
}

export function deviceAllowed(rules: readonly DeviceRule[], type: 'c' | 'b', major: number, minor: number, access: 'r' | 'w' | 'm'): boolean {
  let ok = false;
  for (const r of rules) {
    const typeMatch = r.type === 'a' || r.type === type;
    if (typeMatch && (r.major === -1 || r.major === major) && (r.minor === -1 || r.minor === minor) && r.access.includes(access)) ok = r.allow;
  }
  return ok;
}

export function deviceListText(rules: readonly DeviceRule[]): string {
  const star = (n: number): string => (n === -1 ? '*' : String(n));
  const allowed = rules.filter((r) => r.allow);
  if (rules.length === 1 && rules[0]!.allow && rules[0]!.type === 'a') return 'a *:* rwm\n';
  return allowed.filter((r) => r.type !== 'a').map((r) => `${r.type} ${star(r.major)}:${star(r.minor)} ${r.access}\n`).join('');
}
