// What a variant draws for one given: a new value in the same shape, from the range its role
// sets, keeping the structure a question is about (SPEC-less rules, documented in
// docs/notation.md § Exam variants):
//   - a zero value (h_0 = 0, a zero bias) and an identity matrix stay as written;
//   - a one-hot vector gets its 1 in another position; a diagonal matrix stays diagonal;
//   - a given gate or activation (f_t, \tilde{C}_t, h_{t-1}) is drawn strictly inside its
//     range, σ from 0.1…0.9 and tanh from ±0.1…0.9, whatever `vary=` says: a given gate of
//     0 or 1 is the saturation the variants are there to avoid;
//   - weights and biases: `vary=` or one decimal in −1…1 (a weighted sum of eight such
//     terms rarely saturates σ);
//   - other givens (inputs, cell states, embedding tables): `vary=`, else whole numbers in
//     −3…3 when every written element was whole, one decimal in −2…2 otherwise.
import type { CellKind, Matrix, VarySpec } from '../engine/types';
import { isWeightName } from '../engine/keys';
import { draw, pick, type Random } from './random';

type Range = Exclude<VarySpec, { kind: 'none' }>;

export type GivenRole = 'sigmoid' | 'tanh' | 'weight' | 'other';

const SIGMOID: Range = { kind: 'dec', lo: 0.1, hi: 0.9, digits: 1 };
const TANH: Range = { kind: 'dec', lo: -0.9, hi: 0.9, digits: 1 };
const WEIGHT: Range = { kind: 'dec', lo: -1, hi: 1, digits: 1 };
const WHOLE: Range = { kind: 'int', lo: -3, hi: 3, digits: 0 };
const DECIMAL: Range = { kind: 'dec', lo: -2, hi: 2, digits: 1 };

const GATES: Record<CellKind, { sigmoid: readonly string[]; tanh: readonly string[] }> = {
  lstm: { sigmoid: ['f', 'i', 'o'], tanh: ['g', 'h', 'h_prev'] },
  gru: { sigmoid: ['r', 'z'], tanh: ['n', 'h', 'h_prev'] },
  rnn: { sigmoid: [], tanh: [] },
};

/** The role of a given by its canonical base name (`f`, `h_prev`, `W_i`, `b_i`, `x`). */
export function roleOf(kind: CellKind, base: string, act: 'tanh' | 'sigmoid' | 'relu'): GivenRole {
  if (GATES[kind].sigmoid.includes(base)) return 'sigmoid';
  if (GATES[kind].tanh.includes(base)) return 'tanh';
  // An RNN's state is its activation's output.
  if (kind === 'rnn' && (base === 'h' || base === 'h_prev') && act !== 'relu') return act;
  // An embedding table is looked up, not multiplied: its rows are the inputs.
  if (base === 'E' || base.startsWith('embedding')) return 'other';
  if (isWeightName(base) || /^b(_|$)|^bias/.test(base)) return 'weight';
  return 'other';
}

/** A new value for a given written as `value`; `whole` when every element was written as a whole number. */
export function drawGiven(random: Random, value: Matrix, role: GivenRole, whole: boolean, vary: Range | undefined): Matrix {
  const { rows, cols, data } = value;
  const n = data.length;
  if (data.every((v) => v === 0) || isIdentity(value)) return value;
  const out = new Float64Array(n);
  if ((rows === 1 || cols === 1) && n >= 2 && data.every((v) => v === 0 || v === 1) && data.filter((v) => v === 1).length === 1) {
    // Another position than the note's: the same one would ask the same lookup again.
    const hot = data.indexOf(1);
    out[(hot + 1 + pick(random, n - 1)) % n] = 1;
    return { rows, cols, data: out };
  }
  const range = role === 'sigmoid' ? SIGMOID : role === 'tanh' ? TANH : (vary ?? (role === 'weight' ? WEIGHT : whole ? WHOLE : DECIMAL));
  const diagonal = isDiagonal(value);
  for (let k = 0; k < n; k++) {
    if (diagonal && Math.floor(k / cols) !== k % cols) continue;
    let v = draw(random, range);
    // A gate of exactly 0 (tanh's centre) shows nothing either; redrawn, as a bounded loop.
    for (let tries = 0; role === 'tanh' && v === 0 && tries < 100; tries++) v = draw(random, range);
    out[k] = v;
  }
  return { rows, cols, data: out };
}

function isIdentity(m: Matrix): boolean {
  return m.rows === m.cols && m.rows >= 2 && isDiagonal(m) && m.data.every((v, k) => Math.floor(k / m.cols) !== k % m.cols || v === 1);
}

function isDiagonal(m: Matrix): boolean {
  return m.rows === m.cols && m.rows >= 2 && m.data.every((v, k) => Math.floor(k / m.cols) === k % m.cols || v === 0);
}
