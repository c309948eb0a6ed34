import { describe, expect, it } from 'vitest';
import { parseCpuStatV1, parseCpuStatV2 } from '../../../core/runtime/cgroups/cpu-stat.js';
import { parseCounter, parseKeyedFile, parseLimit, parsePidList } from '../../../core/runtime/cgroups/keyed-file.js';
import { parseMemoryStatV1, parseMemoryStatV2, parseOomKills } from '../../../core/runtime/cgroups/memory-stat.js';

describe('cgroup file parsers', () => {
  it('reads key-value counters and skips lines it does not understand', () => {
    const kv = parseKeyedFile('nr_periods 12\nweird line here\nnr_throttled 3\n\nneg -4\n');
    expect([...kv]).toEqual([['nr_periods', 12], ['nr_throttled', 3], ['neg', -4]]);
  });

  it('reads v1 cpu.stat with throttled time in ns, and takes usage from cpuacct in ns, all as µs', () => {
    const stats = parseCpuStatV1('nr_periods 7\nnr_throttled 5\nthrottled_time 2500000\nnr_bursts 0\nburst_time 0\n',
      { totalNs: 1_234_567_890, userNs: 1_000_000_000, systemNs: 234_567_890 });
    expect(stats).toEqual({ usageUsec: 1_234_567, userUsec: 1_000_000, systemUsec: 234_567, nrPeriods: 7, nrThrottled: 5, throttledUsec: 2500 });
  });

  it('reports unknown v1 usage as null rather than zero when cpuacct is not there', () => {
    expect(parseCpuStatV1('nr_periods 0\nnr_throttled 0\nthrottled_time 0\n')).toMatchObject({ usageUsec: null, userUsec: null });
  });

  it('reads v2 cpu.stat, which is in µs already', () => {
    const text = 'usage_usec 900\nuser_usec 600\nsystem_usec 300\nnr_periods 10\nnr_throttled 4\nthrottled_usec 1500\nnr_bursts 0\nburst_usec 0\n';
    expect(parseCpuStatV2(text)).toEqual({ usageUsec: 900, userUsec: 600, systemUsec: 300, nrPeriods: 10, nrThrottled: 4, throttledUsec: 1500 });
  });

  it('reads a v2 cpu.stat without the cpu controller, which has no throttling lines, as zero throttling', () => {
    expect(parseCpuStatV2('usage_usec 5\nuser_usec 3\nsystem_usec 2\n')).toMatchObject({ usageUsec: 5, nrPeriods: 0, nrThrottled: 0, throttledUsec: 0 });
  });

  it('takes the hierarchical totals from v1 memory.stat and the plain names from v2', () => {
    const v1 = 'cache 10\nrss 20\ninactive_file 5\ntotal_cache 110\ntotal_rss 120\ntotal_inactive_file 105\n';
    expect(parseMemoryStatV1(v1)).toEqual({ anon: 120, file: 110, inactiveFile: 105 });
    expect(parseMemoryStatV1('cache 10\nrss 20\n')).toEqual({ anon: 20, file: 10, inactiveFile: null });
    expect(parseMemoryStatV2('anon 4096\nfile 8192\nkernel 1\ninactive_file 4096\n')).toEqual({ anon: 4096, file: 8192, inactiveFile: 4096 });
  });

  it('counts OOM kills from v1 memory.oom_control and v2 memory.events, and says null when the kernel does not', () => {
    expect(parseOomKills('oom_kill_disable 0\nunder_oom 0\noom_kill 2\n')).toBe(2);
    expect(parseOomKills('low 0\nhigh 0\nmax 9\noom 3\noom_kill 1\noom_group_kill 0\n')).toBe(1);
    expect(parseOomKills('oom_kill_disable 0\nunder_oom 0\n')).toBeNull();
  });

  it('reads limits, with max, -1 and v1\'s huge page-aligned number all meaning unlimited', () => {
    expect(parseLimit('16777216\n')).toBe(16777216);
    expect(parseLimit('max\n')).toBeNull();
    expect(parseLimit('-1')).toBeNull();
    expect(parseLimit('9223372036854771712\n')).toBeNull();
    expect(() => parseLimit('')).toThrow(/not a limit/);
  });

  it('reads counters and pid lists', () => {
    expect(parseCounter('42\n')).toBe(42);
    expect(() => parseCounter('x')).toThrow();
    expect(parsePidList('12\n7\n\n')).toEqual([12, 7]);
  });
});
