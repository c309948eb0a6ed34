import type { Kernel } from '../kernel/kernel.js';
import type { NetNsRef } from '../kernel/types.js';
import { nftFailed } from './network-errors.js';
import { NFT } from './port-rules.js';
import { runProgram } from './run-program.js';

/** A DNAT rule as found in the live ruleset, whoever wrote it. */
export interface DnatRule {
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  readonly handle: number;
  readonly proto: string | null;
  readonly hostIp: string | null;
  readonly hostPort: number | null;
  /** An input interface the rule skips (`iifname != "br0"`). */
  readonly notFrom: string | null;
  readonly toAddress: string;
  readonly toPort: number | null;
  readonly comment: string | null;
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the ruleset (`nft -j list ruleset`) and keeps its DNAT rules. */
export async function readDnatRules(kernel: Kernel, where: NetNsRef = {}): Promise<DnatRule[]> {
  const r = await runProgram(kernel, [NFT, '-j', 'list', 'ruleset'], where);
  if (r.code !== 0) throw nftFailed('list ruleset', r.stderr);
  return dnatRulesOf(r.stdout);
}

/** The names of the tables in a ruleset, as `family name`. */
export function tablesOf(json: string): string[] {
  return entries(json).flatMap((o) => {
    const t = o.table;
    return isObj(t) ? [`${String(t.family)} ${String(t.name)}`] : [];
  });
}

export function dnatRulesOf(json: string): DnatRule[] {
  const out: DnatRule[] = [];
  for (const o of entries(json)) {
    const rule = o.rule;
    if (!isObj(rule) || !Array.isArray(rule.expr)) continue;
    const dnat = rule.expr.map((e) => (isObj(e) ? e.dnat : undefined)).find(isObj);
    if (!dnat || typeof dnat.addr !== 'string') continue;
    let proto: string | null = null;
    let hostIp: string | null = null;
    let hostPort: number | null = null;
    let notFrom: string | null = null;
    for (const e of rule.expr) {
      const m = isObj(e) ? e.match : undefined;
      if (!isObj(m) || !isObj(m.left)) continue;
      const payload = m.left.payload;
      const meta = m.left.meta;
      if (isObj(payload) && payload.field === 'dport' && typeof m.right === 'number' && m.op === '==') {
        proto = String(payload.protocol);
        hostPort = m.right;
      } else if (isObj(payload) && payload.protocol === 'ip' && payload.field === 'daddr' && typeof m.right === 'string' && m.op === '==') {
        hostIp = m.right;
      } else if (isObj(meta) && meta.key === 'iifname' && m.op === '!=' && typeof m.right === 'string') {
        notFrom = m.right;
      }
    }
    out.push({
      family: String(rule.family), table: String(rule.table), chain: String(rule.chain), handle: Number(rule.handle),
      proto, hostIp, hostPort, notFrom, toAddress: dnat.addr, toPort: typeof dnat.port === 'number' ? dnat.port : null,
      comment: typeof rule.comment === 'string' ? rule.comment : null,
    });
  }
  return out;
}

function entries(json: string): Json[] {
  const doc: unknown = JSON.parse(json);
  if (!isObj(doc) || !Array.isArray(doc.nftables)) return [];
  return doc.nftables.filter(isObj);
}
