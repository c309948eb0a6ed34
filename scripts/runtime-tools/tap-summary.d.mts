export interface TapSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** One line per failure: the failing test's description, or a reported error. */
  failures: string[];
}

export function summarizeTap(text: string): TapSummary;
