// Issue 18, variants: one note per student, new givens in the same shapes, answers recomputed,
// deterministic per seed, no gate that shows as 0 or ±1 at the sheet's precision.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { makeVariants, type Variants } from '../../src/exam/variants';
import { analyzeDocument } from '../../src/markdown/document';
import { readLiteral } from '../../src/exam/literalText';
import { keyCsv } from '../../src/exam/key';
import { analyzeWithSteps, block, md, ROOT } from './engine/helpers';

const note = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');

function made(text: string, count: number, seed: number): Variants {
  const v = makeVariants(text, { count, seed });
  if ('error' in v) throw new Error(v.error);
  return v;
}

/** The numbers of a given in a variant's text: `name = [..]` on its own line. */
function given(text: string, name: string): number[] {
  const line = text.split('\n').find((l) => l.startsWith(`${name} = `))!;
  return Array.from(readLiteral(line.slice(name.length + 3))!.literal.value.data);
}

/** Every σ / tanh output of every step, tanh(c) inside h = o ⊙ tanh(c) included. */
function activations(text: string): { where: string; v: number }[] {
  const out: { where: string; v: number }[] = [];
  for (const a of analyzeWithSteps(text)) {
    for (const s of a.steps) {
      if (/^\S+ = (σ|tanh)\(/.test(s.text)) s.result.data.forEach((v) => out.push({ where: s.text, v }));
      const c = s.operands.find((o) => o.name === 'c' && s.text.includes('tanh(c)'));
      if (c) c.value.data.forEach((v) => out.push({ where: `tanh(c) in ${s.target}`, v: Math.tanh(v) }));
    }
  }
  return out;
}

for (const [file, columns] of [
  ['lstm-exam.md', ['b1.x_t', 'b1.i_t', 'b1.C_t', 'b1.C_t#2', 'b1.h_t', 'b1.h_t#2', 'b2.g', 'b2.c', 'b2.h']],
  ['gru.md', ['b1.R_t', 'b1.Z_t', 'b1.\\tilde{H}_t', 'b1.H_t']],
] as const) {
  describe(`variants of examples/${file} (30 students, seed 2026)`, () => {
    const text = note(file);
    const v = made(text, 30, 2026);

    it('writes 30 variants, variant-01 … variant-30, all distinct and none the note itself', () => {
      assert.deepStrictEqual(
        v.variants.map((x) => x.id),
        Array.from({ length: 30 }, (_, k) => `variant-${String(k + 1).padStart(2, '0')}`),
      );
      assert.strictEqual(new Set([text, ...v.variants.map((x) => x.text)]).size, 31);
    });
    it('every variant checks clean against its own recomputed answers', () => {
      for (const x of v.variants) {
        for (const { analysis } of analyzeDocument(x.text).blocks) {
          assert.deepStrictEqual(
            analysis.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
            [],
            x.id,
          );
          assert.ok(analysis.checks.length > 0 && analysis.checks.every((c) => c.pass), x.id);
        }
      }
    });
    it('no σ or tanh output shows as 0, 1 or −1 at 4 decimals in any variant', () => {
      for (const x of v.variants) {
        for (const { where, v: a } of activations(x.text)) {
          const shown = Math.abs(Number(a.toFixed(4)));
          assert.ok(shown !== 0 && shown !== 1, `${x.id}: ${where} shows as ${a.toFixed(4)}`);
        }
      }
    });
    it('the same seed gives the same variants, byte for byte; another seed others', () => {
      assert.deepStrictEqual(made(text, 30, 2026), v);
      const other = made(text, 30, 2027);
      assert.ok(other.variants.every((o, k) => o.text !== v.variants[k].text));
    });
    it('key.csv: a column per check named by block and check, a row per variant with the answers it writes', () => {
      assert.deepStrictEqual(v.columns, columns);
      const csv = keyCsv(v).split('\n');
      assert.strictEqual(csv.length, 32); // header, 30 rows, the final newline
      assert.ok(csv[0].startsWith('variant,'));
      for (const x of v.variants) {
        assert.strictEqual(x.answers.length, columns.length);
        for (const a of x.answers) assert.ok(x.text.includes(`?= ${a}`), `${x.id}: ${a}`);
      }
    });
  });
}

describe('variants: what changes and what is kept', () => {
  const exam = made(note('lstm-exam.md'), 30, 2026);
  const gru = made(note('gru.md'), 30, 2026);

  it('answers are written at the decimals the note used; whole-number answers of non-whole values at the block precision', () => {
    const x = exam.variants[0].answers;
    assert.match(x[0], /^\[-?\d; -?\d; -?\d; -?\d\]$/); // x_t: a row of a whole-number E stays whole
    assert.match(x[1], /^\[(0\.\d{4}(; )?){4}\]$/); // i_t: [1; 1; 1; 1] in the note, σ values now
    assert.match(x[2], /^\[(-?\d\.\d{3}(; )?){4}\]$/); // C_t: three decimals, as 1.017 was
  });
  it('a formula check is kept as written, and its key column is the formula', () => {
    assert.strictEqual(exam.columns[3], 'b1.C_t#2');
    assert.ok(exam.variants.every((x) => x.answers[3] === 'f_t ⊙ C_{t-1} + i_t ⊙ \\tilde{C}_t'));
  });
  it('a one-hot input gets its 1 in another position', () => {
    for (const x of exam.variants) {
      const hot = given(x.text, 'onehot');
      assert.deepStrictEqual([...hot].sort(), [0, 0, 0, 1]);
      assert.notStrictEqual(hot.indexOf(1), 1);
    }
  });
  it('given gates are drawn strictly inside (0, 1), weights with one decimal in −1…1', () => {
    for (const x of exam.variants) {
      for (const g of ['f_t', 'o_t'])
        assert.ok(
          given(x.text, g).every((v) => v >= 0.1 && v <= 0.9),
          `${x.id} ${g}`,
        );
      assert.ok(given(x.text, 'W_i').every((v) => Math.abs(v) <= 1 && Number.isInteger(v * 10)));
    }
  });
  it('a zero bias stays zero and a diagonal matrix stays diagonal', () => {
    for (const x of gru.variants) {
      assert.deepStrictEqual(given(x.text, 'b_z'), [0, 0]);
      const w = given(x.text, 'W_hr');
      assert.ok(w[1] === 0 && w[2] === 0, x.id);
    }
  });
  it('the prose copy of a given (the LaTeX E above the block) gets the new numbers', () => {
    for (const x of exam.variants) {
      const latex = /\$\$E = (\\begin\{bmatrix\}.*\\end\{bmatrix\})\$\$/.exec(x.text)![1];
      assert.deepStrictEqual(Array.from(readLiteral(latex)!.literal.value.data), given(x.text, 'E'));
      const hot = given(x.text, 'onehot');
      assert.ok(x.text.includes(`for the one-hot vector [${hot.join(' ')}]`), x.id);
    }
  });
  it('a slip of the note is not copied: the variant answers are the recomputed ones', () => {
    const h = analyzeDocument(gru.variants[0].text).blocks[0].analysis.checks.find((c) => c.written === 'H_t')!;
    assert.ok(h.pass && !h.convention);
  });
  it('variant 7 is the same whether 10 or 30 are asked for', () => {
    assert.strictEqual(made(note('gru.md'), 10, 2026).variants[6].text, gru.variants[6].text);
  });
});

describe('variants: the vary= fence option', () => {
  const block3 = (info: string) =>
    md(
      'rnn',
      ['x = [1; 2]', 'h_prev = [0.5; -0.5]', 'W_x = [0.1 0.2; 0.3 0.4]', 'W_h = [0.5 0.1; 0.2 0.3]', 'b = [0.1; 0.2]', 'h ?= [0.5; 0.5]'],
      info,
    );

  it('vary=int(-3,3) and vary=dec(-1,1,2) are options the engine reads: no warning', () => {
    for (const info of ['vary=int(-3,3)', 'vary=int(-3, 3)', '{vary=dec(-1,1,2) precision=4}', 'vary=none']) {
      assert.deepStrictEqual(
        block(block3(info)).diagnostics.filter((d) => d.code === 'option'),
        [],
        info,
      );
    }
    assert.deepStrictEqual(block(block3('vary=dec(-1, 1, 2) layout=column')).options.vary, { kind: 'dec', lo: -1, hi: 1, digits: 2 });
  });
  it('a bad vary= is a warning on the option that says what is accepted', () => {
    const d = block(block3('vary=int(3,-3)')).diagnostics.find((x) => x.code === 'option')!;
    assert.strictEqual(d.message, '`vary=int(3,-3)`: LO must be below HI (by 1 at least)');
    const e = block(block3('vary=rand')).diagnostics.find((x) => x.code === 'option')!;
    assert.match(e.message, /^`vary=rand` is not valid; use int\(LO,HI\), dec\(LO,HI\)/);
  });
  it('an unclosed parenthesis does not swallow the options after it', () => {
    const a = block(md('gru', ['x = [1, 2]'], 'vary=int(-3 layout=row'));
    assert.strictEqual(a.options.layout, 'row');
  });
  it('vary=int(-3,3): the weights are whole numbers from −3 to 3', () => {
    const v = made(block3('vary=int(-3,3)'), 5, 1);
    for (const x of v.variants) {
      for (const w of ['W_x', 'W_h'])
        assert.ok(
          given(x.text, w).every((n) => Number.isInteger(n) && Math.abs(n) <= 3),
          x.text,
        );
    }
  });
  it('vary=none keeps the block as written, answers recomputed', () => {
    const text = `${block3('')}\n${block3('vary=none')}`;
    const v = made(text, 3, 5);
    for (const x of v.variants) {
      const second = x.text.split('```rnn vary=none')[1];
      assert.ok(second.includes('x = [1; 2]') && second.includes('W_x = [0.1 0.2; 0.3 0.4]'));
      assert.ok(
        analyzeDocument(x.text).blocks[1].analysis.checks.every((c) => c.pass),
        second,
      );
    }
  });
  it('a block that saturates however it is drawn is an error naming the block and the gate', () => {
    const v = makeVariants(
      md('rnn', ['x = [5; 6]', 'W_x = [1 1; 1 1]', 'W_h = [0.5 0.1; 0.2 0.3]', 'h_prev = [0.5; 0.5]', 'h ?= [1; 1]'], 'vary=int(20,30)'),
      {
        count: 2,
        seed: 1,
      },
    );
    assert.ok('error' in v);
    assert.match(
      v.error,
      /^the rnn block at line 1: none of 200 draws avoided a saturated gate or a failing check \(the last: h\[1\] = tanh\(…\) shows as 1 at 0 decimals\)/,
    );
  });
  it('a note with nothing to vary, or a block that does not evaluate, is an error', () => {
    assert.deepStrictEqual(makeVariants('# prose only\n', { count: 2, seed: 1 }), {
      error: 'the note has no lstm, gru or rnn block to vary',
    });
    const broken = makeVariants(md('lstm', ['W_i = [1 2; 3]', 'i ?= [1]']), { count: 2, seed: 1 });
    assert.ok('error' in broken && broken.error.startsWith('the lstm block at line 1 does not evaluate (line 2:'), JSON.stringify(broken));
  });
});
