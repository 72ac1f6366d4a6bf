// Grading against a key (issue 18): realistic submissions of the seed's LSTM exam and a GRU exam
// (test/fixtures/grade/), each answer judged as the rules say, with the reason the report gives.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './engine/helpers';
import { readNote } from '../../src/exam/gradeMatch';
import { gradeSubmission, type Grade } from '../../src/exam/grade';
import { DEFAULT_SCHEME, type Scheme } from '../../src/exam/gradeScheme';
import { markLine } from '../../src/exam/gradeReport';

const dir = path.join(ROOT, 'test', 'fixtures', 'grade');
const note = (file: string) => readNote(fs.readFileSync(path.join(dir, file), 'utf8'));
const grade = (key: string, file: string, scheme: Scheme = DEFAULT_SCHEME): Grade =>
  gradeSubmission(note(key), note(file), scheme, file.replace(/\.md$/, ''));
const lines = (g: Grade) => g.answers.map((a) => `${a.question}: ${markLine(a)}`);
const answer = (g: Grade, id: string) => {
  const a = g.answers.find((x) => x.id === id);
  assert.ok(a, `no answer ${id}`);
  return a;
};

describe('grading: the LSTM exam (examples/lstm-exam.md with points)', () => {
  it('a fully correct submission earns every point, each mark `correct`', () => {
    const g = grade('lstm-key.md', 'lstm-correct.md');
    assert.strictEqual(g.total, 13);
    assert.strictEqual(g.max, 13);
    assert.ok(g.answers.every((a) => a.verdict === 'correct' && a.reason === 'correct'));
    assert.deepStrictEqual(g.flags, []);
    assert.deepStrictEqual(g.notes, []);
  });

  it('the points come from the key: C_t ?= … {points=2} is worth 2, a check without points 1', () => {
    const g = grade('lstm-key.md', 'lstm-correct.md');
    assert.deepStrictEqual(
      g.answers.map((a) => [a.id, a.max]),
      [
        ['Question 1: x_t', 1],
        ['Question 1: i_t', 1],
        ['Question 1: C_t (1)', 2],
        ['Question 1: C_t (2)', 1],
        ['Question 1: h_t (1)', 1],
        ['Question 1: h_t (2)', 2],
        ['Question 2 (t = 2): g', 1],
        ['Question 2 (t = 2): c', 2],
        ['Question 2 (t = 2): h', 2],
      ],
    );
  });

  it('truncated answers within one unit are correct with rounding, full marks, each element named', () => {
    const g = grade('lstm-key.md', 'lstm-rounded.md');
    assert.strictEqual(g.total, 13);
    assert.strictEqual(answer(g, 'Question 2 (t = 2): c').verdict, 'rounding');
    assert.strictEqual(
      markLine(answer(g, 'Question 2 (t = 2): c')),
      'c: 2/2 — correct, with rounding: element 1 is 1.1472 for 1.147291 (1.1473 rounded)',
    );
    assert.strictEqual(
      markLine(answer(g, 'Question 2 (t = 2): h')),
      'h: 2/2 — correct, with rounding: element 1 is 0.2722 for 0.272284 (0.2723 rounded), element 2 is 0.9724 for 0.972478 (0.9725 rounded)',
    );
  });

  it('a slip early (i_t, g) and every later step carried forward: ECF credit, naming the step inherited from', () => {
    const g = grade('lstm-key.md', 'lstm-ecf.md');
    assert.deepStrictEqual(lines(g), [
      'Question 1: x_t: 1/1 — correct',
      'Question 1: i_t: 0.75/1 — wrong: element 2 is 0.5 but should be 1 (3 of 4 elements right)',
      'Question 1: C_t (1): 1.5/2 — error carried forward from i_t (your i_t = [1; 0.5; 1; 1]; with it, C_t is right)',
      'Question 1: C_t (2): 1/1 — correct',
      'Question 1: h_t (1): 1/1 — correct',
      'Question 1: h_t (2): 1.5/2 — error carried forward from C_t (your C_t = [1.017; 1.49; 1.003; 0.99]; with it, h_t is right)',
      'Question 2 (t = 2): g: 0.5/1 — wrong: element 2 is 0.76 but should be 1 (1 of 2 elements right)',
      'Question 2 (t = 2): c: 1.5/2 — error carried forward from g (your g = [1; 0.76]; with it, c is right)',
      'Question 2 (t = 2): h: 1.5/2 — error carried forward from c (your c = [1.1473; 2.0562]; with it, h is right)',
    ]);
    assert.deepStrictEqual(answer(g, 'Question 2 (t = 2): h').from, ['c']);
    assert.strictEqual(g.total, 10.25);
  });

  it('the ECF fraction is the scheme’s: --ecf 1 gives carried-forward steps their full points', () => {
    const g = grade('lstm-key.md', 'lstm-ecf.md', { ...DEFAULT_SCHEME, ecf: 1 });
    assert.strictEqual(answer(g, 'Question 1: C_t (1)').points, 2);
    assert.strictEqual(answer(g, 'Question 2 (t = 2): h').points, 2);
  });

  it('a carried-forward answer never earns less than its elements that are right: --ecf 0 leaves C_t 3/4 of 2', () => {
    const g = grade('lstm-key.md', 'lstm-ecf.md', { ...DEFAULT_SCHEME, ecf: 0 });
    assert.strictEqual(answer(g, 'Question 1: C_t (1)').points, 1.5);
    assert.strictEqual(answer(g, 'Question 2 (t = 2): c').points, 1);
  });

  it('a column answer written as a row (numpy [[…]], a LaTeX row) is transposed, the transposed credit', () => {
    const g = grade('lstm-key.md', 'lstm-transposed.md');
    assert.strictEqual(
      markLine(answer(g, 'Question 1: x_t')),
      'x_t: 0.5/1 — transposed: you wrote a 1×4 row, x_t is a 4×1 column (the values are right)',
    );
    assert.strictEqual(
      markLine(answer(g, 'Question 2 (t = 2): h')),
      'h: 1/2 — transposed: you wrote a 1×2 row, h is a 2×1 column (the values are right)',
    );
    assert.strictEqual(g.total, 11.5);
  });

  it('blanks: `i_t ?=`, `h ?= [ ]` and a deleted line all earn 0 as blank', () => {
    const g = grade('lstm-key.md', 'lstm-blanks.md');
    for (const id of ['Question 1: i_t', 'Question 1: h_t (2)', 'Question 2 (t = 2): h']) {
      assert.strictEqual(answer(g, id).verdict, 'blank', id);
      assert.strictEqual(answer(g, id).reason, 'blank: no answer written');
      assert.strictEqual(answer(g, id).points, 0);
    }
    assert.strictEqual(answer(g, 'Question 1: h_t (2)').range, undefined, 'the deleted line has no place in the submission');
    assert.strictEqual(g.total, 8);
  });

  it('an edited given is flagged with both values, and the answers are graded with the key’s value', () => {
    const g = grade('lstm-key.md', 'lstm-edited-given.md');
    assert.deepStrictEqual(
      g.flags.map((f) => f.message),
      ["h_{t-1} was edited: the key gives [.76; .76; .76; .76], yours is [.67; .76; .76; .76]; graded with the key's value"],
    );
    assert.strictEqual(g.flags[0].range?.start.line, 31);
    assert.strictEqual(g.total, 13);
  });

  it('a key check that does not hold (the seed exam’s Q2 slips) is said, and answers are graded against the computed value', () => {
    const g = grade(path.join('..', '..', '..', 'examples', 'lstm-exam.md'), 'lstm-correct.md');
    assert.deepStrictEqual(g.notes, [
      "Question 2 (t = 2): the key's c does not hold (it computes to [1.1473; 2.1362]); answers are graded against the computed value",
      "Question 2 (t = 2): the key's h does not hold (it computes to [0.2723; 0.9725]); answers are graded against the computed value",
    ]);
    assert.ok(g.answers.every((a) => a.verdict === 'correct'));
  });
});

