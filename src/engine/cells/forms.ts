// Weight layouts (SPEC §4): whichever way a note writes a gate's weights — concatenated on
// [h_prev; x], d2l or Wikipedia split, PyTorch or Keras packed, row or column layout — they
// become one `AffineForm`: the weights applied to x and to h_prev, without copying them, built
// once per solve with the block's bias convention (bias=false drops the biases, a missing bias
// is zeros).
import type { CellKind, Matrix, StepOperand } from '../types';
import { accumulate, orient, shapeText, zeros } from '../matrix';
import { allocate } from '../budget';
import type { Solver } from '../solve/solver';
import { GATES, gateOf, targetOf } from './index';

/** The rows×cols block of W at (rowOff, colOff) applied to x or h_prev, and its name in a step. */
export interface Term {
  readonly name: string;
  readonly W: Matrix;
  /** Row-layout weights (and Keras kernels) are applied as v·W: the block is used transposed. */
  readonly trans: boolean;
  readonly rowOff: number;
  readonly colOff: number;
}

export interface AffineForm {
  readonly form: 'concat' | 'split' | 'wiki' | 'torch' | 'keras';
  readonly x: Term;
  readonly h: Term;
  /** Bias added to the input part, and (PyTorch/Keras reset-after) to the recurrent part. */
  readonly bx?: StepOperand;
  readonly bh?: StepOperand;
  /** The givens this form reads: any other weight of the gate that is given is unused (unused.ts). */
  readonly uses: readonly string[];
}

/** Why a gate has no form: a shape error to report, or the givens that would give it one. */
export type FormProblem = { readonly code: 'missing'; readonly missing: readonly string[] } | ShapeProblem;
interface ShapeProblem {
  readonly code: 'shape';
  readonly message: string;
  readonly name?: string;
  readonly related?: readonly string[];
}

/**
 * The names of a gate's weights and biases: `W_f`, `W_xf`, `W_hf`, `U_f`, `b_f`, `b_if`, `b_hf`
 * (the LSTM candidate `c` has b_ig / b_hg); an RNN's single gate is W, W_x, W_h and b, or PyTorch's
 * pair b_ih + b_hh (no U).
 */
export type GateNames = Readonly<Record<'W' | 'Wx' | 'Wh' | 'U' | 'b' | 'bi' | 'bh', string>>;
const RNN_NAMES: GateNames = { W: 'W', Wx: 'W_x', Wh: 'W_h', U: '', b: 'b', bi: 'b_ih', bh: 'b_hh' };

export function gateNames(kind: CellKind, k: string): GateNames {
  if (kind === 'rnn') return RNN_NAMES;
  const s = k === 'c' ? 'g' : k;
  return { W: `W_${k}`, Wx: `W_x${k}`, Wh: `W_h${k}`, U: `U_${k}`, b: `b_${k}`, bi: `b_i${s}`, bh: `b_h${s}` };
}

/** Gate letters of each kind, as weight subscripts (the cell tables' affine equations). */
export { GATES };

/** PyTorch's packed order and Keras's, in internal letters. */
const TORCH_ORDER: Record<CellKind, string> = { lstm: 'ifco', gru: 'rzh', rnn: 'a' };
const KERAS_ORDER: Record<CellKind, string> = { lstm: 'ifco', gru: 'zrh', rnn: 'a' };

/** The form of gate k, or undefined when it cannot be built: then what is missing is noted under `key`. */
export function formOf(s: Solver, k: string, key?: string): AffineForm | undefined {
  let f = s.forms.get(k);
  if (!f) {
    f = buildForm(s, k);
    if (!('code' in f)) f = biasProblem(f, s.H!) ?? withBiasConvention(s, k, f);
    if ('code' in f && f.code === 'shape') reportShape(s, f);
    s.forms.set(k, f);
  }
  if (!('code' in f)) return f;
  if (key && f.code === 'missing') for (const m of f.missing) s.noteMissing(key, m);
  return undefined;
}

