import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillLabDir, LAB_DIR, labDirOf } from '../../core/labs/lab-dir.js';
import { runLab } from '../../core/labs/run-lab.js';
import { findLab } from '../../labs/index.js';
import { describeRoot } from '../helpers/host.js';
import { collector, failures, labHost } from './lab-fixtures.js';

describe('the run\'s own lab directory', () => {
  it('fills every mention in a text, and leaves the text alone before a run has said where', () => {
    expect(fillLabDir(`-v ${LAB_DIR}/bind:/data -v ${LAB_DIR}/bind:/x`, '/tmp/s1/run/lab-dir')).toBe('-v /tmp/s1/run/lab-dir/bind:/data -v /tmp/s1/run/lab-dir/bind:/x');
    expect(fillLabDir(`${LAB_DIR}/bind`, null)).toBe(`${LAB_DIR}/bind`);
  });

  it('the volumes lab names no fixed host path: every bind source is the run\'s directory', () => {
    const lines = findLab('volumes')!.steps.flatMap((s) => s.commands).filter((c) => c.includes(':/data'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain(`-v ${LAB_DIR}/bind:/data`);
  });
});

describeRoot('the volumes lab on the real kernel', () => {
  it('binds a directory inside its own sandbox, different for each run, and nothing of it stays after the sandbox goes', async () => {
    const [one, two] = [await labHost('linux'), await labHost('linux')];
    let dir = '';
    try {
      expect(labDirOf(one.paths)).not.toBe(labDirOf(two.paths));
      const { events, listener } = collector();
      const outcome = await runLab({ lab: findLab('volumes')!, kernel: one.kernel, paths: one.paths, networkHost: one.networkHost, listener });
      expect(failures(outcome)).toEqual([]);
      const started = events.find((e) => e.type === 'lab-started');
      dir = started?.type === 'lab-started' ? started.labDir ?? '' : '';
      expect(dir).toBe(labDirOf(one.paths));
      // Inside the sandbox, whose directory holds the engine's state too.
      expect(dir.startsWith(one.paths.root.replace(/\/root$/, '/'))).toBe(true);
      const ran = events.flatMap((e) => (e.type === 'command-started' ? [e.line] : [])).filter((l) => l.includes(':/data'));
      expect(ran.every((l) => l.includes(`-v ${dir}/bind:/data`))).toBe(true);
      // What the container wrote through the bind mount is a file on the host, in that directory.
      expect(readFileSync(`${dir}/bind/note.txt`, 'utf8')).toBe('written inside\n');
    } finally {
      await one.dispose();
      await two.dispose();
    }
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  }, 120_000);
});
