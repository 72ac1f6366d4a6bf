// Numerics against independent float64 references computed with PyTorch's cells
// (scripts/make-fixtures.py → test/fixtures/reference/cases.json; regenerate with `npm run fixtures`).
// SPEC §10: every value within 1e-12 relative of the reference.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';
import type { Matrix } from '../../src/engine/types';

interface ReferenceCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly layout: 'column' | 'row';
  readonly markdown: string;
  readonly expected: Readonly<Record<string, number[][]>>;
}

// Compiled to out/test/unit/, so the repository root is three levels up.
const FIXTURE = path.join(__dirname, '../../../test/fixtures/reference/cases.json');
const cases: ReferenceCase[] = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).cases;

const REL = 1e-12;

function shape(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

describe('reference values (PyTorch float64)', () => {
  it('has the fixture cases', () => {
    assert.ok(cases.length >= 30, `only ${cases.length} cases in ${FIXTURE}`);
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

      const problems: string[] = [];
      for (const [name, want] of Object.entries(c.expected)) {
        const q = a.quantities.find((x) => x.name === name);
        if (!q) {
          problems.push(`${name}: missing (quantities: ${a.quantities.map((x) => x.name).join(' ')})`);
          continue;
        }
        const m = q.value;
        const rows = want.length;
        const cols = want[0].length;
        if (m.rows !== rows || m.cols !== cols) {
          problems.push(`${name}: shape ${shape(m)}, expected ${rows}×${cols}`);
          continue;
        }
        // vectors are n×1 in column layout and 1×n in row layout (SPEC §5, §9)
        if (rows === 1 || cols === 1) {
          const oriented = c.layout === 'column' ? m.cols === 1 : m.rows === 1;
          if (!oriented) problems.push(`${name}: ${shape(m)} is not a ${c.layout} vector`);
        }
        for (let r = 0; r < rows; r++) {
          for (let k = 0; k < cols; k++) {
            const got = m.data[r * cols + k];
            const ref = want[r][k];
            if (!(Math.abs(got - ref) <= REL * Math.max(1, Math.abs(ref)))) {
              problems.push(`${name}[${r}][${k}] = ${got}, reference ${ref} (diff ${(got - ref).toExponential(2)})`);
            }
          }
        }
      }
      assert.deepStrictEqual(problems, [], `${c.id}:\n  ${problems.join('\n  ')}`);
    });
  }
});
