// Issue 14's name families against float64 references computed with PyTorch from the same
// numbers (scripts/fixtures/names.py → test/fixtures/reference/names.json; never at test time):
// each block is written in one family's notation, and each check's spelling must read as the
// canonical name the reference gives, pass, and compute the reference value to 1e-12 relative.
import * as assert from 'assert';
import { analyzeDocument } from '../../src/markdown/document';
import { referenceCases, referenceDifferences, referenceProblems, type ReferenceCase } from './engine/helpers';

interface NamesCase extends ReferenceCase {
  /** Each check's left side as written → the canonical name it must resolve to. */
  readonly checks: Readonly<Record<string, string>>;
}

const cases = referenceCases<NamesCase>('names.json');

describe('issue 14 names: reference values (PyTorch float64)', () => {
  it('has a case for every family: Coursera, time superscripts, numbered aliases, Elman letters', () => {
    const ids = cases.map((c) => c.id).join(' ');
    for (const family of ['coursera-', 'superscript-', '-numbered', 'elman-']) assert.ok(ids.includes(family), `no ${family} case`);
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const a = analyzeDocument(c.markdown).blocks[0].analysis;
      assert.strictEqual(a.kind, c.kind);
      const errors = a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`);
      assert.deepStrictEqual(errors, [], 'no errors or warnings');
      const problems = referenceProblems(a, c.expected);
      for (const [written, name] of Object.entries(c.checks)) {
        const check = a.checks.find((x) => x.written === written);
        if (!check) problems.push(`no check written ${written}`);
        else {
          if (check.name !== name) problems.push(`${written} reads as ${check.name}, not ${name}`);
          if (!check.pass) problems.push(`${written} fails`);
          if (check.computed) problems.push(...referenceDifferences(written, check.computed, c.expected[name]));
        }
      }
      assert.deepStrictEqual(problems, []);
    });
  }
});
