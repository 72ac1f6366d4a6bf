// `npm test`: runs each suite named on the command line (`npm run <name>`), one after the other
// and all of them even when one fails, echoing their output, then closes with one line over all
// of them: `N passed, N failed`. Each suite's own counts are read from its output:
//   - a closing `N passed, N failed` line (mocha's summary reporter, e2e, install, …), the last one;
//   - test:behaviour: `N notes compared …: N text differences, N float-only`;
//   - test:grammar: a ✓ line per grammar test file that passed;
//   - anything else (lint): one test, passed when it exits 0.
// A suite that exits non-zero with no failure in its counts adds one failure, so a crash is never
// read as a pass.
'use strict';
const { spawn } = require('child_process');

const suites = process.argv.slice(2);

/** { passed, failed } from a suite's output and exit code. */
function countsOf(name, output, code) {
  let passed = 0,
    failed = 0,
    found = false;
  const closing = [...output.matchAll(/^(?:[\w-]+: )?(\d+) passed, (\d+) failed\b/gm)].pop();
  const behaviour = /^(\d+) notes compared .*?: (\d+) text differences, (\d+) float-only/m.exec(output);
  if (closing) {
    [passed, failed] = [Number(closing[1]), Number(closing[2])];
    found = true;
  } else if (behaviour) {
    failed = Number(behaviour[2]) + Number(behaviour[3]);
    passed = Math.max(0, Number(behaviour[1]) - failed);
    found = true;
  } else if (name === 'test:grammar') {
    passed = (output.match(/^✓ /gm) || []).length;
    failed = (output.match(/^(✖|✗|ERROR)/gm) || []).length;
    found = passed + failed > 0;
  }
  if (!found) return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  if (code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

function runSuite(name) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Only the lines the counters read are kept, not the whole (long) output.
    let kept = '';
    let partial = '';
    const keep = (chunk) => {
      const text = partial + chunk;
      const lines = text.split('\n');
      partial = lines.pop();
      for (const l of lines) if (/passed, \d+ failed|notes compared|^✓ |^✖|^✗|^ERROR/.test(l)) kept += l + '\n';
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      keep(d.toString());
    });
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      keep(d.toString());
    });
    child.on('error', (e) => resolve({ name, passed: 0, failed: 1, note: String(e.message) }));
    child.on('close', (code) => {
      keep('\n');
      resolve({ name, code, ...countsOf(name, kept, code ?? 1) });
    });
  });
}

async function main() {
  const results = [];
  for (const name of suites) results.push(await runSuite(name));
  console.log('\nnpm test:');
  for (const r of results) console.log(`  ${r.failed ? '✘' : '✔'} ${r.name}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed || !results.length ? 1 : 0;
}

module.exports = { countsOf };
if (require.main === module) main();
