import { inCidr } from './ipv4.js';

/** One condition of an nft rule, in the shape `nft -j` prints. */
export type NftMatch =
  | { readonly on: 'fib-daddr-type'; readonly op: '==' | '!='; readonly value: string }
  | { readonly on: 'payload'; readonly protocol: string; readonly field: string; readonly op: '==' | '!='; readonly value: string | number; readonly prefix?: number }
  | { readonly on: 'meta'; readonly key: 'iifname' | 'oifname'; readonly op: '==' | '!='; readonly value: string };

export type NftVerdict =
  | { readonly kind: 'jump'; readonly target: string }
  | { readonly kind: 'dnat'; readonly addr: string; readonly port?: number }
  | { readonly kind: 'masquerade' }
  | { readonly kind: 'accept' }
  | { readonly kind: 'return' };

export interface NftRule {
  readonly handle: number;
  readonly matches: readonly NftMatch[];
  readonly verdict: NftVerdict | null;
  readonly comment?: string;
}

export interface NftChain {
  readonly name: string;
  readonly handle: number;
  readonly hook?: { readonly type: string; readonly hook: string; readonly prio: number; readonly policy: string };
  rules: NftRule[];
}

export interface NftTable {
  readonly family: string;
  readonly name: string;
  readonly handle: number;
  readonly chains: Map<string, NftChain>;
  nextHandle: number;
}

/** What a rule is checked against. */
export interface NftPacketView {
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly dport: number;
  readonly iif?: string;
  readonly oif?: string;
  readonly daddrIsLocal: boolean;
}

export class NftSyntaxError extends Error {}

const PRIORITY: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

/**
 * The nftables ruleset of one network namespace: the subset of nft's
 * language the engine writes (nat chains on hooks, jumps, fib/ip/meta/port
 * matches, dnat and masquerade), loaded as one transaction like `nft -f`.
 */
export class NftRuleset {
  tables = new Map<string, NftTable>();
  private nextTableHandle = 1;

