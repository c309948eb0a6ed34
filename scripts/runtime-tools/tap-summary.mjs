// Reads one validation's TAP output (what runtime-tools' validations print). runtime-tools reports some checks
// (the hook validations) not as test lines but as a YAML "error:" block
// under a plan of 1..0, so such a block with no failing line counts as a
// failure too.

/** @returns {{ passed: number, failed: number, skipped: number, failures: string[] }} */
export function summarizeTap(text) {
  const out = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const lines = text.split('\n');
  let inYaml = false;
  let lastWasFailure = false;
  for (const line of lines) {
    if (/^\s+---\s*$/.test(line)) { inYaml = true; continue; }
    if (/^\s+\.\.\.\s*$/.test(line)) { inYaml = false; continue; }
    if (inYaml) {
      const m = /^\s+error:\s*"(.+)"\s*$/.exec(line);
      // An error under a passing line is that check's expected error (a refused bad request), not a failure.
      if (m && m[1] !== '' && out.passed + out.failed === 0) {
        out.failed += 1;
        out.failures.push(oneLine(m[1]));
      } else if (m && lastWasFailure && out.failures.length) {
        out.failures[out.failures.length - 1] += ` (${oneLine(m[1])})`;
      }
      continue;
    }
    if (/^ok \d+ # SKIP/.test(line)) { out.skipped += 1; lastWasFailure = false; continue; }
    if (/^ok \d+/.test(line)) { out.passed += 1; lastWasFailure = false; continue; }
    if (/^not ok \d+/.test(line)) {
      out.failed += 1;
      out.failures.push(line.replace(/^not ok \d+ - /, ''));
      lastWasFailure = true;
    }
  }
  return out;
}

/** A YAML-quoted error as one line: multierror's "1 error occurred:\n\t* …" says nothing until its second line. */
function oneLine(quoted) {
  const text = JSON.parse(`"${quoted}"`).replace(/^\d+ errors? occurred:\s*/, '').replace(/Refer to: \S+/, '');
  return text.replace(/\s+/g, ' ').replace(/^\* /, '').trim().slice(0, 200);
}
