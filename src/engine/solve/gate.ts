// The affine equations of a cell table (`f = σ(W_f·[h_prev; x] + b_f)`): their values and the
// steps that show them, built from the gate's weight form and the entry's activation and reset.
import * as M from '../matrix';
import type { Matrix, StepOperand } from '../types';
import { allocate, operate } from '../budget';
import { nameLatex } from '../parse/nameLatex';
import { applyFormInto, block, formOf, type AffineForm } from '../cells/forms';
import type { Affine } from '../cells/cell';
import { at, prevKey } from './keys';
import type { Solver } from './solver';
import { exampleOf, putExample, stackParts } from './batch';

type Inputs = { readonly x: Matrix; readonly h: Matrix };

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
  const N = s.N;
  for (const [k, v, size, what] of sized) {
    if (size === undefined || M.length(v) === size * (N ?? 1)) continue;
    const message =
      N === undefined
        ? `shape: ${k} has ${M.length(v)} entries but the ${what} size is ${size}`
        : `shape: ${k} is ${M.shapeText(v)} but the ${what} size is ${size} and the batch has ${N} examples: ${k} needs to be ${s.layout === 'row' ? `${N}×${size}` : `${size}×${N}`}`;
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
  const form = formOf(s, eq.gate, key);
  if (!form) return undefined;
  if (!io || (rKey && (!r || M.length(r) !== s.H! * (s.N ?? 1)))) return undefined;
  if (s.N !== undefined) return solveBatch(s, eq, key, form, io, r, t);

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
  s.noteReads(key, gateReads(s, eq, form, t));
  if (!s.recording) return result;
  const hKey = prevKey('h', t);
  // With reset before, the weights apply to r ⊙ h_prev, shown as one operand.
  const hOp = rh
    ? { name: `(${eq.reset!.by} ⊙ ${hKey})`, latex: `(${nameLatex(rKey!)} \\odot ${nameLatex(hKey)})`, value: M.orient(rh, s.layout) }
    : s.operand(hKey, io.h);
  const rOp = rAfter && s.operand(rKey!, r!);
  recordGate({ s, eq, key, form, x: s.operand(at('x', t), io.x), h: hOp, r: rOp, pre: M.orient(pre, s.layout), result, t });
  return result;
}

/**
 * solveAffine for N examples: each example's x, h_prev (and r) through the same weights, in the
 * order one example alone is computed, so a batch's example n equals that example solved alone.
 */
function solveBatch(s: Solver, eq: Affine, key: string, form: AffineForm, io: Inputs, r: Matrix | undefined, t: number | undefined) {
  const H = s.H!,
    D = s.D!,
    N = s.N!,
    layout = s.layout;
  operate(s.work, N * H * (D + H));
  allocate(s.work, N * (!eq.reset ? 2 * H : eq.reset.at === 'after' ? 3 * H : 4 * H));
  const xs = new Float64Array(D),
    hs = new Float64Array(H),
    rs = new Float64Array(H),
    rhn = new Float64Array(H),
    xPart = new Float64Array(H),
    hPart = new Float64Array(H),
    pre1 = new Float64Array(H);
  const pre = new Float64Array(N * H),
    out = new Float64Array(N * H);
  const rh = eq.reset?.at === 'before' ? new Float64Array(N * H) : undefined;
  for (let n = 0; n < N; n++) {
    const x = exampleOf(io.x, n, layout, xs);
    let h = exampleOf(io.h, n, layout, hs);
    const rn = r && exampleOf(r, n, layout, rs);
    if (rh) {
      for (let j = 0; j < H; j++) rhn[j] = rn![j] * h[j];
      putExample(rh, n, N, layout, rhn);
      h = rhn;
    }
    xPart.fill(0);
    hPart.fill(0);
    applyFormInto(form, x, h, xPart, hPart);
    const after = eq.reset?.at === 'after';
    for (let j = 0; j < H; j++) pre1[j] = xPart[j] + (after ? rn![j] * hPart[j] : hPart[j]);
    putExample(pre, n, N, layout, pre1);
  }
  M.applyInto(out, pre, eq.act);
  const result = s.shaped(out);
  s.noteReads(key, gateReads(s, eq, form, t));
  if (!s.recording) return result;
  const hKey = prevKey('h', t);
  const hOp = rh
    ? { name: `(${eq.reset!.by} ⊙ ${hKey})`, latex: `(${nameLatex(at(eq.reset!.by, t))} \\odot ${nameLatex(hKey)})`, value: s.shaped(rh) }
    : s.operand(hKey, io.h);
  const rOp = eq.reset?.at === 'after' ? s.operand(at(eq.reset.by, t), r!) : undefined;
  recordGate({ s, eq, key, form, x: s.operand(at('x', t), io.x), h: hOp, r: rOp, pre: s.shaped(pre), result, t });
  return result;
}