  /** Applies a script; on any error nothing changes (nft's transactions). */
  load(script: string): void {
    const draft = new Map([...this.tables].map(([k, t]) => [k, cloneTable(t)]));
    let handle = this.nextTableHandle;
    const lines = script.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
    let table: NftTable | null = null;
    let chain: NftChain | null = null;
    for (const [n, line] of lines.entries()) {
      const where = `line ${n + 1}: ${line}`;
      let m: RegExpExecArray | null;
      if ((m = /^table (ip|inet) ([A-Za-z0-9_]+) \{\s*(\})?$/.exec(line))) {
        const key = `${m[1]} ${m[2]}`;
        if (!draft.has(key)) draft.set(key, { family: m[1]!, name: m[2]!, handle: handle++, chains: new Map(), nextHandle: 1 });
        table = m[3] ? null : draft.get(key)!;
      } else if ((m = /^delete table (ip|inet) ([A-Za-z0-9_]+)$/.exec(line))) {
        if (!draft.delete(`${m[1]} ${m[2]}`)) throw new NftSyntaxError(`Error: No such file or directory; did you mean table ‘${m[2]}’ in family ${m[1]}?\n${where}`);
      } else if ((m = /^chain ([A-Za-z0-9_]+) \{$/.exec(line)) && table) {
        chain = table.chains.get(m[1]!) ?? { name: m[1]!, handle: table.nextHandle++, rules: [] };
        table.chains.set(chain.name, chain);
      } else if ((m = /^type (nat|filter) hook (prerouting|output|postrouting|input|forward) priority ([a-z]+|-?\d+); policy (accept|drop);$/.exec(line)) && chain) {
        const prio = /^-?\d+$/.test(m[3]!) ? Number(m[3]) : PRIORITY[m[3]!];
        if (prio === undefined) throw new NftSyntaxError(`Error: unknown priority ${m[3]}\n${where}`);
        (chain as { hook?: NftChain['hook'] }).hook = { type: m[1]!, hook: m[2]!, prio, policy: m[4]! };
      } else if (line === '}') {
        if (chain) chain = null;
        else table = null;
      } else if (chain && table) {
        chain.rules.push(parseRule(line, table.nextHandle++, where));
      } else {
        throw new NftSyntaxError(`Error: syntax error, unexpected ${line.split(' ')[0]}\n${where}`);
      }
    }
    for (const t of draft.values()) {
      for (const c of t.chains.values()) {
        for (const r of c.rules) if (r.verdict?.kind === 'jump' && !t.chains.has(r.verdict.target)) throw new NftSyntaxError(`Error: Could not process rule: No such file or directory\njump ${r.verdict.target}`);
      }
    }
    this.tables = draft;
    this.nextTableHandle = handle;
  }

  /**
   * Runs the nat chains of a hook in priority order. The first dnat or
   * masquerade decides; nothing matched means the packet passes unchanged.
   */
  natVerdict(hook: 'prerouting' | 'output' | 'postrouting', p: NftPacketView): Extract<NftVerdict, { kind: 'dnat' | 'masquerade' }> | null {
    const chains: Array<{ t: NftTable; c: NftChain }> = [];
    for (const t of this.tables.values()) for (const c of t.chains.values()) if (c.hook?.type === 'nat' && c.hook.hook === hook) chains.push({ t, c });
    chains.sort((a, b) => a.c.hook!.prio - b.c.hook!.prio);
    for (const { t, c } of chains) {
      const v = runChain(t, c, p, 0);
      if (v) return v;
    }
    return null;
  }

  /** `nft -j list ruleset`, as nft 1.0.6 prints it. */
  toJson(): string {
    const out: unknown[] = [{ metainfo: { version: '1.0.6', release_name: 'Lester Gooch #5', json_schema_version: 1 } }];
    for (const t of this.tables.values()) out.push({ table: { family: t.family, name: t.name, handle: t.handle } });
    for (const t of this.tables.values()) {
      for (const c of t.chains.values()) {
        out.push({ chain: { family: t.family, table: t.name, name: c.name, handle: c.handle, ...(c.hook ? { type: c.hook.type, hook: c.hook.hook, prio: c.hook.prio, policy: c.hook.policy } : {}) } });
      }
      for (const c of t.chains.values()) {
        for (const r of c.rules) {
          out.push({ rule: { family: t.family, table: t.name, chain: c.name, handle: r.handle, ...(r.comment !== undefined ? { comment: r.comment } : {}), expr: [...r.matches.map(matchJson), ...(r.verdict ? [verdictJson(r.verdict)] : [])] } });
        }
      }
    }
    return JSON.stringify({ nftables: out });
  }

  /** `nft list ruleset`. */
  toText(): string {
    const tables = [...this.tables.values()].map((t) => {
      const chains = [...t.chains.values()].map((c) => {
        const head = c.hook ? [`\t\ttype ${c.hook.type} hook ${c.hook.hook} priority ${prioName(c.hook)}; policy ${c.hook.policy};`] : [];
        return [`\tchain ${c.name} {`, ...head, ...c.rules.map((r) => `\t\t${ruleText(r)}`), '\t}'].join('\n');
      });
      return `table ${t.family} ${t.name} {\n${chains.join('\n\n')}\n}`;
    });
    return tables.length ? `${tables.join('\n')}\n` : '';
  }
}

function cloneTable(t: NftTable): NftTable {
  return { ...t, chains: new Map([...t.chains].map(([k, c]) => [k, { ...c, rules: [...c.rules] }])) };
}

function runChain(t: NftTable, c: NftChain, p: NftPacketView, depth: number): Extract<NftVerdict, { kind: 'dnat' | 'masquerade' }> | null {
  if (depth > 16) return null;
  for (const r of c.rules) {
    if (!r.matches.every((m) => matches(m, p))) continue;
    const v = r.verdict;
    if (!v) continue;
    if (v.kind === 'dnat' || v.kind === 'masquerade') return v;
    if (v.kind === 'accept') return null;
    if (v.kind === 'return') break;
    const target = t.chains.get(v.target);
    const inner = target ? runChain(t, target, p, depth + 1) : null;
    if (inner) return inner;
  }
  return null;
}

function matches(m: NftMatch, p: NftPacketView): boolean {
  let hit: boolean;
  if (m.on === 'fib-daddr-type') hit = m.value === 'local' ? p.daddrIsLocal : false;
  else if (m.on === 'meta') hit = (m.key === 'iifname' ? p.iif : p.oif) === m.value;
  else if (m.field === 'dport') hit = p.proto === m.protocol && p.dport === m.value;
  else {
    const addr = m.field === 'daddr' ? p.dst : p.src;
    hit = m.prefix !== undefined ? inCidr(addr, `${String(m.value)}/${m.prefix}`) : addr === m.value;
  }
  return m.op === '==' ? hit : !hit;
}

function parseRule(line: string, handle: number, where: string): NftRule {
  const tokens = line.match(/"[^"]*"|\S+/g) ?? [];
  const matchesOut: NftMatch[] = [];
  let verdict: NftVerdict | null = null;
  let comment: string | undefined;
  const unq = (s: string): string => s.replace(/^"|"$/g, '');
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i]!;
    const opAt = (k: number): { op: '==' | '!='; next: number } => (tokens[k] === '!=' ? { op: '!=', next: k + 1 } : tokens[k] === '==' ? { op: '==', next: k + 1 } : { op: '==', next: k });
    if (t === 'fib' && tokens[i + 1] === 'daddr' && tokens[i + 2] === 'type') {
      const { op, next } = opAt(i + 3);
      matchesOut.push({ on: 'fib-daddr-type', op, value: tokens[next]! });
      i = next + 1;
    } else if ((t === 'iifname' || t === 'oifname')) {
      const { op, next } = opAt(i + 1);
      matchesOut.push({ on: 'meta', key: t, op, value: unq(tokens[next] ?? '') });
      i = next + 1;
    } else if (t === 'ip' && (tokens[i + 1] === 'daddr' || tokens[i + 1] === 'saddr')) {
      const { op, next } = opAt(i + 2);
      const [addr, len] = (tokens[next] ?? '').split('/') as [string, string | undefined];
      matchesOut.push({ on: 'payload', protocol: 'ip', field: tokens[i + 1]!, op, value: addr, ...(len !== undefined ? { prefix: Number(len) } : {}) });
      i = next + 1;
    } else if ((t === 'tcp' || t === 'udp') && tokens[i + 1] === 'dport') {
      const { op, next } = opAt(i + 2);
      matchesOut.push({ on: 'payload', protocol: t, field: 'dport', op, value: Number(tokens[next]) });
      i = next + 1;
    } else if (t === 'jump' && tokens[i + 1]) {
      verdict = { kind: 'jump', target: tokens[i + 1]! };
      i += 2;
    } else if (t === 'dnat' && tokens[i + 1] === 'to' && tokens[i + 2]) {
      const [addr, port] = tokens[i + 2]!.split(':') as [string, string | undefined];
      verdict = { kind: 'dnat', addr, ...(port !== undefined ? { port: Number(port) } : {}) };
      i += 3;
    } else if (t === 'masquerade' || t === 'accept' || t === 'return') {
      verdict = { kind: t };
      i += 1;
    } else if (t === 'comment' && tokens[i + 1]) {
      comment = unq(tokens[i + 1]!);
      i += 2;
    } else {
      throw new NftSyntaxError(`Error: syntax error, unexpected ${t}\n${where}`);
    }
  }
  return { handle, matches: matchesOut, verdict, ...(comment !== undefined ? { comment } : {}) };
}

