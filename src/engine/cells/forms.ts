// Weight layouts (SPEC §4): whichever way a note writes a gate's weights — concatenated on
// [h_prev; x], d2l or Wikipedia split, PyTorch or Keras packed, row or column layout — they
// become one `AffineForm`: terms applied to x and to h_prev without copying the weights.
import type { CellKind, Layout, Matrix, Range } from '../types';
import { accumulate, shapeText } from '../matrix';
import { nameLatex } from '../parse/names';
import { GATES, gateOf, targetOf } from './index';

export interface Term {
  readonly W: Matrix;
  /** Row-layout weights (and Keras kernels) are applied as v·W: the block is used transposed. */
  readonly trans: boolean;
  readonly rowOff: number;
  readonly colOff: number;
  readonly input: 'x' | 'h';
}

export interface Bias {
  readonly data: Float64Array;
  readonly name: string;
  readonly latex: string;
  readonly value: Matrix;
}

export type FormKind = 'concat' | 'split' | 'wiki' | 'torch' | 'keras';

export interface AffineForm {
  readonly form: FormKind;
  readonly terms: readonly Term[];
  /** Bias added to the input part, and (PyTorch/Keras reset-after) to the recurrent part. */
  readonly bx?: Bias;
  readonly bh?: Bias;
  /** Operands as displayed: the weights as the note wrote them, or the slices of packed ones. */
  readonly display: {
    readonly W?: DisplayWeight; // concatenated
    readonly Wx?: DisplayWeight;
    readonly Wh?: DisplayWeight;
  };
  /** Names of the givens this form reads (for given-overrides notes and parameter counts). */
  readonly uses: readonly string[];
}

export interface DisplayWeight {
  readonly name: string;
  readonly latex: string;
  readonly value: Matrix;
}

export interface FormProblem {
  readonly code: 'shape' | 'missing';
  readonly message: string;
  readonly name?: string; // the given to point at
  readonly related?: readonly string[];
  readonly missing?: readonly string[];
}

export interface FormContext {
  readonly kind: CellKind;
  readonly layout: Layout;
  readonly concat: 'hx' | 'xh';
  readonly H: number;
  readonly D: number;
  readonly order: string; // packed order in internal letters, e.g. 'ifco' / 'rzh'
  has(name: string): boolean;
  value(name: string): Matrix | undefined;
  rangeOf(name: string): Range | undefined;
}

/**
 * The names of a gate's weights and biases: `W_f`, `W_xf`, `W_hf`, `U_f`, `b_f`, `b_if`, `b_hf`
 * (the LSTM candidate `c` has b_ig / b_hg); an RNN's single gate is W, W_x, W_h and b (no U).
 */
export interface GateNames {
  readonly W: string;
  readonly Wx: string;
  readonly Wh: string;
  readonly U: string;
  readonly b: string;
  readonly bi: string;
  readonly bh: string;
}
const RNN_NAMES: GateNames = { W: 'W', Wx: 'W_x', Wh: 'W_h', U: '', b: 'b', bi: 'b', bh: 'b' };

export function gateNames(kind: CellKind, k: string): GateNames {
  if (kind === 'rnn') return RNN_NAMES;
  const s = k === 'c' ? 'g' : k;
  return { W: `W_${k}`, Wx: `W_x${k}`, Wh: `W_h${k}`, U: `U_${k}`, b: `b_${k}`, bi: `b_i${s}`, bh: `b_h${s}` };
}

/** Gate letters of each kind, as weight subscripts (the cell tables' affine equations). */
export { GATES };

/** PyTorch's packed order and Keras's, in internal letters. */
export const TORCH_ORDER: Record<CellKind, string> = { lstm: 'ifco', gru: 'rzh', rnn: 'a' };
export const KERAS_ORDER: Record<CellKind, string> = { lstm: 'ifco', gru: 'zrh', rnn: 'a' };

/** `order=` letters (the targets i f g o / r z n) → the gates' weight subscripts (the candidates' c / h). */
export function internalOrder(kind: CellKind, order: string): string {
  return [...order].map((target) => gateOf(kind, target) ?? target).join('');
}

const vecShape = (n: number, layout: Layout) => (layout === 'row' ? `1×${n}` : `${n}×1`);

