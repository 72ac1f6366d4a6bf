// Issue 14, item 2: numpy and torch output pasted as those libraries print it is the value it
// shows: `array(…)`, `np.array(…)`, `tensor(…, dtype=torch.float64, grad_fn=<…>, requires_grad=True,
// device=…)`, numpy's `1.` and `-0.`, its space-separated rows, e-notation, and a long row numpy
// wrapped onto the next line. A summarised print (`...`) is refused with how to print it in full.
// Every print below was made by numpy 1.24 / PyTorch 1.13.
import * as assert from 'assert';
import { block, diagnostics, md, only, rows, value } from './helpers';

/** The only block of a given `name = text` (lines joined), and its value of `name`. */
function given(text: string, name = 'P'): number[][] {
  const b = block(md('rnn', [`${name} = ${text}`]));
  assert.deepStrictEqual(
    b.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
    [],
  );
  return rows(value(b, name));
}

const SUMMARISED = /summarised print.*np\.set_printoptions\(threshold=sys\.maxsize\).*torch\.set_printoptions\(profile="full"\)/;

describe('engine: pasted numpy output (issue 14, item 2)', () => {
  it("numpy's repr array([[0.1, 0.2], [0.3, 0.4]]) over two lines is the 2×2 matrix", () => {
    assert.deepStrictEqual(given('array([[0.1, 0.2],\n       [0.3, 0.4]])'), [
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
  });

  it('np.array(…) and numpy.array(…) are the values inside', () => {
    assert.deepStrictEqual(given('np.array([[1., 2.], [3., 4.]])'), [
      [1, 2],
      [3, 4],
    ]);
    assert.deepStrictEqual(given('numpy.array([[1, 2], [3, 4]])'), [
      [1, 2],
      [3, 4],
    ]);
  });

  it("numpy's `1.` and `-0.` floats and its padded `0.6 ,`: array([ 0.5, -1. ,  2. ]) and [ 1.  0. -0.]", () => {
    assert.deepStrictEqual(given('array([ 0.5, -1. ,  2. ])', 'x'), [[0.5], [-1], [2]]);
    assert.deepStrictEqual(given('[ 1.  0. -0.]', 'x'), [[1], [0], [-0]]);
  });

  it("numpy's print of a 2-D array, space-separated rows: [[0.1 0.2]\\n [0.3 0.4]]", () => {
    assert.deepStrictEqual(given('[[0.1 0.2]\n [0.3 0.4]]'), [
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
  });

  it("numpy's e-notation: array([1.e-05, 2.e+00, 3.e+00]) is [1e-5, 2, 3]", () => {
    assert.deepStrictEqual(given('array([1.e-05, 2.e+00, 3.e+00])', 'x'), [[1e-5], [2], [3]]);
  });

  it('a dtype after the values is read past: array([1, 2], dtype=int64)', () => {
    assert.deepStrictEqual(given('array([1, 2], dtype=int64)', 'x'), [[1], [2]]);
  });

  it("numpy 2's scalar repr np.float64(0.25) is 0.25", () => {
    assert.deepStrictEqual(given('np.float64(0.25)', 'y'), [[0.25]]);
  });
});

describe('engine: numpy wraps a long row onto the next line (issue 14, item 2)', () => {
  it('a 1-D print of 12 numbers wrapped after 6 is one row of 12, not a ragged matrix', () => {
    const print =
      '[ 0.14404357  1.45427351  0.76103773  0.12167502  0.44386323  0.33367433\n  1.49407907 -0.20515826  0.3130677  -0.85409574 -2.55298982  0.6536186 ]';
    const b = block(md('rnn', [`P = ${print}`]));
    // A vector (the block's layout stands it as a column).
    const P = value(b, 'P');
    assert.deepStrictEqual([P.rows, P.cols], [12, 1]);
    assert.deepStrictEqual(
      Array.from(P.data),
      [
        0.14404357, 1.45427351, 0.76103773, 0.12167502, 0.44386323, 0.33367433, 1.49407907, -0.20515826, 0.3130677, -0.85409574,
        -2.55298982, 0.6536186,
      ],
    );
    // Equal lines would also read as a 2×6 matrix: the note says which reading was taken.
    assert.match(
      only(b, 'assumed').message,
      /read as one row of 12 numbers, a numpy print wrapped at its line width; to mean a 2×6 matrix, end each row with `;`/,
    );
  });

  it('a 1-D print whose last line is shorter is one row, with no note (a matrix could not be ragged)', () => {
    const print = '[ 0.59 0.18 0.61 0.99 0.85 0.99 0.59 0.18 0.61 0.99 0.85 0.99 0.59 0.18 0.61\n 0.31 0.85 0.46 0.83]';
    const b = block(md('rnn', [`x = ${print}`]));
    assert.deepStrictEqual(value(b, 'x').data.length, 19);
    assert.deepStrictEqual(
      diagnostics(b, 'assumed').filter((d) => /numpy/.test(d.message)),
      [],
    );
  });

  it('the rows of a 2-D print that each wrap stay rows: 2×8 from four lines', () => {
    const print = [
      '[[ 0.8644362  -0.74216502  2.26975462 -1.45436567  0.04575852 -0.18718385',
      '   1.53277921  1.46935877]',
      ' [ 0.15494743  0.37816252 -0.88778575 -1.98079647 -0.34791215  0.15634897',
      '   1.23029068  1.20237985]]',
    ].join('\n');
    const m = value(block(md('rnn', [`P = ${print}`])), 'P');
    assert.deepStrictEqual([m.rows, m.cols, m.data[6], m.data[15]], [2, 8, 1.53277921, 1.20237985]);
  });

  it('short MATLAB lines stay the rows of a matrix: [1 2\\n 3 4] is 2×2', () => {
    assert.deepStrictEqual(given('[1 2\n 3 4]'), [
      [1, 2],
      [3, 4],
    ]);
  });

  it('a ragged matrix of short lines is still an error: [1 2 3\\n 4 5]', () => {
    const b = block(md('rnn', ['P = [1 2 3\n 4 5]']));
    assert.strictEqual(only(b, 'parse').message, 'ragged matrix: row 2 has 2 entries but row 1 has 3');
  });
});

describe('engine: pasted torch output (issue 14, item 2)', () => {
  it('tensor([[…]], dtype=torch.float64) over two lines is the matrix', () => {
    const print = 'tensor([[ 0.2313, -2.4846,  0.6077],\n        [-1.3843,  0.4168,  0.6026]], dtype=torch.float64)';
    assert.deepStrictEqual(given(print), [
      [0.2313, -2.4846, 0.6077],
      [-1.3843, 0.4168, 0.6026],
    ]);
  });

  it('requires_grad=True on its own line after the values', () => {
    const print = 'tensor([-0.5218,  0.6142, -0.6680,  0.3038],\n       dtype=torch.float64, requires_grad=True)';
    assert.deepStrictEqual(given(print, 'x'), [[-0.5218], [0.6142], [-0.668], [0.3038]]);
  });

  it("grad_fn=<TanhBackward0> and device='cuda:0' are read past; torch.tensor(…) too", () => {
    assert.deepStrictEqual(given('tensor([0.7615, 0.9640], grad_fn=<TanhBackward0>)', 'x'), [[0.7615], [0.964]]);
    assert.deepStrictEqual(given("torch.tensor([1.0000e-05, 2.0000e+00], device='cuda:0')", 'x'), [[1e-5], [2]]);
  });

  it('a 0-d print tensor(-0.1574, dtype=torch.float64, grad_fn=<SumBackward0>) is the number', () => {
    assert.deepStrictEqual(given('tensor(-0.1574, dtype=torch.float64, grad_fn=<SumBackward0>)', 'y'), [[-0.1574]]);
  });

  it('a check against a torch print uses the 4 printed decimals as its tolerance', () => {
    const b = block(md('rnn', ['y = 0.76159416', 'y ?= tensor(0.7616, grad_fn=<TanhBackward0>)', 'y ?= tensor(0.7618)']));
    assert.deepStrictEqual(
      b.checks.map((c) => c.pass),
      [true, false],
    );
  });

  it('an argument torch does not print is a parse error that names it', () => {
    const b = block(md('rnn', ['x = tensor([1., 2.], foo=3)']));
    assert.match(
      only(b, 'parse').message,
      /`foo=` is not an argument numpy or torch prints \(they print dtype, requires_grad, grad_fn, device\)/,
    );
  });

  it('a wrapper without its closing parenthesis says so', () => {
    const b = block(md('rnn', ['x = tensor([1., 2.]']));
    assert.ok(diagnostics(b, 'parse').length >= 1);
  });
});

describe('engine: summarised prints are refused (issue 14, item 2)', () => {
  it("numpy's summarised print [0.000e+00 1.000e+00 ... 1.999e+03] says how to print it in full", () => {
    const b = block(md('rnn', ['x = [0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]']));
    assert.match(only(b, 'parse').message, SUMMARISED);
  });

  it("torch's summarised tensor([0.0000e+00, ..., 1.9990e+03]) says how to print it in full", () => {
    const b = block(md('rnn', ['x = tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])']));
    assert.match(only(b, 'parse').message, SUMMARISED);
  });

  it('a summarised 2-D print with a row of ... is refused too', () => {
    const b = block(md('rnn', ['W = array([[0., 1., 2.],\n       ...,\n       [6., 7., 8.]])']));
    assert.match(only(b, 'parse').message, SUMMARISED);
  });

  it('an ellipsis … in a written list is refused the same way', () => {
    const b = block(md('rnn', ['x = [1, 2, …, 9]']));
    assert.match(only(b, 'parse').message, SUMMARISED);
  });
});

describe("engine: torch's three-dimensional prints of nn.LSTM's states (layers × batch × H)", () => {
  it('one slice, tensor([[[ 0.2000, -0.1000]]]), is the vector it holds: the state of one layer for one example', () => {
    assert.deepStrictEqual(given('tensor([[[ 0.2000, -0.1000]]], dtype=torch.float64)', 'h_prev'), [[0.2], [-0.1]]);
  });

  it('one slice of two examples, [[[0.1, 0.2],\\n  [0.3, 0.4]]], is the 2×2 matrix', () => {
    assert.deepStrictEqual(given('tensor([[[0.1, 0.2],\n         [0.3, 0.4]]])', 'P'), [
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
  });

  it('a state printed that way is the vector it holds: h_0 of nn.LSTM gives h_n and c_n, the states after the last step, as PyTorch printed them', () => {
    const b = block(
      md('lstm', [
        'weight_ih_l0 = [-0.7, -0.3; 0.4, -0.5; 0.4, 0.2; -0.4, -0.1; -0.1, 0.4; -0.4, 0.1; -0.1, -0.2; 0.7, -0.6]',
        'weight_hh_l0 = [-0.5, 0; 0.6, -0.5; 0.2, 0.1; -0.6, -0.3; -0.1, -0.6; -0.1, 0.1; 0.1, 0.3; 0.5, -0.6]',
        'bias_ih_l0 = [-0.7, -0.6, -0.5, 0.5, -0.4, -0.1, 0, 0.6]',
        'bias_hh_l0 = [0.1, -0.2, -0.1, 0.1, -0.2, -0.2, 0.2, 0.1]',
        'x_1 = tensor([[[ 1.0000, -0.5000]]], dtype=torch.float64)',
        'h_0 = tensor([[[ 0.2000, -0.1000]]], dtype=torch.float64)',
        'c_0 = tensor([[[0.5000, 0.3000]]], dtype=torch.float64)',
        'h_n ?= tensor([[[ 0.0336, -0.1437]]], dtype=torch.float64, grad_fn=<StackBackward0>)',
        'c_n ?= tensor([[[ 0.0614, -0.1676]]], dtype=torch.float64, grad_fn=<StackBackward0>)',
      ]),
    );
    assert.deepStrictEqual(
      b.checks.map((c) => [c.name, c.pass]),
      [
        ['h_1', true],
        ['c_1', true],
      ],
    );
  });

  it('two slices (two layers) are refused with their shape, 2×1×2, and how to give each layer', () => {
    const b = block(md('lstm', ['h_0 = tensor([[[0., 0.]],\n\n        [[0., 0.]]])']));
    assert.match(
      only(b, 'parse').message,
      /three dimensions \(2×1×2\) and a matrix has two: give each of its 2 slices on its own .*h_0 for the first layer, h\^\{\[2\]\}_0 for the second/,
    );
  });

  it('slices of different shapes, and a fourth dimension, are refused', () => {
    assert.match(
      only(block(md('rnn', ['P = [[[1, 2], [3, 4]], [[1, 2, 3]]]'])), 'parse').message,
      /slices of this print differ in shape \(2×2, 1×3\)/,
    );
    assert.match(only(block(md('rnn', ['P = [[[[1]]]]'])), 'parse').message, /more than three dimensions/);
    assert.match(only(block(md('rnn', ['P = [[[1]], [1, 2]]'])), 'parse').message, /slices of this print differ in shape \(1×1, 1×2\)/);
  });
});

describe("engine: numpy's and torch's nan and inf in a pasted print", () => {
  it('tensor([1., nan]) is a parse error that says nan is no finite number', () => {
    const b = block(md('rnn', ['x = tensor([1., nan])']));
    assert.match(
      only(b, 'parse').message,
      /^`tensor\(…\)` holds nan: nan and inf are how numpy and torch print values that are not finite numbers/,
    );
  });

  it('a bare [1; -inf] names inf as unknown and says the same', () => {
    const b = block(md('rnn', ['h_prev = [1; -inf]']));
    assert.match(
      only(b, 'unknown-name').message,
      /^inf is not defined in this block \(nan and inf are how numpy and torch print values that are not finite numbers/,
    );
  });
});
