// The affine equations of a cell table (`f = σ(W_f·[h_prev; x] + b_f)`): their values and the
// steps that show them, built from the gate's weight form and the entry's activation and reset.
import * as M from '../matrix';
import type { Matrix, StepOperand } from '../types';
import { allocate, operate } from '../budget';
import { nameLatex } from '../parse/names';
import { applyFormInto, block, formOf, formProblem, type AffineForm, type Term } from '../cells/forms';
import type { Affine } from '../cells/cell';
import { at, prevKey } from './keys';
import type { Solver } from './solver';

interface Inputs {
  readonly x: Matrix;
  readonly h: Matrix;
}

/** x and h_prev at step t as vectors of the input and hidden sizes, noting under `key` what is missing. */
export function inputs(s: Solver, key: string, t: number | undefined): Inputs | undefined {
  const xKey = at('x', t),
    hKey = prevKey('h', t);
  const x = s.get(xKey),
    h = s.get(hKey);
  if (!x) s.noteMissing(key, xKey);
  if (!h) s.noteMissing(key, hKey);
  if (!x || !h) return undefined;
  const sized = [[xKey, x, s.D, 'input'] as const, [hKey, h, s.H, 'hidden'] as const];
  for (const [k, v, size, what] of sized) {
    if (size === undefined || M.length(v) === size) continue;
    const message = `shape: ${k} has ${M.length(v)} entries but the ${what} size is ${size}`;
    s.report('error', 'shape', s.rangeOf(k) ?? s.firstGivenRange()!, message, [], `size:${k}`);
    return undefined;
  }
  return { x, h };
}

export function solveAffine(s: Solver, eq: Affine, t: number | undefined): Matrix | undefined {
  const key = at(eq.target, t);
  const io = inputs(s, key, t);
  // The reset gate before the form, so that a note on a missing candidate also names what r needs.
  const rKey = eq.reset && at(eq.reset.by, t);
  const r = rKey ? s.get(rKey) : undefined;
  if (rKey && !r) s.noteMissing(key, rKey);
  const form = formOf(s, eq.gate);
  if (!form) {
    for (const m of formProblem(s, eq.gate)) s.noteMissing(key, m);
    return undefined;
  }
  if (!io || (rKey && (!r || M.length(r) !== s.H))) return undefined;

  const H = s.H!,
    x = io.x.data,
    h = io.h.data;
  // The weights applied to x and h (multiply-adds) and the result, with r ⊙ h_prev or r ⊙ (W_h·h_prev)
  // when reset. (The pre-activation a step keeps is not counted: a solve that records steps
  // counts what one that does not records, so that both reach the same verdict.)
  operate(s.work, H * (x.length + h.length));
  allocate(s.work, !eq.reset ? H : eq.reset.at === 'after' ? 2 * H : 3 * H);
  const xPart = new Float64Array(H),
    hPart = new Float64Array(H),
    pre = new Float64Array(H);
  const rh = eq.reset?.at === 'before' ? r!.data.map((rj, j) => rj * h[j]) : undefined;
  const rAfter = eq.reset?.at === 'after' ? r!.data : undefined;
  applyFormInto(form, x, rh ?? h, xPart, hPart);
  for (let j = 0; j < H; j++) pre[j] = xPart[j] + (rAfter ? rAfter[j] * hPart[j] : hPart[j]);
  const out = new Float64Array(H);
  M.applyInto(out, pre, eq.act);
  const result = M.orient(out, s.layout);
  if (!s.recording) return result;
  const done: Solved = { s, eq, key, form, io, pre: M.orient(pre, s.layout), result, t };
  if (rAfter) recordResetAfter(done, r!);
  else {
    const hKey = prevKey('h', t);
    const hOp = rh && {
      name: `(${eq.reset!.by} ⊙ ${hKey})`,
      latex: `(${nameLatex(rKey!)} \\odot ${nameLatex(hKey)})`,
      value: M.orient(rh, s.layout),
    };
    recordGate(done, hOp);
  }
  return result;
}

/** A gate's value at step t, and what computed it, for its step. */
interface Solved {
  readonly s: Solver;
  readonly eq: Affine;
  readonly key: string;
  readonly form: AffineForm;
  readonly io: Inputs;
  readonly pre: Matrix;
  readonly result: Matrix;
  readonly t: number | undefined;
}

const ACT = { sigmoid: ['σ', '\\sigma'], tanh: ['tanh', '\\tanh'], relu: ['relu', '\\relu'], identity: ['', ''] } as const;

/** A weight as a step's operand: the block of a packed weight, or the whole W on [h_prev; x]. */
const weight = (w: Term): StepOperand => ({ name: w.name, latex: nameLatex(w.name), value: w.W });

/** Row-layout weights, except PyTorch's (always W·x), and Keras kernels are applied as v·W. */
const onTheRight = (s: Solver, form: AffineForm) => form.form === 'keras' || (s.layout === 'row' && form.form !== 'torch');

