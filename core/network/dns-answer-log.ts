/** One address of an answer, and the container it belongs to on the asker's networks (null: none of them, e.g. forwarded). */
export interface DnsAnswerAddress {
  readonly address: string;
  readonly container: string | null;
}

/** One query the embedded DNS answered, as the learner would want to see it. */
export interface DnsAnswerRecord {
  /** Increases by one per answer of one engine: the order the answers went out. */
  readonly seq: number;
  /** Kernel time, ms since the epoch (virtual on the simulator). */
  readonly t: number;
  readonly asker: { readonly id: string; readonly name: string };
  /** The question as asked, without the trailing dot, lower case. */
  readonly name: string;
  /** The record type asked for (A, AAAA, …). */
  readonly type: string;
  /** Answered from the engine's own books, or forwarded to the host's resolvers. */
  readonly source: 'containers' | 'upstream';
  /** In the order the answer listed them: round robin shows as a different first address per query. */
  readonly addresses: readonly DnsAnswerAddress[];
}

/** How many answers an engine keeps: a lab makes a handful, a busy container must not grow the engine without end. */
export const DNS_ANSWER_LOG_SIZE = 200;

/** The newest answers of one engine's embedded DNS servers, oldest first. */
export class DnsAnswerLog {
  private readonly kept: DnsAnswerRecord[] = [];
  private seq = 0;

  constructor(private readonly size = DNS_ANSWER_LOG_SIZE) {}

  record(answer: Omit<DnsAnswerRecord, 'seq'>): void {
    this.kept.push({ seq: ++this.seq, ...answer });
    if (this.kept.length > this.size) this.kept.splice(0, this.kept.length - this.size);
  }

  list(): DnsAnswerRecord[] {
    return [...this.kept];
  }
}
