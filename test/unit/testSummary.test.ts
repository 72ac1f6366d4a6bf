// `npm test`'s closing line (scripts/test-all.js): each suite's counts read from its output.
import * as assert from 'assert';
import * as path from 'path';
import { ROOT } from './engine/helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script is plain CommonJS
const { countsOf } = require(path.join(ROOT, 'scripts', 'test-all.js')) as {
  countsOf(name: string, output: string, code: number): { passed: number; failed: number };
};

describe('npm test summary (scripts/test-all.js)', () => {
  it("reads a suite's last `N passed, N failed` line, labelled or not", () => {
    const out = '[e2e 3.1s] UI: 7 passed, 2 failed\n  ✔ a\ne2e: 30 passed, 2 failed\n';
    assert.deepStrictEqual(countsOf('test:e2e', out, 1), { passed: 30, failed: 2 });
    assert.deepStrictEqual(countsOf('test:unit', 'unit: 744 passed, 0 failed, 0 skipped\n', 0), { passed: 744, failed: 0 });
    assert.deepStrictEqual(countsOf('x', '4 passed, 0 failed\n', 0), { passed: 4, failed: 0 });
  });
  it("does not take the CLI's own closing line for a suite's counts", () => {
    assert.deepStrictEqual(countsOf('lint', '7 blocks, 18 checks: 15 passed, 3 failed, 0 errors\n', 0), { passed: 1, failed: 0 });
  });
  it('the behaviour snapshot: notes compared, differences failed', () => {
    const ok = '3949 notes compared in 40.1 s: 0 text differences, 0 float-only (≤ 1e-12 relative)\n';
    assert.deepStrictEqual(countsOf('test:behaviour', ok, 0), { passed: 3949, failed: 0 });
    const bad = '3949 notes compared in 40.1 s: 2 text differences, 1 float-only (≤ 1e-12 relative)\n';
    assert.deepStrictEqual(countsOf('test:behaviour', bad, 1), { passed: 3946, failed: 3 });
  });
  it('grammar tests: one per ✓ file', () => {
    assert.deepStrictEqual(countsOf('test:grammar', '✓ a.test.md run successfuly.\n✓ b.test.md run successfuly.\n', 0), {
      passed: 2,
      failed: 0,
    });
  });
  it('a suite that fails with no failure counted (a crash) is one failure; a silent pass is one pass', () => {
    assert.deepStrictEqual(countsOf('test:unit', 'unit: 10 passed, 0 failed, 0 skipped\n', 1), { passed: 10, failed: 1 });
    assert.deepStrictEqual(countsOf('lint', '', 2), { passed: 0, failed: 1 });
    assert.deepStrictEqual(countsOf('lint', '', 0), { passed: 1, failed: 0 });
  });
});