function matchJson(m: NftMatch): unknown {
  if (m.on === 'fib-daddr-type') return { match: { op: m.op, left: { fib: { result: 'type', flags: ['daddr'] } }, right: m.value } };
  if (m.on === 'meta') return { match: { op: m.op, left: { meta: { key: m.key } }, right: m.value } };
  const right = m.prefix !== undefined ? { prefix: { addr: m.value, len: m.prefix } } : m.value;
  return { match: { op: m.op, left: { payload: { protocol: m.protocol, field: m.field } }, right } };
}

function verdictJson(v: NftVerdict): unknown {
  switch (v.kind) {
    case 'jump': return { jump: { target: v.target } };
    case 'dnat': return { dnat: { addr: v.addr, ...(v.port !== undefined ? { port: v.port } : {}) } };
    case 'masquerade': return { masquerade: null };
    default: return { [v.kind]: null };
  }
}

function prioName(h: NonNullable<NftChain['hook']>): string {
  if (h.hook === 'output') return String(h.prio);
  const name = Object.entries(PRIORITY).find(([, n]) => n === h.prio)?.[0];
  return name ?? String(h.prio);
}

function ruleText(r: NftRule): string {
  const parts = r.matches.map((m) => {
    const op = m.op === '!=' ? '!= ' : '';
    if (m.on === 'fib-daddr-type') return `fib daddr type ${op}${m.value}`;
    if (m.on === 'meta') return `${m.key} ${op}"${m.value}"`;
    if (m.field === 'dport') return `${m.protocol} dport ${op}${m.value}`;
    return `ip ${m.field} ${op}${String(m.value)}${m.prefix !== undefined ? `/${m.prefix}` : ''}`;
  });
  const v = r.verdict;
  if (v?.kind === 'jump') parts.push(`jump ${v.target}`);
  else if (v?.kind === 'dnat') parts.push(`dnat to ${v.addr}${v.port !== undefined ? `:${v.port}` : ''}`);
  else if (v) parts.push(v.kind);
  if (r.comment !== undefined) parts.push(`comment "${r.comment}"`);
  return parts.join(' ');
}
