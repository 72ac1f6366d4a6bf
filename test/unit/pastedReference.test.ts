// examples/pasted-output.md against PyTorch float64 (scripts/fixtures/values.py →
// test/fixtures/reference/values.json): each block of the note is a fixture case, pasted as numpy
// and torch print it, and every value it computes is within 1e-12 relative of torch's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';
import { referenceCases, referenceProblems, ROOT } from './engine/helpers';

const cases = referenceCases('values.json');
const note = fs.readFileSync(path.join(ROOT, 'examples/pasted-output.md'), 'utf8');

describe('examples/pasted-output.md against PyTorch float64', () => {
  it('has the four cases, and the note holds each block exactly as the fixture prints it', () => {
    assert.deepStrictEqual(
      cases.map((c) => c.id),
      ['numpy-rnn', 'torch-lstm', 'torch-softmax', 'torch-lstm-states'],
    );
    for (const c of cases) assert.ok(note.includes(c.markdown), `${c.id} is not in the note as printed`);
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}]: every value within 1e-12 of torch's`, () => {
      const [b] = analyzeDocument(c.markdown).blocks;
      assert.strictEqual(b.analysis.kind, c.kind);
      // Relative all the way down: a pasted print's small values are as exact as its large ones.
      assert.deepStrictEqual(referenceProblems(b.analysis, c.expected, { floor: 1e-300 }), []);
    });
  }

  it('the note reads without a parse, shape or numeric diagnostic, and its one slip is the check of c', () => {
    const doc = analyzeDocument(note);
    const problems = doc.blocks.flatMap((b) => b.analysis.diagnostics.filter((d) => d.severity !== 'info'));
    assert.deepStrictEqual(
      problems.map((d) => d.code),
      ['check'],
    );
    assert.match(problems[0].message, /^check c: element 1 is -0\.0524 but computes to -0\.095642/);
  });

  it('every other check of the note passes: the prints are read to the digits they show', () => {
    const verdicts = analyzeDocument(note).blocks.flatMap((b) => b.analysis.checks.map((c) => `${c.written} ${c.pass}`));
    assert.deepStrictEqual(verdicts, ['h true', 'h true', 'c false', 'h true', 'y true', 'y true', 'h_n true', 'c_n true']);
  });
});
