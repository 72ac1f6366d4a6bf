// Formulas given per step (issue 14: `y_t = W_y h_t + b_y`) against float64 references computed
// with PyTorch from the same numbers (scripts/fixtures/perstep.py → test/fixtures/reference/
// perstep.json; never at test time): every step's value, the loss over the steps and its
// gradients with respect to the cell's and the output's weights, to 1e-12 relative.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';
import type { Matrix } from '../../src/engine/types';

interface PerStepCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly layout: 'column' | 'row';
  readonly markdown: string;
  readonly expected: Readonly<Record<string, number[][]>>;
}

// Compiled to out/test/unit/, so the repository root is three levels up.
const FIXTURE = path.join(__dirname, '../../../test/fixtures/reference/perstep.json');
const cases: PerStepCase[] = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).cases;
const REL = 1e-12;

/** A gradient that is one row or column (∂L/∂W_y for one output) is a vector, which a given orients by the layout. */
function isVector(rows: number, cols: number): boolean {
  return rows === 1 || cols === 1;
}

function differences(name: string, m: Matrix, want: number[][]): string[] {
  const vectors = name.startsWith('dL_') && isVector(m.rows, m.cols) && isVector(want.length, want[0].length);
  if (vectors ? m.data.length !== want.flat().length : m.rows !== want.length || m.cols !== want[0].length)
    return [`${name}: ${m.rows}×${m.cols}, reference ${want.length}×${want[0].length}`];
  return want
    .flat()
    .flatMap((ref, k) =>
      Math.abs(m.data[k] - ref) <= REL * Math.max(1, Math.abs(ref)) ? [] : [`${name}[${k}] = ${m.data[k]}, reference ${ref}`],
    );
}

describe('formulas per step: reference values (PyTorch float64)', () => {
  it('has RNN, LSTM and GRU cases, both layouts, a sigmoid output, a recurrence over y, gradients and a batch', () => {
    const ids = cases.map((c) => c.id).join(' ');
    for (const part of ['rnn-', 'lstm-', 'gru-', '-row', '-col', 'sigmoid', 'recurrence', 'batch', 'goodfellow']) {
      assert.ok(ids.includes(part), `no ${part} case`);
    }
    assert.ok(
      cases.some((c) => Object.keys(c.expected).some((k) => k.startsWith('dL_'))),
      'a case with gradients',
    );
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}]`, () => {
      const a = analyzeDocument(c.markdown).blocks[0].analysis;
      assert.strictEqual(a.kind, c.kind);
      assert.strictEqual(a.options.layout, c.layout, 'layout');
      const errors = a.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.code}: ${d.message}`);
      assert.deepStrictEqual(errors, [], 'no errors or warnings');
      const problems: string[] = [];
      for (const [name, want] of Object.entries(c.expected)) {
        const q = a.quantities.find((x) => x.name === name);
        if (!q) problems.push(`${name}: missing (quantities: ${a.quantities.map((x) => x.name).join(' ')})`);
        else problems.push(...differences(name, q.value, want));
      }
      assert.deepStrictEqual(problems, []);
    });
  }
});
