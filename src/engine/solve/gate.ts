// The affine equations of a cell table (`f = σ(W_f·[h_prev; x] + b_f)`): their values and the
// steps that show them, built from the gate's weight form and the entry's activation and reset.
import * as M from '../matrix';
import type { Matrix, StepOperand } from '../types';
import { allocate, operate } from '../budget';
import { nameLatex } from '../parse/names';
import { applyFormInto, type AffineForm, type DisplayWeight } from '../cells/forms';
import type { Affine } from '../cells/cell';
import { at, prevKey } from './keys';
import { formOf, formProblem } from './weights';
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
  if (s.D !== undefined && M.length(x) !== s.D) {
    s.report(
      'error',
      'shape',
      s.rangeOf(xKey) ?? s.firstGivenRange()!,
      `shape: ${xKey} has ${M.length(x)} entries but the input size is ${s.D}`,
      [],
      `xsize:${xKey}`,
    );
    return undefined;
  }
  if (s.H !== undefined && M.length(h) !== s.H) {
    s.report(
      'error',
      'shape',
      s.rangeOf(hKey) ?? s.firstGivenRange()!,
      `shape: ${hKey} has ${M.length(h)} entries but the hidden size is ${s.H}`,
      [],
      `hsize:${hKey}`,
    );
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
  let rh: Float64Array | undefined;
  if (eq.reset?.at === 'before') {
    rh = new Float64Array(H);
    for (let j = 0; j < H; j++) rh[j] = r!.data[j] * h[j];
    applyFormInto(form, x, rh, xPart, hPart);
    for (let j = 0; j < H; j++) pre[j] = xPart[j] + hPart[j];
  } else if (eq.reset?.at === 'after') {
    applyFormInto(form, x, h, xPart, hPart);
    for (let j = 0; j < H; j++) pre[j] = xPart[j] + r!.data[j] * hPart[j];
  } else {
    applyFormInto(form, x, h, xPart, hPart);
    for (let j = 0; j < H; j++) pre[j] = xPart[j] + hPart[j];
  }
  const out = new Float64Array(H);
  M.applyInto(out, pre, eq.act);
  const result = M.orient(out, s.layout);
  if (!s.recording) return result;
  if (eq.reset?.at === 'after') recordResetAfter(s, eq, key, form, io, r!, pre, result, t);
  else {
    const hKey = prevKey('h', t);
    const hOp = rh && {
      name: `(${eq.reset!.by} ⊙ ${hKey})`,
      latex: `(${nameLatex(rKey!)} \\odot ${nameLatex(hKey)})`,
      value: M.orient(rh, s.layout),
    };
    recordGate(s, eq, key, form, io, pre, result, t, hOp);
  }
  return result;
}

const ACT_LATEX = { sigmoid: '\\sigma', tanh: '\\tanh', relu: '\\relu', identity: '' } as const;
const ACT_TEXT = { sigmoid: 'σ', tanh: 'tanh', relu: 'relu', identity: '' } as const;

/** `f = σ(W_f·[h_prev; x] + b_f)`, its operands and shape arithmetic, as the note wrote the weights. */
function recordGate(
  s: Solver,
  eq: Affine,
  key: string,
  form: AffineForm,
  io: Inputs,
  pre: Float64Array,
  result: Matrix,
  t: number | undefined,
  hSymbol?: StepOperand,
): void {
  const row = s.layout === 'row';
  const xOp = s.operand(at('x', t), io.x);
  const hOp = hSymbol ?? s.operand(prevKey('h', t), io.h);
  const ops: StepOperand[] = [],
    latex: string[] = [],
    texts: string[] = [],
    shapes: string[] = [];
  const product = (W: DisplayWeight, v: StepOperand) => {
    ops.push({ name: W.name, latex: W.latex, value: W.value }, v);
    const vW = form.form === 'keras' || (row && form.form !== 'torch');
    latex.push(vW ? `\\operand{${v.name}}\\,\\operand{${W.name}}` : `\\operand{${W.name}}\\,\\operand{${v.name}}`);
    texts.push(vW ? `${v.name}·${W.name}` : `${W.name}·${v.name}`);
    shapes.push(vW ? `(${M.shapeText(v.value)})·(${M.shapeText(W.value)})` : `(${M.shapeText(W.value)})·(${M.shapeText(v.value)})`);
  };
  const bias = (b: DisplayWeight | undefined) => {
    if (!b) return;
    ops.push({ name: b.name, latex: b.latex, value: b.value });
    latex.push(`\\operand{${b.name}}`);
    texts.push(b.name);
    shapes.push(`(${M.shapeText(b.value)})`);
  };
  if (form.display.W) {
    const pieces = s.options.concat === 'hx' ? [hOp, xOp] : [xOp, hOp];
    const vName = `[${pieces.map((p) => p.name).join(row ? ', ' : '; ')}]`;
    const vLatex = `\\begin{bmatrix} ${pieces.map((p) => p.latex).join(row ? ' & ' : ' \\\\ ')} \\end{bmatrix}`;
    product(form.display.W, { name: vName, latex: vLatex, value: M.orient(M.concatData(pieces.map((p) => p.value.data)), s.layout) });
    bias(form.bx);
    bias(form.bh);
  } else if (eq.recurrentFirst) {
    product(form.display.Wh!, hOp);
    product(form.display.Wx!, xOp);
    bias(form.bx);
    bias(form.bh);
  } else {
    // PyTorch's documented order pairs each product with its bias; d2l and Keras add one bias last.
    product(form.display.Wx!, xOp);
    if (form.form === 'torch') bias(form.bx);
    product(form.display.Wh!, hOp);
    if (form.form !== 'torch') bias(form.bx);
    bias(form.bh);
  }
  const fn = ACT_LATEX[eq.act],
    fnText = ACT_TEXT[eq.act];
  const inner = latex.join(' + ');
  s.recordStep(
    key,
    `${eq.target} = ${fnText ? `${fnText}(${texts.join(' + ')})` : texts.join(' + ')}`,
    fn ? `${fn}\\left(${inner}\\right)` : inner,
    ops,
    `${shapes.join(' + ')} = ${M.shapeText(result)}`,
    result,
    fn ? { latex: inner, value: M.orient(pre, s.layout) } : undefined,
    t,
  );
}