/** Builds the affine form of gate `k`, or says precisely what is wrong or missing. */
export function buildForm(ctx: FormContext, k: string): AffineForm | FormProblem {
  const { kind, layout, H, D } = ctx;
  const row = layout === 'row';
  const names = gateNames(kind, k);
  const v = ctx.concat === 'hx' ? (row ? '[h_prev, x]' : '[h_prev; x]') : row ? '[x, h_prev]' : '[x; h_prev]';

  // The bias of the plain forms: b_k, or PyTorch-style b_ik / b_hk.
  const plainBiases = (): { bx?: Bias; bh?: Bias; uses: string[] } => {
    const uses: string[] = [];
    const mk = (name: string): Bias | undefined => {
      const m = ctx.value(name);
      if (!m) return undefined;
      uses.push(name);
      return { data: m.data, name, latex: nameLatex(name), value: m };
    };
    const bx = mk(names.b) ?? mk(names.bi);
    const bh = names.bh !== names.b ? mk(names.bh) : undefined;
    return { bx, bh, uses };
  };

  const expect = (name: string, m: Matrix, rows: number, cols: number, why: string): FormProblem | undefined => {
    if (m.rows === rows && m.cols === cols) return undefined;
    const need = m.rows !== rows && m.cols !== cols ? `${rows}×${cols}` : m.rows !== rows ? `${rows} rows` : `${cols} columns`;
    return { code: 'shape', name, message: `shape: ${name} is ${shapeText(m)} but ${why}: ${name} needs ${need}` };
  };
  const wx = (name: string): Matrix | undefined => ctx.value(name);

  // 1. Split weights: W_xk with W_hk (d2l), or W_x / W_h (RNN).
  if (ctx.has(names.Wx) || ctx.has(names.Wh)) {
    const Wx = wx(names.Wx),
      Wh = wx(names.Wh);
    if (!Wx || !Wh) {
      const absent = !Wx ? names.Wx : names.Wh;
      return { code: 'missing', missing: [absent], message: `${absent} is needed with ${!Wx ? names.Wh : names.Wx}` };
    }
    const xr = row ? D : H,
      xc = row ? H : D;
    const p =
      expect(names.Wx, Wx, xr, xc, `x is ${vecShape(D, layout)} and the hidden size is ${H}`) ??
      expect(names.Wh, Wh, H, H, `the hidden size is ${H}`);
    if (p) return { ...p, related: ['x', 'h_prev'] };
    const bs = plainBiases();
    return {
      form: 'split',
      terms: [
        { W: Wx, trans: row, rowOff: 0, colOff: 0, input: 'x' },
        { W: Wh, trans: row, rowOff: 0, colOff: 0, input: 'h' },
      ],
      bx: bs.bx,
      bh: bs.bh,
      display: { Wx: disp(names.Wx, Wx), Wh: disp(names.Wh, Wh) },
      uses: [names.Wx, names.Wh, ...bs.uses],
    };
  }

  // 2. W_k alone (concatenated on [h_prev; x]) or with U_k (Wikipedia split).
  if (ctx.has(names.W)) {
    const W = wx(names.W);
    if (!W) return { code: 'missing', missing: [names.W], message: `${names.W} has no value` };
    const U = names.U ? wx(names.U) : undefined;
    if (U || (names.U && ctx.has(names.U))) {
      if (!U) return { code: 'missing', missing: [names.U], message: `${names.U} has no value` };
      const p =
        expect(names.W, W, row ? D : H, row ? H : D, `x is ${vecShape(D, layout)} and the hidden size is ${H}`) ??
        expect(names.U, U, H, H, `the hidden size is ${H}`);
      if (p) return { ...p, related: ['x', 'h_prev'] };
      const bs = plainBiases();
      return {
        form: 'wiki',
        terms: [
          { W, trans: row, rowOff: 0, colOff: 0, input: 'x' },
          { W: U, trans: row, rowOff: 0, colOff: 0, input: 'h' },
        ],
        bx: bs.bx,
        bh: bs.bh,
        display: { Wx: disp(names.W, W), Wh: disp(names.U, U) },
        uses: [names.W, names.U, ...bs.uses],
      };
    }
    const total = H + D;
    const vText = `${v} is ${vecShape(total, layout)} (h_prev has ${H} ${row ? 'columns' : 'rows'}, x has ${D})`;
    const p = row ? expect(names.W, W, total, H, vText) : expect(names.W, W, H, total, vText);
    if (p) {
      // A W_k with D columns is the Wikipedia form missing its U_k.
      if (names.U && (row ? W.rows === D && W.cols === H : W.rows === H && W.cols === D) && D !== total) {
        return {
          code: 'missing',
          missing: [names.U],
          name: names.W,
          message: `${names.W} is ${shapeText(W)}, the input part only: give ${names.U} (${H}×${H}) for h_prev, or write ${names.W} as ${row ? `${total}×${H}` : `${H}×${total}`} on ${v}`,
        };
      }
      return { ...p, related: ['h_prev', 'x'] };
    }
    const hFirst = ctx.concat === 'hx';
    const hOff = hFirst ? 0 : D,
      xOff = hFirst ? H : 0;
    const bs = plainBiases();
    return {
      form: 'concat',
      terms: [
        { W, trans: row, rowOff: row ? xOff : 0, colOff: row ? 0 : xOff, input: 'x' },
        { W, trans: row, rowOff: row ? hOff : 0, colOff: row ? 0 : hOff, input: 'h' },
      ],
      bx: bs.bx,
      bh: bs.bh,
      display: { W: disp(names.W, W) },
      uses: [names.W, ...bs.uses],
    };
  }

  // 3. PyTorch packed: weight_ih (G·H×D) rows in gate order, always W·x.
  const G = GATES[kind].length;
  if (ctx.has('weight_ih') || ctx.has('weight_hh')) {
    const Wi = wx('weight_ih'),
      Whh = wx('weight_hh');
    if (!Wi || !Whh) {
      const absent = !Wi ? 'weight_ih' : 'weight_hh';
      return { code: 'missing', missing: [absent], message: `${absent} is needed with ${!Wi ? 'weight_hh' : 'weight_ih'}` };
    }
    const p =
      expect('weight_ih', Wi, G * H, D, `${G} gates × hidden size ${H} = ${G * H} rows on x with ${D} entries`) ??
      expect('weight_hh', Whh, G * H, H, `${G} gates × hidden size ${H} = ${G * H} rows on h_prev with ${H} entries`);
    if (p) return { ...p, related: ['x', 'h_prev'] };
    const at = ctx.order.indexOf(k);
    const slice = packedBias(ctx, 'bias_ih', G, H, at),
      sliceH = packedBias(ctx, 'bias_hh', G, H, at);
    const gl = torchLetter(kind, k);
    return {
      form: 'torch',
      terms: [
        { W: Wi, trans: false, rowOff: at * H, colOff: 0, input: 'x' },
        { W: Whh, trans: false, rowOff: at * H, colOff: 0, input: 'h' },
      ],
      bx: slice && { ...slice, name: `b_i${gl}`, latex: `b_{i${gl}}` },
      bh: sliceH && { ...sliceH, name: `b_h${gl}`, latex: `b_{h${gl}}` },
      display: { Wx: disp(`W_i${gl}`, rowsOf(Wi, at * H, H)), Wh: disp(`W_h${gl}`, rowsOf(Whh, at * H, H)) },
      uses: ['weight_ih', 'weight_hh', ...(slice ? ['bias_ih'] : []), ...(sliceH ? ['bias_hh'] : [])],
    };
  }

  // 4. Keras packed: kernel (D×G·H) columns in gate order, always x·kernel.
  if (ctx.has('kernel') || ctx.has('recurrent_kernel')) {
    const K = wx('kernel'),
      R = wx('recurrent_kernel');
    if (!K || !R) {
      const absent = !K ? 'kernel' : 'recurrent_kernel';
      return { code: 'missing', missing: [absent], message: `${absent} is needed with ${!K ? 'recurrent_kernel' : 'kernel'}` };
    }
    const p =
      expect('kernel', K, D, G * H, `x has ${D} entries and ${G} gates × hidden size ${H} = ${G * H} columns`) ??
      expect('recurrent_kernel', R, H, G * H, `h_prev has ${H} entries and ${G} gates × hidden size ${H} = ${G * H} columns`);
    if (p) return { ...p, related: ['x', 'h_prev'] };
    const at = ctx.order.indexOf(k);
    const bias = ctx.value('bias');
    let bx: Bias | undefined, bh: Bias | undefined;
    if (bias) {
      if (bias.rows === 2 && bias.cols === G * H) {
        const top = bias.data.subarray(at * H, at * H + H),
          bottom = bias.data.subarray(G * H + at * H, G * H + at * H + H);
        bx = { data: top, name: `bias_${k}`, latex: `b_{${k}}`, value: vecOf(top, ctx.layout) };
        bh = { data: bottom, name: `recurrent_bias_${k}`, latex: `b^{r}_{${k}}`, value: vecOf(bottom, ctx.layout) };
      } else if (bias.data.length === G * H && (bias.rows === 1 || bias.cols === 1)) {
        const part = bias.data.subarray(at * H, at * H + H);
        bx = { data: part, name: `bias_${k}`, latex: `b_{${k}}`, value: vecOf(part, ctx.layout) };
      } else {
        return {
          code: 'shape',
          name: 'bias',
          message: `shape: bias is ${shapeText(bias)} but ${G} gates × hidden size ${H} need ${G * H} entries (or 2×${G * H} with reset after)`,
        };
      }
    }
    return {
      form: 'keras',
      terms: [
        { W: K, trans: true, rowOff: 0, colOff: at * H, input: 'x' },
        { W: R, trans: true, rowOff: 0, colOff: at * H, input: 'h' },
      ],
      bx,
      bh,
      display: { Wx: disp(`kernel_${k}`, colsOf(K, at * H, H)), Wh: disp(`recurrent_kernel_${k}`, colsOf(R, at * H, H)) },
      uses: ['kernel', 'recurrent_kernel', ...(bias ? ['bias'] : [])],
    };
  }

  const alternatives =
    kind === 'rnn'
      ? `W_x (${row ? `${D}×${H}` : `${H}×${D}`}) and W_h (${H}×${H}), or W on ${v}`
      : `${names.W} (${row ? `${H + D}×${H}` : `${H}×${H + D}`}) on ${v}, or ${names.Wx} and ${names.Wh}, or packed weight_ih/weight_hh`;
  return { code: 'missing', missing: [kind === 'rnn' ? 'W_x' : names.W], message: `give ${alternatives}` };
}

