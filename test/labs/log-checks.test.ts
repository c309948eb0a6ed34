import { describe, expect, it } from 'vitest';
import { evaluateJsonLogCheck, evaluateReceivedCheck } from '../../core/labs/log-checks.js';
import type { LogCheck } from '../../labs/lab-types.js';
import type { JsonLogFile, Observation, ReceivedLine } from '../../labs/observation-types.js';

const text = { ko: '', en: '' };
const ID = '7b4d46bfcb37'.padEnd(64, 'a');

const line = (seq: number, t: string, tag: string, fields: ReceivedLine['fields']): ReceivedLine => ({ seq, text: t, tag, fields, raw: t });
const received = (lines: ReceivedLine[]): Extract<Observation, { kind: 'received' }> => ({
  kind: 'received', receiver: { name: 'udp', protocol: 'syslog', transport: 'udp', address: 'udp://127.0.0.1:514', errors: [] }, lines,
});
const got = received([line(1, 'hello syslog', '7b4d46bfcb37', { severity: 'info', pri: 30 }), line(2, 'trouble', '7b4d46bfcb37', { severity: 'err', pri: 27 })]);
const check = (c: Partial<Extract<LogCheck, { kind: 'received' }>>) => ({ kind: 'received', receiver: 'udp', text, ...c }) as Extract<LogCheck, { kind: 'received' }>;

describe('the received check', () => {
  it('passes on a line with the text, the container\'s short id as tag and the fields', () => {
    expect(evaluateReceivedCheck(check({ contains: 'hello', tag: '{id}', fields: { severity: 'info', pri: 30 } }), got, ID).pass).toBe(true);
  });

  it('fails when the tag is another container\'s, a field differs, or too few lines match', () => {
    expect(evaluateReceivedCheck(check({ contains: 'hello', tag: '{id}' }), got, 'f'.repeat(64)).pass).toBe(false);
    expect(evaluateReceivedCheck(check({ contains: 'hello', fields: { severity: 'err' } }), got, null).pass).toBe(false);
    expect(evaluateReceivedCheck(check({ atLeast: 3 }), got, null).pass).toBe(false);
    expect(evaluateReceivedCheck(check({ contains: 'hello' }), received([]), null).pass).toBe(false);
  });
});

const file = (path: string, raws: string[]): JsonLogFile => ({
  path, size: raws.join('\n').length + 1, lineCount: raws.length,
  lines: raws.map((raw) => { try { const v = JSON.parse(raw) as Record<string, string>; return { log: v['log'] ?? null, stream: v['stream'] ?? null, time: v['time'] ?? null, raw }; } catch { return { log: null, stream: null, time: null, raw }; } }),
});
const json = (log: string, stream: string) => JSON.stringify({ log: `${log}\n`, stream, time: '2026-12-07T02:04:19.000000000Z' });
const logs = (files: JsonLogFile[]): Extract<Observation, { kind: 'jsonLog' }> => ({ kind: 'jsonLog', container: 'c', files });
const jcheck = (c: Partial<Extract<LogCheck, { kind: 'json-log' }>>) => ({ kind: 'json-log', container: 'c', text, ...c }) as Extract<LogCheck, { kind: 'json-log' }>;

describe('the json-log check', () => {
  const three = logs([file('/x-json.log', [json('line 39', 'stdout')]), file('/x-json.log.1', [json('line 30', 'stdout')]), file('/x-json.log.2', [json('oops', 'stderr')])]);

  it('passes on the number of files, a line on its stream and a size bound', () => {
    expect(evaluateJsonLogCheck(jcheck({ files: 3, contains: 'oops', stream: 'stderr', maxFileSize: 200 }), three).pass).toBe(true);
  });

  it('fails on another number of files, the wrong stream, a file too large, a line that is not Docker\'s JSON, or no file', () => {
    expect(evaluateJsonLogCheck(jcheck({ files: 2 }), three).pass).toBe(false);
    expect(evaluateJsonLogCheck(jcheck({ contains: 'oops', stream: 'stdout' }), three).pass).toBe(false);
    expect(evaluateJsonLogCheck(jcheck({ maxFileSize: 10 }), three).pass).toBe(false);
    expect(evaluateJsonLogCheck(jcheck({}), logs([file('/x-json.log', ['hello'])])).pass).toBe(false);
    expect(evaluateJsonLogCheck(jcheck({}), logs([])).pass).toBe(false);
  });
});
