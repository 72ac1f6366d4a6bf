// Backpropagation through time against torch.autograd in float64 (scripts/fixtures/grad.py →
// test/fixtures/reference/grad.json): every Jacobian ∂h_T/∂h_k (and an LSTM's ∂c_T/∂c_k) and
// every loss gradient ∂L/∂W, ∂L/∂h_k, as `grad(…)` computes them in a check, within 1e-10 relative.
import * as assert from 'assert';
import { analyzeDocument } from '../../../src/markdown/document';
import { referenceCases } from '../engine/helpers';

interface GradCase {
  readonly id: string;
  readonly kind: string;
  readonly T: number;
  readonly markdown: string;
  readonly loss: number;
  readonly jac_h: number[][][];
  readonly jac_c: number[][][] | null;
  readonly dL: Readonly<Record<string, number[] | number[][]>>;
  readonly dL_h: number[][];
}

const cases = referenceCases<GradCase>('grad.json');
const REL = 1e-10;

/** A reference value as a literal of the note: every digit of the float64. */
function literal(m: number | number[] | number[][]): string {
  if (typeof m === 'number') return String(m);
  return `[${(m as (number | number[])[]).map((r) => (Array.isArray(r) ? r.join(', ') : String(r))).join(Array.isArray(m[0]) ? '; ' : ', ')}]`;
}

/** The case's block with one check per reference value (`grad(h_4, h_1) ?= [torch's]`), and what each should compute. */
function withChecks(c: GradCase): { markdown: string; want: Map<string, number[]> } {
  const want = new Map<string, number[]>();
  const stated = new Map<string, string>();
  const add = (written: string, m: number | number[] | number[][]) => {
    want.set(written, typeof m === 'number' ? [m] : (m as number[]).flat());
    stated.set(written, literal(m));
  };
  add('L', c.loss);
  c.jac_h.forEach((J, k) => add(`grad(h_${c.T}, h_${k})`, J));
  c.jac_c?.forEach((J, k) => add(`grad(c_${c.T}, c_${k})`, J));
  for (const [name, g] of Object.entries(c.dL)) add(`grad(L, ${name})`, g);
  c.dL_h.forEach((g, k) => add(`grad(L, h_${k})`, g));
  const checks = [...stated].map(([w, v]) => `${w} ?= ${v}`).join('\n');
  return { markdown: c.markdown.replace(/```\n$/, `${checks}\n\`\`\`\n`), want };
}

describe('gradients through time against torch.autograd (float64)', () => {
  it('has the fixture cases: RNN tanh/relu/sigmoid, LSTM, GRU in both conventions, both layouts, T up to 50', () => {
    assert.ok(cases.length >= 12);
    assert.ok(cases.some((c) => c.T === 50 && c.kind === 'lstm'));
  });

  for (const c of cases) {
    it(`every Jacobian and loss gradient of ${c.id} (T = ${c.T}) is within 1e-10 of torch`, () => {
      const { markdown, want } = withChecks(c);
      const a = analyzeDocument(markdown).blocks[0].analysis;
      const problems: string[] = [];
      for (const [written, ref] of want) {
        const check = a.checks.find((k) => k.written === written);
        const got = check?.computed?.data;
        if (!got || got.length !== ref.length) {
          const diag = a.diagnostics.find((d) => d.severity === 'error' && d.message.includes(written));
          problems.push(
            `${written}: ${got ? `${got.length} entries, expected ${ref.length}` : `not computed${diag ? ` (${diag.message})` : ''}`}`,
          );
          continue;
        }
        ref.forEach((r, i) => {
          if (!(Math.abs(got[i] - r) <= REL * Math.max(1, Math.abs(r)))) problems.push(`${written}[${i}] = ${got[i]}, torch ${r}`);
        });
      }
      assert.deepStrictEqual(problems.slice(0, 12), [], `${c.id}:\n  ${problems.slice(0, 12).join('\n  ')}`);
    });
  }
});