describe('grading: a GRU exam (examples/gru.md with points)', () => {
  it('a fully correct submission earns 6/6', () => {
    const g = grade('gru-key.md', 'gru-correct.md');
    assert.strictEqual(g.total, 6);
    assert.ok(g.answers.every((a) => a.verdict === 'correct'));
  });

  it('H_t with the other z convention is consistent with z=write: the convention credit, naming both readings', () => {
    const g = grade('gru-key.md', 'gru-zwrite.md');
    const h = answer(g, 'Question 1: H_t');
    assert.strictEqual(h.verdict, 'convention');
    assert.strictEqual(h.convention, 'z=write');
    assert.strictEqual(
      markLine(h),
      'H_t: 1/2 — consistent with another convention: the Colah/Chung update (z=write): H_t = (1 − Z_t) ⊙ H_{t-1} + Z_t ⊙ \\tilde{H}_t; the key uses z=keep',
    );
  });

  it('a slip in Z_t carried into H_t: H_t earns the ECF credit from Z_t', () => {
    const g = grade('gru-key.md', 'gru-ecf.md');
    assert.strictEqual(
      markLine(answer(g, 'Question 1: Z_t')),
      'Z_t: 0.5/1 — wrong: element 2 is 0.5341 but should be 0.6341 (1 of 2 elements right)',
    );
    assert.strictEqual(
      markLine(answer(g, 'Question 1: H_t')),
      'H_t: 1.5/2 — error carried forward from Z_t (your Z_t = [0.5866, 0.5341]; with it, H_t is right)',
    );
  });

  it('a column `[0.7211; 0.7006]` where the row layout has rows is transposed', () => {
    const g = grade('gru-key.md', 'gru-transposed.md');
    assert.strictEqual(
      markLine(answer(g, 'Question 1: R_t')),
      'R_t: 0.5/1 — transposed: you wrote a 2×1 column, R_t is a 1×2 row (the values are right)',
    );
  });

  it('an edited b_z is flagged and a blank H̃_t earns 0; the other answers stand against the key’s b_z', () => {
    const g = grade('gru-key.md', 'gru-blank-edited.md');
    assert.deepStrictEqual(
      g.flags.map((f) => f.message),
      ["b_z was edited: the key gives [0, 0], yours is [0, 0.1]; graded with the key's value"],
    );
    assert.strictEqual(answer(g, 'Question 1: \\tilde{H}_t').verdict, 'blank');
    assert.strictEqual(answer(g, 'Question 1: Z_t').verdict, 'correct');
    assert.strictEqual(g.total, 4);
  });
});