/** PyTorch names a gate's slices by its target (W_ig, b_hn); the RNN's one gate has no letter. */
function torchLetter(kind: CellKind, k: string): string {
  return GATES[kind].length === 1 ? '' : (targetOf(kind, k) ?? k);
}

function packedBias(ctx: FormContext, name: string, G: number, H: number, at: number): Bias | undefined {
  const b = ctx.value(name);
  if (!b || b.data.length !== G * H) return undefined;
  const part = b.data.subarray(at * H, at * H + H);
  return { data: part, name, latex: nameLatex(name), value: vecOf(part, ctx.layout) };
}

function vecOf(data: Float64Array, layout: Layout): Matrix {
  return layout === 'row' ? { rows: 1, cols: data.length, data } : { rows: data.length, cols: 1, data };
}

/** Rows of W as a view (no copy: a gate's block of packed weights is only ever read). */
function rowsOf(W: Matrix, from: number, n: number): Matrix {
  return { rows: n, cols: W.cols, data: W.data.subarray(from * W.cols, (from + n) * W.cols) };
}

function colsOf(W: Matrix, from: number, n: number): Matrix {
  const data = new Float64Array(W.rows * n);
  for (let r = 0; r < W.rows; r++) for (let c = 0; c < n; c++) data[r * n + c] = W.data[r * W.cols + from + c];
  return { rows: W.rows, cols: n, data };
}

function disp(name: string, value: Matrix): DisplayWeight {
  return { name, latex: nameLatex(name), value };
}

/**
 * Computes the input part (W_x·x + b_x) and the recurrent part (W_h·h + b_h) into zeroed buffers
 * of the hidden size (the solver reuses one pair for every gate).
 */
export function applyFormInto(form: AffineForm, x: Float64Array, h: Float64Array, xPart: Float64Array, hPart: Float64Array): void {
  const H = xPart.length;
  for (const t of form.terms) accumulate(t.input === 'x' ? xPart : hPart, t.W, t.trans, t.rowOff, t.colOff, t.input === 'x' ? x : h);
  const bx = form.bx?.data,
    bh = form.bh?.data;
  if (bx) for (let r = 0; r < H; r++) xPart[r] += bx[r];
  if (bh) for (let r = 0; r < H; r++) hPart[r] += bh[r];
}
