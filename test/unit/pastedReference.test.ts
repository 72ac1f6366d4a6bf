// examples/pasted-output.md against PyTorch float64 (scripts/fixtures/values.py →
// test/fixtures/reference/values.json): each block of the note is a fixture case, pasted as numpy
// and torch print it, and every value it computes is within 1e-12 relative of torch's.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';

interface ValueCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly markdown: string;
  readonly expected: Readonly<Record<string, number[][]>>;
}

// Compiled to out/test/unit/, so the repository root is three levels up.
const ROOT = path.join(__dirname, '../../..');
const cases: ValueCase[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/reference/values.json'), 'utf8')).cases;
const note = fs.readFileSync(path.join(ROOT, 'examples/pasted-output.md'), 'utf8');

const REL = 1e-12;

describe('examples/pasted-output.md against PyTorch float64', () => {
  it('has the three cases, and the note holds each block exactly as the fixture prints it', () => {
    assert.deepStrictEqual(
      cases.map((c) => c.id),
      ['numpy-rnn', 'torch-lstm', 'torch-softmax'],
    );
    for (const c of cases) assert.ok(note.includes(c.markdown), `${c.id} is not in the note as printed`);
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}]: every value within 1e-12 of torch's`, () => {
      const [b] = analyzeDocument(c.markdown).blocks;
      assert.strictEqual(b.analysis.kind, c.kind);
      for (const [name, want] of Object.entries(c.expected)) {
        const q = b.analysis.quantities.find((x) => x.name === name);
        assert.ok(q, `${name} not computed`);
        const flat = want.flat();
        assert.strictEqual(q.value.data.length, flat.length, `${name} has ${q.value.data.length} entries`);
        flat.forEach((w, k) => {
          const got = q.value.data[k];
          assert.ok(Math.abs(got - w) <= REL * Math.max(Math.abs(w), 1e-300), `${name}[${k}] = ${got}, torch ${w}`);
        });
      }
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
    assert.deepStrictEqual(verdicts, ['h true', 'h true', 'c false', 'h true', 'y true', 'y true']);
  });
});
