// Stacked and bidirectional forward passes against float64 references (issue 14, item 15):
// torch.nn.LSTM / GRU / RNN with num_layers 2–3 and bidirectional, or the same stacking composed
// by hand where torch has no layer (GRU reset=before or z=write, RNN sigmoid), from
// scripts/fixtures/stacked.py → test/fixtures/reference/stacked.json. Every layer's and
// direction's h_t (and an LSTM's c_t) within 1e-12 relative.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';

interface StackedCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly layout: 'column' | 'row';
  readonly source: string;
  readonly markdown: string;
  readonly expected: Readonly<Record<string, number[]>>;
}

// Compiled to out/test/unit/, so the repository root is three levels up.
const FIXTURE = path.join(__dirname, '../../../test/fixtures/reference/stacked.json');
const cases: StackedCase[] = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')).cases;
const REL = 1e-12;

describe('stacked and bidirectional forward passes (PyTorch float64)', () => {
  it('has cases of every kind, stacked and bidirectional, torch and by hand', () => {
    assert.deepStrictEqual([...new Set(cases.map((c) => c.kind))].sort(), ['gru', 'lstm', 'rnn']);
    assert.ok(cases.some((c) => c.source === 'by hand') && cases.some((c) => c.source === 'torch.nn'));
    assert.ok(cases.some((c) => c.layout === 'row'));
  });

  for (const c of cases) {
    it(`${c.about} [${c.id}, ${c.source}]`, () => {
      const a = analyzeDocument(c.markdown).blocks[0].analysis;
      const errors = a.diagnostics.filter((d) => d.severity !== 'info');
      assert.deepStrictEqual(
        errors.map((d) => `${d.code}: ${d.message}`),
        [],
      );
      assert.strictEqual(a.options.layout, c.layout);
      const problems: string[] = [];
      for (const [name, want] of Object.entries(c.expected)) {
        const q = a.quantities.find((x) => x.name === name);
        if (!q) {
          problems.push(`${name}: not computed`);
          continue;
        }
        const oriented = c.layout === 'column' ? q.value.cols === 1 : q.value.rows === 1;
        if (!oriented || q.value.data.length !== want.length)
          problems.push(`${name}: ${q.value.rows}×${q.value.cols}, expected ${want.length} as a ${c.layout} vector`);
        want.forEach((ref, k) => {
          const got = q.value.data[k];
          if (!(Math.abs(got - ref) <= REL * Math.max(1, Math.abs(ref)))) problems.push(`${name}[${k}] = ${got}, reference ${ref}`);
        });
      }
      assert.deepStrictEqual(problems, [], problems.join('\n'));
    });
  }
});