/** n = tanh(W_xh·x + b_in + r ⊙ (W_hh·h_prev + b_hn)): a concatenated W is shown split in its two parts. */
function recordResetAfter(
  s: Solver,
  eq: Affine,
  key: string,
  form: AffineForm,
  io: Inputs,
  r: Matrix,
  pre: Float64Array,
  result: Matrix,
  t: number | undefined,
): void {
  const xKey = at('x', t),
    hKey = prevKey('h', t),
    rKey = at(eq.reset!.by, t);
  const row = s.layout === 'row';
  const ops: StepOperand[] = [s.operand(xKey, io.x), s.operand(hKey, io.h), s.operand(rKey, r)];
  let Wx = form.display.Wx,
    Wh = form.display.Wh;
  if (form.display.W) {
    const H = s.H!,
      D = s.D!,
      W = form.display.W.value;
    const xT = form.terms.find((tt) => tt.input === 'x')!,
      hT = form.terms.find((tt) => tt.input === 'h')!;
    Wx = { name: 'W_xh', latex: 'W_{xh}', value: block(W, xT.rowOff, xT.colOff, row ? D : H, row ? H : D) };
    Wh = { name: 'W_hh', latex: 'W_{hh}', value: block(W, hT.rowOff, hT.colOff, H, H) };
  }
  ops.push({ name: Wx!.name, latex: Wx!.latex, value: Wx!.value }, { name: Wh!.name, latex: Wh!.latex, value: Wh!.value });
  const vW = (row || form.form === 'keras') && form.form !== 'torch';
  const mul = (W: string, v: string) => (vW ? `\\operand{${v}}\\,\\operand{${W}}` : `\\operand{${W}}\\,\\operand{${v}}`);
  let xs = mul(Wx!.name, xKey),
    hs = mul(Wh!.name, hKey);
  if (form.bx) {
    ops.push({ name: form.bx.name, latex: form.bx.latex, value: form.bx.value });
    xs += ` + \\operand{${form.bx.name}}`;
  }
  if (form.bh) {
    ops.push({ name: form.bh.name, latex: form.bh.latex, value: form.bh.value });
    hs += ` + \\operand{${form.bh.name}}`;
  }
  const inner = `${xs} + \\operand{${rKey}} \\odot \\left(${hs}\\right)`;
  s.recordStep(
    key,
    eq.text!,
    `\\tanh\\left(${inner}\\right)`,
    ops,
    `(${M.shapeText(Wx!.value)})·(${M.shapeText(io.x)}) + (${M.shapeText(r)}) ⊙ ((${M.shapeText(Wh!.value)})·(${M.shapeText(io.h)})) = ${M.shapeText(result)}`,
    result,
    { latex: inner, value: M.orient(pre, s.layout) },
    t,
  );
}

/** The rows×cols sub-matrix of W at (rowOff, colOff), as the note would write it. */
function block(W: Matrix, rowOff: number, colOff: number, rows: number, cols: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = W.data[(rowOff + i) * W.cols + colOff + j];
  return { rows, cols, data };
}
