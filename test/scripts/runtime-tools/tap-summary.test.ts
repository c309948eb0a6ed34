import { describe, expect, it } from 'vitest';
import { summarizeTap } from '../../../scripts/runtime-tools/tap-summary.mjs';

describe('summarizeTap', () => {
  it('counts ok, not ok and skipped lines, and keeps each failing description', () => {
    const tap = 'TAP version 13\nok 1 - create works\nnot ok 2 - kill MUST send the signal\nok 3 # SKIP no cgroup\n1..3\n';
    expect(summarizeTap(tap)).toEqual({ passed: 1, failed: 1, skipped: 1, failures: ['kill MUST send the signal'] });
  });

  it('does not count the expected error of a passing check (a refused bad request) as a failure', () => {
    const tap = 'ok 1 - create MUST fail without an ID\n  ---\n  error: "exit status 1"\n  reference: "https://example"\n  ...\n1..1\n';
    expect(summarizeTap(tap)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('counts an error block reported before any test line as a failure, as the hook validations report them', () => {
    const tap = 'TAP version 13\n  ---\n  error: "Pre-start hooks MUST be called after the `start` operation is called\\nRefer to: https://x"\n  ...\n1..0\n';
    expect(summarizeTap(tap)).toEqual({ passed: 0, failed: 1, skipped: 0, failures: ['Pre-start hooks MUST be called after the `start` operation is called'] });
    expect(summarizeTap('TAP version 13\n1..0\n')).toEqual({ passed: 0, failed: 0, skipped: 0, failures: [] });
  });

  it('adds the error under a failing line to its description, without multierror\'s header', () => {
    const tap = 'not ok 1 - state MUST be passed to "prestart" over stdin\n  ---\n  error: "1 error occurred:\\n\\t* wrong status \\"creating\\", expected \\"created\\"\\n\\n"\n  ...\n';
    expect(summarizeTap(tap).failures).toEqual(['state MUST be passed to "prestart" over stdin (wrong status "creating", expected "created")']);
  });
});