/** A gate's value at step t, and its operands, for its step. */
interface Solved {
  readonly s: Solver;
  readonly eq: Affine;
  readonly key: string;
  readonly form: AffineForm;
  readonly x: StepOperand;
  readonly h: StepOperand;
  /** The reset gate, with reset=after. */
  readonly r?: StepOperand;
  readonly pre: Matrix;
  readonly result: Matrix;
  readonly t: number | undefined;
}

const ACT = { sigmoid: ['σ', '\\sigma'], tanh: ['tanh', '\\tanh'], relu: ['relu', '\\relu'], identity: ['', ''] } as const;
const asOperand = (o: StepOperand) => `\\operand{${o.name}}`;

/** `f = σ(W_f·[h_prev; x] + b_f)`, its operands and shape arithmetic, as the note wrote the weights. */
function recordGate({ s, eq, key, form, x, h, r, pre, result, t }: Solved): void {
  const row = s.layout === 'row';
  // Row-layout weights, except PyTorch's (always W·x), and Keras kernels are applied as v·W.
  const vW = form.form === 'keras' || (row && form.form !== 'torch');
  /** Products ([W, v]) and biases ([b]) joined by +, each operand shown by `show`. */
  const joined = (pieces: StepOperand[][], show: (o: StepOperand) => string, times: string) =>
    pieces.map((p) => (vW ? [...p].reverse() : p).map(show).join(times)).join(' + ');
  const bx = form.bx ? [[form.bx]] : [],
    bh = form.bh ? [[form.bh]] : [];
  const H = s.H!,
    D = s.D!;
  // With reset after, a concatenated W is shown split in its two parts.
  const split = r && form.form === 'concat';
  const Wx = split
    ? { name: 'W_xh', latex: 'W_{xh}', value: block(form.x.W, form.x.rowOff, form.x.colOff, row ? D : H, row ? H : D) }
    : s.operand(form.x.name, form.x.W);
  const Wh = split
    ? { name: 'W_hh', latex: 'W_{hh}', value: block(form.h.W, form.h.rowOff, form.h.colOff, H, H) }
    : s.operand(form.h.name, form.h.W);
  if (r) {
    // n = tanh(W_xh·x + b_in + r ⊙ (W_hh·h_prev + b_hn))
    const inner = `${joined([[Wx, x], ...bx], asOperand, '\\,')} + ${asOperand(r)} \\odot \\left(${joined([[Wh, h], ...bh], asOperand, '\\,')}\\right)`;
    const shape = `(${M.shapeText(Wx.value)})·(${M.shapeText(x.value)}) + (${M.shapeText(r.value)}) ⊙ ((${M.shapeText(Wh.value)})·(${M.shapeText(h.value)}))`;
    s.recordStep({
      target: key,
      text: eq.text!,
      latex: `\\tanh\\left(${inner}\\right)`,
      operands: resetAfterOperands({ x, h, r, Wx, Wh, bx: form.bx, bh: form.bh }),
      preActivation: { latex: inner, value: pre },
      shapes: `${shape} = ${M.shapeText(result)}`,
      result,
      time: t,
    });
    return;
  }
  const stack = (parts: StepOperand[]): StepOperand => ({
    name: `[${parts.map((p) => p.name).join(row ? ', ' : '; ')}]`,
    latex: `\\begin{bmatrix} ${parts.map((p) => p.latex).join(row ? ' & ' : ' \\\\ ')} \\end{bmatrix}`,
    value:
      s.N === undefined
        ? M.orient(M.concatData(parts.map((p) => p.value.data)), s.layout)
        : stackParts(
            parts.map((p) => p.value),
            s.N,
            s.layout,
          ),
  });
  const pieces = piecesOf(s, eq, form, { x, h, Wx, Wh, bx: form.bx, bh: form.bh }, stack);
  const [fnText, fn] = ACT[eq.act];
  const inner = joined(pieces, asOperand, '\\,');
  const text = joined(pieces, (o) => o.name, '·');
  s.recordStep({
    target: key,
    text: `${eq.target} = ${fnText ? `${fnText}(${text})` : text}`,
    latex: fn ? `${fn}\\left(${inner}\\right)` : inner,
    operands: flat(pieces),
    preActivation: fn ? { latex: inner, value: pre } : undefined,
    shapes: `${joined(pieces, (o) => `(${M.shapeText(o.value)})`, '·')} = ${M.shapeText(result)}`,
    result,
    time: t,
  });
}

