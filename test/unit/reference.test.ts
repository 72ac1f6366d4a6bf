// Numerics against independent float64 references computed with PyTorch's cells
// (scripts/make-fixtures.py → test/fixtures/reference/cases.json; regenerate with `npm run fixtures`).
// SPEC §10: every value within 1e-12 relative of the reference.
import * as assert from 'assert';
import { analyzeDocument } from '../../src/markdown/document';
import { referenceCases, referenceProblems } from './engine/helpers';

const cases = referenceCases('cases.json');

describe('reference values (PyTorch float64)', () => {
  it('has the fixture cases', () => {
    assert.ok(cases.length >= 30, `only ${cases.length} cases in cases.json`);
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const doc = analyzeDocument(c.markdown);
      assert.strictEqual(doc.blocks.length, 1, 'one block');
      const a = doc.blocks[0].analysis;
      assert.strictEqual(a.kind, c.kind);

      const errors = a.diagnostics.filter((d) => d.severity === 'error');
      assert.deepStrictEqual(
        errors.map((d) => `${d.code}: ${d.message}`),
        [],
        'no error diagnostics',
      );
      assert.strictEqual(a.options.layout, c.layout, 'layout');

      const problems = referenceProblems(a, c.expected);
      // vectors are n×1 in column layout and 1×n in row layout (SPEC §5, §9)
      for (const [name, want] of Object.entries(c.expected)) {
        const vector = want.length === 1 || want[0].length === 1;
        if (vector && (c.layout === 'column' ? want[0].length !== 1 : want.length !== 1))
          problems.push(`${name}: not a ${c.layout} vector`);
      }
      assert.deepStrictEqual(problems, [], `${c.id}:\n  ${problems.join('\n  ')}`);
    });
  }
});
