import type { CheckSpec } from '../../labs/lab-types.js';
import type { Observation } from '../../labs/observation-types.js';
import type { CheckOutcome } from './lab-events.js';

type RoundRobin = Extract<CheckSpec, { kind: 'dns-round-robin' }>;
type DnsAnswers = Extract<Observation, { kind: 'dnsAnswers' }>;

/** The answer moved one place: what was second is now first, and the first went to the back. */
function rotatedByOne(before: readonly string[], after: readonly string[]): boolean {
  return before.length === after.length && before.every((c, i) => after[(i - 1 + before.length) % before.length] === c);
}

/**
 * Judges round robin on the log of answers: the A answers for the name,
 * each as the containers its addresses belong to, in order. Each must hold
 * the listed containers exactly, and each the one before rotated by one.
 */
export function evaluateRoundRobin(check: RoundRobin, o: DnsAnswers): CheckOutcome {
  const name = check.name.toLowerCase();
  const orders = o.answers.filter((a) => a.type === 'A' && a.name === name && a.source === 'containers')
    .map((a) => a.addresses.map((x) => x.container ?? x.address));
  const want = [...check.containers].sort().join(',');
  const complete = orders.every((order) => [...order].sort().join(',') === want);
  const rotating = orders.every((order, i) => i === 0 || rotatedByOne(orders[i - 1]!, order));
  const pass = orders.length >= check.queries && complete && rotating;
  return {
    pass,
    observed: orders.map((order, i) => `${i + 1}: ${order.join(' ')}`),
    expected: `≥ ${check.queries} answers, each of ${check.containers.join(' ')}, rotated by one per query`,
  };
}