/** A gate step's operands, or their names: the inputs, the reset gate (reset=after), weights and biases. */
interface Parts<T> {
  readonly x: T;
  readonly h: T;
  readonly r?: T;
  readonly Wx: T;
  readonly Wh: T;
  readonly bx?: T;
  readonly bh?: T;
}

/** Products ([W, v]) and biases ([b]) in the order the step's formula adds them; `stack` makes [h_prev; x]. */
function piecesOf<T>(s: Solver, eq: Affine, form: AffineForm, p: Parts<T>, stack: (parts: T[]) => T): T[][] {
  const bx = p.bx ? [[p.bx]] : [],
    bh = p.bh ? [[p.bh]] : [];
  if (form.form === 'concat') return [[p.Wx, stack(s.options.concat === 'hx' ? [p.h, p.x] : [p.x, p.h])], ...bx, ...bh];
  if (eq.recurrentFirst) return [[p.Wh, p.h], [p.Wx, p.x], ...bx, ...bh];
  // PyTorch's documented order pairs each product with its bias; the others add the biases last.
  if (form.form === 'torch') return [[p.Wx, p.x], ...bx, [p.Wh, p.h], ...bh];
  return [[p.Wx, p.x], [p.Wh, p.h], ...bx, ...bh];
}

/** n = tanh(W_xh·x + b_in + r ⊙ (W_hh·h_prev + b_hn)) lists its inputs first. */
function resetAfterOperands<T>(p: Parts<T>): T[] {
  return [p.x, p.h, p.r!, p.Wx, p.Wh, ...(p.bx ? [p.bx] : []), ...(p.bh ? [p.bh] : [])];
}

/** The names of the operands recordGate lists for the gate `key` at step t, without building them. */
function gateReads(s: Solver, eq: Affine, form: AffineForm, t: number | undefined): string[] {
  const hKey = prevKey('h', t);
  const reset = eq.reset;
  // A concatenated W is shown split in its two parts with reset after.
  const split = reset?.at === 'after' && form.form === 'concat';
  const p: Parts<string> = {
    x: at('x', t),
    h: reset?.at === 'before' ? `(${reset.by} ⊙ ${hKey})` : hKey,
    r: reset?.at === 'after' ? at(reset.by, t) : undefined,
    Wx: split ? 'W_xh' : form.x.name,
    Wh: split ? 'W_hh' : form.h.name,
    bx: form.bx?.name,
    bh: form.bh?.name,
  };
  if (p.r) return resetAfterOperands(p);
  const sep = s.layout === 'row' ? ', ' : '; ';
  return flat(piecesOf(s, eq, form, p, (parts) => `[${parts.join(sep)}]`));
}

/** The pieces' operands in order (Array.prototype.flat was a few per cent of a small block's solve). */
function flat<T>(pieces: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (const p of pieces) for (const o of p) out.push(o);
  return out;
}
