// Issue 14's weight notations against float64 references from PyTorch's own cells and modules
// (scripts/fixtures/weights.py → test/fixtures/reference/weights.json; regenerate by hand with
// /usr/bin/python3 scripts/fixtures/weights.py). SPEC §10: every value within 1e-12 relative.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';

interface ReferenceCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly layout: 'column' | 'row';
  readonly markdown: string;
  readonly expected: Readonly<Record<string, number[][]>>;
}

// Compiled to out/test/unit/, so the repository root is three levels up.
const FIXTURE = path.join(__dirname, '../../../test/fixtures/reference/weights.json');
const cases: ReferenceCase[] = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).cases;
const REL = 1e-12;

describe('weight notations against PyTorch float64 (issue 14)', () => {
  it('has the fixture cases', () => assert.ok(cases.length >= 14, `only ${cases.length} cases in ${FIXTURE}`));

  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const a = analyzeDocument(c.markdown).blocks[0].analysis;
      assert.strictEqual(a.kind, c.kind);
      const problems = a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`);
      assert.deepStrictEqual(problems, [], 'no errors or warnings');
      assert.strictEqual(a.options.layout, c.layout, 'layout');
      for (const [name, want] of Object.entries(c.expected)) {
        const q = a.quantities.find((x) => x.name === name);
        assert.ok(q, `${name} missing (quantities: ${a.quantities.map((x) => x.name).join(' ')})`);
        assert.deepStrictEqual([q.value.rows, q.value.cols], [want.length, want[0].length], `${name} shape`);
        want.flat().forEach((ref, i) => {
          const got = q.value.data[i];
          assert.ok(Math.abs(got - ref) <= REL * Math.max(1, Math.abs(ref)), `${name}[${i}] = ${got}, reference ${ref}`);
        });
      }
    });
  }
});