/** A given bias must have one entry per hidden unit: a shorter one would read past its end (NaN), a longer one be cut. */
function biasProblem(f: AffineForm, H: number): ShapeProblem | undefined {
  for (const b of [f.bx, f.bh]) {
    if (!b || (b.value.data.length === H && (b.value.rows === 1 || b.value.cols === 1))) continue;
    const n = b.value.data.length;
    const has = b.value.rows === 1 || b.value.cols === 1 ? `has ${n} entr${n === 1 ? 'y' : 'ies'}` : `is ${shapeText(b.value)}`;
    return {
      code: 'shape',
      name: b.name,
      message: `shape: ${b.name} ${has} but the hidden size is ${H}: ${b.name} needs ${H} entries`,
      related: ['h_prev'],
    };
  }
  return undefined;
}

const missing = (...names: string[]): FormProblem => ({ code: 'missing', missing: names });
const term = (name: string, W: Matrix, trans: boolean, rowOff = 0, colOff = 0): Term => ({ name, W, trans, rowOff, colOff });

/** Builds the affine form of gate `k`, or says precisely what is wrong or missing. */
function buildForm(s: Solver, k: string): AffineForm | FormProblem {
  const { kind, order } = s.setup;
  const { H, D } = s;
  const names = gateNames(kind, k);
  if (H === undefined || D === undefined) {
    // Without sizes the weights are still needed: name them too, so the note lists everything to give.
    const weightGiven = [names.W, names.Wx, names.Wh, 'weight_ih', 'kernel'].some((n) => s.has(n));
    // A gate with a U (LSTM, GRU) asks for its concatenated W; the RNN's one gate for W_x and W_h.
    const weights = weightGiven ? [] : names.U ? [names.W] : [names.Wx, names.Wh];
    return missing(H === undefined ? 'h_prev' : 'x', ...weights);
  }
  const row = s.layout === 'row';
  const vec = (n: number) => (row ? `1×${n}` : `${n}×1`);
  const v = s.options.concat === 'hx' ? (row ? '[h_prev, x]' : '[h_prev; x]') : row ? '[x, h_prev]' : '[x; h_prev]';
  // A weight's shape problem, shown beside the related inputs' shapes.
  const expect = (name: string, m: Matrix, rows: number, cols: number, why: string, related = ['x', 'h_prev']) => {
    if (m.rows === rows && m.cols === cols) return undefined;
    const need = m.rows !== rows && m.cols !== cols ? `${rows}×${cols}` : m.rows !== rows ? `${rows} rows` : `${cols} columns`;
    return { code: 'shape' as const, name, message: `shape: ${name} is ${shapeText(m)} but ${why}: ${name} needs ${need}`, related };
  };
  // The biases of the plain forms: b_k, or PyTorch-style b_ik / b_hk.
  const given = (name: string) => {
    const m = s.peek(name);
    return m && s.operand(name, m);
  };
  const plainBiases = (weights: string[]) => {
    const bx = given(names.b) ?? given(names.bi),
      bh = names.bh !== names.b ? given(names.bh) : undefined;
    const uses = [...weights];
    if (bx) uses.push(bx.name);
    if (bh) uses.push(bh.name);
    return { bx, bh, uses };
  };
  // 1. Split weights: the input part W_xk (d2l), or W_k when it has D columns (Wikipedia), with
  // the recurrent part W_hk (d2l) or U_k (Wikipedia), in any mix (W_f with W_hf, W_if with U_f).
  const separate = (form: 'split' | 'wiki', xName: string, hName: string): AffineForm | FormProblem => {
    const Wx = s.peek(xName),
      Wh = s.peek(hName);
    if (!Wx || !Wh) return missing(Wx ? hName : xName);
    const p =
      expect(xName, Wx, row ? D : H, row ? H : D, `x is ${vec(D)} and the hidden size is ${H}`) ??
      expect(hName, Wh, H, H, `the hidden size is ${H}`);
    return p ?? { form, x: term(xName, Wx, row), h: term(hName, Wh, row), ...plainBiases([xName, hName]) };
  };
  const hName = s.has(names.Wh) ? names.Wh : names.U && s.has(names.U) ? names.U : undefined;
  if (s.has(names.Wx) || hName) {
    // The input part is W_xk, else W_k (read on x alone: a W_k on [h_prev; x] gets its shape error).
    const xName = s.has(names.Wx) ? names.Wx : s.has(names.W) || hName === names.U ? names.W : names.Wx;
    return separate(xName === names.W || hName === names.U ? 'wiki' : 'split', xName, hName ?? names.Wh);
  }

  // 2. W_k alone, concatenated on [h_prev; x].
  if (s.has(names.W)) {
    const W = s.peek(names.W);
    if (!W) return missing(names.W);
    const total = H + D;
    const vText = `${v} is ${vec(total)} (h_prev has ${H} ${row ? 'columns' : 'rows'}, x has ${D})`;
    const p = expect(names.W, W, row ? total : H, row ? H : total, vText, ['h_prev', 'x']);
    // A W_k with D columns is the Wikipedia form missing its U_k.
    if (p && names.U && (row ? W.rows === D && W.cols === H : W.rows === H && W.cols === D) && D !== total) return missing(names.U);
    if (p) return p;
    const hOff = s.options.concat === 'hx' ? 0 : D,
      xOff = s.options.concat === 'hx' ? H : 0;
    return {
      form: 'concat',
      x: row ? term(names.W, W, true, xOff, 0) : term(names.W, W, false, 0, xOff),
      h: row ? term(names.W, W, true, hOff, 0) : term(names.W, W, false, 0, hOff),
      ...plainBiases([names.W]),
    };
  }

  const G = GATES[kind].length;
  const packedOrder = order
    ? [...order].map((target) => gateOf(kind, target) ?? target).join('')
    : s.has('kernel')
      ? KERAS_ORDER[kind]
      : TORCH_ORDER[kind];
  const at = packedOrder.indexOf(k);
  // A gate's H entries of a packed bias, from `from`.
  const bias = (name: string, latex: string, b: Matrix, from: number): StepOperand => {
    return { name, latex, value: orient(b.data.subarray(from, from + H), s.layout) };
  };

  // 3. PyTorch packed: weight_ih (G·H×D) rows in gate order, always W·x.
  if (s.has('weight_ih') || s.has('weight_hh')) {
    const Wi = s.peek('weight_ih'),
      Wh = s.peek('weight_hh');
    if (!Wi || !Wh) return missing(Wi ? 'weight_hh' : 'weight_ih');
    const p =
      expect('weight_ih', Wi, G * H, D, `${G} gates × hidden size ${H} = ${G * H} rows on x with ${D} entries`) ??
      expect('weight_hh', Wh, G * H, H, `${G} gates × hidden size ${H} = ${G * H} rows on h_prev with ${H} entries`);
    if (p) return p;
    // PyTorch names a gate's slices by its target (W_ig, b_hn); the RNN's one gate has no letter.
    const gl = G === 1 ? '' : (targetOf(kind, k) ?? k);
    const bi = s.peek('bias_ih'),
      bh = s.peek('bias_hh');
    return {
      form: 'torch',
      x: term(`W_i${gl}`, rowsOf(Wi, at * H, H), false),
      h: term(`W_h${gl}`, rowsOf(Wh, at * H, H), false),
      bx: bi && bi.data.length === G * H ? bias(`b_i${gl}`, `b_{i${gl}}`, bi, at * H) : undefined,
      bh: bh && bh.data.length === G * H ? bias(`b_h${gl}`, `b_{h${gl}}`, bh, at * H) : undefined,
      uses: ['weight_ih', 'weight_hh', ...(bi ? ['bias_ih'] : []), ...(bh ? ['bias_hh'] : [])],
    };
  }

  // 4. Keras packed: kernel (D×G·H) columns in gate order, always x·kernel.
  if (s.has('kernel') || s.has('recurrent_kernel')) {
    const K = s.peek('kernel'),
      R = s.peek('recurrent_kernel');
    if (!K || !R) return missing(K ? 'recurrent_kernel' : 'kernel');
    const p =
      expect('kernel', K, D, G * H, `x has ${D} entries and ${G} gates × hidden size ${H} = ${G * H} columns`) ??
      expect('recurrent_kernel', R, H, G * H, `h_prev has ${H} entries and ${G} gates × hidden size ${H} = ${G * H} columns`);
    if (p) return p;
    const b = s.peek('bias');
    const form: AffineForm = {
      form: 'keras',
      x: term(`kernel_${k}`, block(K, 0, at * H, K.rows, H), true),
      h: term(`recurrent_kernel_${k}`, block(R, 0, at * H, R.rows, H), true),
      uses: ['kernel', 'recurrent_kernel', ...(b ? ['bias'] : [])],
    };
    if (!b) return form;
    const bx = bias(`bias_${k}`, `b_{${k}}`, b, at * H);
    if (b.rows === 2 && b.cols === G * H) return { ...form, bx, bh: bias(`recurrent_bias_${k}`, `b^{r}_{${k}}`, b, G * H + at * H) };
    if (b.data.length === G * H && (b.rows === 1 || b.cols === 1)) return { ...form, bx };
    const message = `shape: bias is ${shapeText(b)} but ${G} gates × hidden size ${H} need ${G * H} entries (or 2×${G * H} with reset after)`;
    return { code: 'shape', name: 'bias', message };
  }
  return missing(kind === 'rnn' ? 'W_x' : names.W);
}