/** `f = σ(W_f·[h_prev; x] + b_f)`, its operands and shape arithmetic, as the note wrote the weights. */
function recordGate({ s, eq, key, form, io, pre, result, t }: Solved, hSymbol?: StepOperand): void {
  const row = s.layout === 'row';
  const xOp = s.operand(at('x', t), io.x);
  const hOp = hSymbol ?? s.operand(prevKey('h', t), io.h);
  const ops: StepOperand[] = [],
    latex: string[] = [],
    texts: string[] = [],
    shapes: string[] = [];
  const show = (...shown: StepOperand[]) => {
    latex.push(shown.map((o) => `\\operand{${o.name}}`).join('\\,'));
    texts.push(shown.map((o) => o.name).join('·'));
    shapes.push(shown.map((o) => `(${M.shapeText(o.value)})`).join('·'));
  };
  const product = (w: Term, v: StepOperand) => {
    const W = weight(w);
    ops.push(W, v);
    if (onTheRight(s, form)) show(v, W);
    else show(W, v);
  };
  const bias = (b: StepOperand | undefined) => {
    if (!b) return;
    ops.push(b);
    show(b);
  };
  // PyTorch's documented order pairs each product with its bias; the others add the biases last.
  const paired = form.form === 'torch' && !eq.recurrentFirst;
  if (form.form === 'concat') {
    const pieces = s.options.concat === 'hx' ? [hOp, xOp] : [xOp, hOp];
    const vName = `[${pieces.map((p) => p.name).join(row ? ', ' : '; ')}]`;
    const vLatex = `\\begin{bmatrix} ${pieces.map((p) => p.latex).join(row ? ' & ' : ' \\\\ ')} \\end{bmatrix}`;
    product(form.x, { name: vName, latex: vLatex, value: M.orient(M.concatData(pieces.map((p) => p.value.data)), s.layout) });
  } else if (eq.recurrentFirst) {
    product(form.h, hOp);
    product(form.x, xOp);
  } else {
    product(form.x, xOp);
    if (paired) bias(form.bx);
    product(form.h, hOp);
  }
  if (!paired) bias(form.bx);
  bias(form.bh);
  const [fnText, fn] = ACT[eq.act];
  const inner = latex.join(' + ');
  s.recordStep({
    target: key,
    text: `${eq.target} = ${fnText ? `${fnText}(${texts.join(' + ')})` : texts.join(' + ')}`,
    latex: fn ? `${fn}\\left(${inner}\\right)` : inner,
    operands: ops,
    preActivation: fn ? { latex: inner, value: pre } : undefined,
    shapes: `${shapes.join(' + ')} = ${M.shapeText(result)}`,
    result,
    time: t,
  });
}

/** n = tanh(W_xh·x + b_in + r ⊙ (W_hh·h_prev + b_hn)): a concatenated W is shown split in its two parts. */
function recordResetAfter({ s, eq, key, form, io, pre, result, t }: Solved, r: Matrix): void {
  const xKey = at('x', t),
    hKey = prevKey('h', t),
    rKey = at(eq.reset!.by, t);
  const row = s.layout === 'row';
  const { x, h } = form;
  const H = s.H!,
    D = s.D!;
  const [Wx, Wh] =
    form.form === 'concat'
      ? [
          { name: 'W_xh', latex: 'W_{xh}', value: block(x.W, x.rowOff, x.colOff, row ? D : H, row ? H : D) },
          { name: 'W_hh', latex: 'W_{hh}', value: block(h.W, h.rowOff, h.colOff, H, H) },
        ]
      : [weight(x), weight(h)];
  const ops: StepOperand[] = [s.operand(xKey, io.x), s.operand(hKey, io.h), s.operand(rKey, r), Wx, Wh];
  const mul = (W: string, v: string) => (onTheRight(s, form) ? `\\operand{${v}}\\,\\operand{${W}}` : `\\operand{${W}}\\,\\operand{${v}}`);
  let xs = mul(Wx.name, xKey),
    hs = mul(Wh.name, hKey);
  if (form.bx) {
    ops.push(form.bx);
    xs += ` + \\operand{${form.bx.name}}`;
  }
  if (form.bh) {
    ops.push(form.bh);
    hs += ` + \\operand{${form.bh.name}}`;
  }
  const inner = `${xs} + \\operand{${rKey}} \\odot \\left(${hs}\\right)`;
  s.recordStep({
    target: key,
    text: eq.text!,
    latex: `\\tanh\\left(${inner}\\right)`,
    operands: ops,
    preActivation: { latex: inner, value: pre },
    shapes: `(${M.shapeText(Wx.value)})·(${M.shapeText(io.x)}) + (${M.shapeText(r)}) ⊙ ((${M.shapeText(Wh.value)})·(${M.shapeText(io.h)})) = ${M.shapeText(result)}`,
    result,
    time: t,
  });
}
