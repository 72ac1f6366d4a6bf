// Issue 14's weight notations against float64 references from PyTorch's own cells and modules
// (scripts/fixtures/weights.py → test/fixtures/reference/weights.json; regenerate by hand with
// /usr/bin/python3 scripts/fixtures/weights.py). SPEC §10: every value within 1e-12 relative.
import * as assert from 'assert';
import { analyzeDocument } from '../../src/markdown/document';
import { referenceCases, referenceProblems } from './engine/helpers';

const cases = referenceCases('weights.json');

describe('weight notations against PyTorch float64 (issue 14)', () => {
  it('has the fixture cases', () => assert.ok(cases.length >= 14, `only ${cases.length} cases in weights.json`));

  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const a = analyzeDocument(c.markdown).blocks[0].analysis;
      assert.strictEqual(a.kind, c.kind);
      const problems = a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`);
      assert.deepStrictEqual(problems, [], 'no errors or warnings');
      assert.strictEqual(a.options.layout, c.layout, 'layout');
      assert.deepStrictEqual(referenceProblems(a, c.expected), []);
    });
  }
});