/** Rows of W as a view (no copy: a gate's block of packed weights is only ever read). */
function rowsOf(W: Matrix, from: number, n: number): Matrix {
  return { rows: n, cols: W.cols, data: W.data.subarray(from * W.cols, (from + n) * W.cols) };
}

/** The rows×cols sub-matrix of W at (rowOff, colOff), as a note would write it. */
export function block(W: Matrix, rowOff: number, colOff: number, rows: number, cols: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = W.data[(rowOff + i) * W.cols + colOff + j];
  return { rows, cols, data };
}

function reportShape(s: Solver, f: ShapeProblem): void {
  const where = (f.name && s.rangeOf(f.name)) ?? s.firstGivenRange();
  if (!where) return;
  const related = (f.related ?? []).flatMap((n) => {
    const key = s.T ? (n === 'x' ? 'x_1' : n === 'h_prev' ? 'h_0' : n) : n;
    const r = s.rangeOf(key);
    const v = s.valueOf(key);
    return r ? [{ range: r, message: `${key}${v ? ` is ${shapeText(v)}` : ''}` }] : [];
  });
  s.report('error', 'shape', where, f.message, related);
}

function withBiasConvention(s: Solver, k: string, f: AffineForm): AffineForm {
  if (!s.options.bias) return { ...f, bx: undefined, bh: undefined };
  // One bias of a pair given (b_hh alone) is the whole bias: nothing is assumed.
  if (f.bx || f.bh) return f;
  const names = gateNames(s.setup.kind, k);
  // The RNN's one bias is b however its weights are written; a packed form's is packed too.
  const name = !names.U ? names.b : f.form === 'torch' ? 'bias_ih' : f.form === 'keras' ? 'bias' : names.b;
  if (!s.assumed.includes(name)) s.assumed.push(name);
  if (f.form === 'torch' || f.form === 'keras') return f;
  // The assumed zero bias is a quantity like any other: shown, hoverable, in the JSON.
  allocate(s.work, s.H!);
  const value = orient(zeros(s.H!), s.layout);
  s.values.set(name, value);
  s.origins.set(name, 'default');
  return { ...f, bx: s.operand(name, value) };
}

/** Computes the input part (W_x·x + b_x) and the recurrent part (W_h·h + b_h) into zeroed buffers. */
export function applyFormInto(form: AffineForm, x: Float64Array, h: Float64Array, xPart: Float64Array, hPart: Float64Array): void {
  const { x: tx, h: th } = form;
  accumulate(xPart, tx.W, tx.trans, tx.rowOff, tx.colOff, x);
  accumulate(hPart, th.W, th.trans, th.rowOff, th.colOff, h);
  const bx = form.bx?.value.data,
    bh = form.bh?.value.data;
  if (bx) for (let r = 0; r < xPart.length; r++) xPart[r] += bx[r];
  if (bh) for (let r = 0; r < hPart.length; r++) hPart[r] += bh[r];
}
