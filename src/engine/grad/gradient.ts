// `grad(of, wrt)` in a block: the Jacobian of a state with respect to an earlier one
// (`grad(h_4, h_1)` = ∂h_4/∂h_1, H×H, rows for h_4's entries), or the gradient of a scalar loss
// the note writes (`L = sum(h_4)`) with respect to a state, a weight or a bias (the shape of
// that quantity), both by backpropagation through the unrolled cell (backward.ts).
import type { Matrix, Range } from '../types';
import * as M from '../matrix';
import { allocate, countedZeros, operate, type Work } from '../budget';
import { EvalError } from '../expr/env';
import type { Expression } from '../expr';
import { splitKey } from '../solve/keys';
import type { Solver } from '../solve/solver';
import { formOf } from '../cells/forms';
import { GATES } from '../cells';
import { Backward, type Adjoints, type WeightGradients } from './backward';
import { lossAdjoints } from './loss';
import { perStepAt } from '../solve/perStep';

/** A state of the unrolled sequence: `h_3` → { state: 'h', t: 3 }. */
function stateOf(s: Solver, key: string): { state: string; t: number } | undefined {
  const { base, t } = splitKey(key);
  return t !== undefined && s.cell.state.includes(base) && t <= s.T! ? { state: base, t } : undefined;
}

/** Why a block cannot backpropagate, or undefined. */
export function cannotUnroll(s: Solver): string | undefined {
  // Backpropagation runs through one layer in one direction: a stacked block's earlier layers feed
  // its later ones, and a number through layer 1 alone would be a wrong one.
  const { layers, bidirectional } = s.options;
  if (layers > 1 || bidirectional) {
    const which = [layers > 1 ? `layers=${layers}` : '', bidirectional ? 'bidirectional' : ''].filter(Boolean).join(' ');
    return `grad(…) is not supported on a stacked or bidirectional block yet (${which}): the forward pass is, but gradients go through one layer in one direction; check grad(…) in a block of one layer`;
  }
  if (s.T === undefined) return 'grad(…) needs a sequence: give T and x_1 … x_T (a single step has no earlier states to differentiate by)';
  if (s.N !== undefined) return 'grad(…) takes one example: this block holds a batch; give x_t as one vector';
  if (s.H === undefined) return 'grad(…) needs the hidden size: give h_0 or the weights';
  return undefined;
}

export function gradient(s: Solver, of: string, wrt: string, at: Range): Matrix {
  const why = cannotUnroll(s);
  if (why) throw new EvalError('parse', why, at);
  const target = stateOf(s, of);
  if (target && !s.get(of)) throw new EvalError('missing', `${of} has no value`, at, [of]);
  if (target) return jacobian(s, target, wrt, at);
  if (s.setup.givens.get(of)?.expr.node) return lossGradient(s, of, wrt, at);
  const T = s.T!;
  const message = `grad(${of}, ${wrt}): ${of} is neither a state of this block (h_0 … h_${T}${s.cell.state.includes('c') ? `, c_0 … c_${T}` : ''}) nor a loss written as a formula; write grad(h_${T}, h_1), or L = sum(h_${T}) and grad(L, ${wrt})`;
  throw new EvalError('parse', message, at);
}

/** ∂of/∂wrt for two states, wrt at step k ≤ t: the H×H matrix whose row i is ∂of_i/∂wrt. */
function jacobian(s: Solver, of: { state: string; t: number }, wrt: string, at: Range): Matrix {
  const from = stateOf(s, wrt);
  const ofKey = `${of.state}_${of.t}`;
  if (!from) {
    const states = s.cell.state.map((st) => `${st}_0 … ${st}_${of.t}`).join(' or ');
    throw new EvalError(
      'parse',
      `grad(${ofKey}, ${wrt}): ${wrt} is not an earlier state of this block; the second argument is ${states}`,
      at,
    );
  }
  if (from.t > of.t) {
    const message = `grad(${ofKey}, ${wrt}): ${ofKey} does not depend on ${wrt}, a later step (k = ${from.t} > ${of.t}); the later state comes first: grad(${wrt}, ${ofKey})`;
    throw new EvalError('parse', message, at);
  }
  if (from.t === of.t && from.state !== of.state) {
    const message = `grad(${ofKey}, ${wrt}): both are step ${of.t}, so neither is an earlier state of the other; take ${wrt} one step back: grad(${ofKey}, ${from.state}_${of.t - 1})`;
    throw new EvalError('parse', message, at);
  }
  return { rows: s.H!, cols: s.H!, data: jacobianRows(s, of, from.t)[from.state] };
}

/**
 * The rows of ∂(of)/∂(each state at step k): H adjoints, one per entry of `of`, taken back from
 * step t to step k. `each` sees them at every step on the way (the report's norms).
 */
export function jacobianRows(
  s: Solver,
  of: { state: string; t: number },
  k: number,
  each?: (step: number, rows: Adjoints) => void,
  work: Work = s.work,
): Record<string, Float64Array> {
  const H = s.H!;
  const seed = countedZeros(work, H * H);
  for (let i = 0; i < H; i++) seed[i * H + i] = 1;
  let adj: Adjoints = new Map([[of.state, seed]]);
  each?.(of.t, adj);
  const back = new Backward(s, work);
  for (let t = of.t; t > k; t--) {
    adj = back.step(t, H, adj);
    each?.(t - 1, adj);
  }
  const out: Record<string, Float64Array> = {};
  for (const st of s.cell.state) out[st] = adj.get(st) ?? countedZeros(s.work, H * H);
  return out;
}

/** Keras's packed kernels: each gate's block of them is a copy (cells/forms.ts), so no gradient finds its way back. */
const KERAS = ['kernel', 'recurrent_kernel', 'bias'];

/** The names of every weight and bias the cell's gates read, and the output layer's. */
function parameterNames(s: Solver): string[] {
  const names = new Set<string>();
  for (const g of GATES[s.setup.kind]) {
    const form = formOf(s, g);
    if (!form || form.form === 'keras') continue;
    for (const n of form.uses) names.add(n);
    for (const b of [form.bx, form.bh]) if (b && s.valueOf(b.name)) names.add(b.name);
  }
  for (const n of ['W_y', 'b_y']) if (s.valueOf(n)) names.add(n);
  return [...names];
}

/** ∂L/∂wrt for a scalar loss L the note writes as a formula. */
function lossGradient(s: Solver, L: string, wrt: string, at: Range): Matrix {
  const H = s.H!;
  const state = stateOf(s, wrt);
  const params = parameterNames(s);
  if (KERAS.includes(wrt) && formOf(s, GATES[s.setup.kind][0])?.form === 'keras') {
    const message = `grad(${L}, ${wrt}): gradients of Keras's packed ${wrt} are not computed yet; write the gates' weights as W_f, W_i, … (or PyTorch's weight_ih, weight_hh) to get them, or take grad(${L}, h_k)`;
    throw new EvalError('parse', message, at);
  }
  if (!state && !params.includes(wrt)) {
    const message = `grad(${L}, ${wrt}): ${wrt} is not a state or a weight of this block; write grad(${L}, h_k) for a state or grad(${L}, ${params[0] ?? 'W_h'}) for a weight (${params.join(', ')})`;
    throw new EvalError('parse', message, at);
  }
  const { grads, states } = backpropagated(s, L, params, at);
  if (state) return M.orient(states.get(wrt) ?? countedZeros(s.work, H), s.layout);
  const value = s.valueOf(wrt)!;
  return { rows: value.rows, cols: value.cols, data: grads.get(wrt)! };
}

/** ∂L/∂(every weight and bias) and ∂L/∂(every state h_k, c_k), by the state's key. */
interface Backpropagated {
  readonly grads: WeightGradients;
  readonly states: ReadonlyMap<string, Float64Array>;
}

/** One backward pass per loss and solve: a note asks for several of its gradients (grad(L, W_f), grad(L, W_i), …). */
const passes = new WeakMap<Solver, Map<string, Backpropagated>>();

function backpropagated(s: Solver, L: string, params: readonly string[], at: Range): Backpropagated {
  let bySolver = passes.get(s);
  if (!bySolver) passes.set(s, (bySolver = new Map()));
  let done = bySolver.get(L);
  if (!done) bySolver.set(L, (done = backpropagate(s, L, params, at)));
  return done;
}

function backpropagate(s: Solver, L: string, params: readonly string[], at: Range): Backpropagated {
  const T = s.T!,
    H = s.H!;
  const grads: WeightGradients = new Map();
  for (const n of params) grads.set(n, countedZeros(s.work, M.length(s.valueOf(n)!)));
  // What the loss reads directly: a step's quantity joins that step's adjoints; a weight its gradient.
  const direct = new Map<number, Adjoints>();
  const inject = (t: number, name: string, adj: Float64Array) => {
    let step = direct.get(t);
    if (!step) direct.set(t, (step = new Map()));
    const a = step.get(name);
    if (!a) step.set(name, adj);
    else for (let i = 0; i < a.length; i++) a[i] += adj[i];
  };
  for (const [key, adj] of lossAdjoints(s, L, at)) {
    const g = grads.get(key);
    if (g) {
      for (let i = 0; i < g.length; i++) g[i] += adj[i];
      continue;
    }
    const { base, t } = splitKey(key);
    const step = t ?? (base === 'y' || base === 'logits' ? T : undefined);
    if (step !== undefined && step >= 1 && (base === 'y' || base === 'logits')) {
      // The built-in layer's way back (W_y·h + b_y) is not that of logits a formula per step gives.
      if (perStepAt(s, `logits_${step}`)) {
        const def = perStepAt(s, `logits_${step}`)!.def.written;
        const message = `grad(${L}, …) cannot go back through y = ${s.options.out}(${def}) with ${def} a formula per step; write y per step as well (y_t = ${s.options.out === 'linear' ? def : `${s.options.out}(${def})`}) and L from it`;
        throw new EvalError('parse', message, at);
      }
      outputBack(s, base, step, adj, grads, inject);
    } else if (step !== undefined && step <= T && (s.equation(base) || s.cell.state.includes(base)) && adj.length === H)
      inject(step, base, adj);
    // Anything else the loss reads (an input, a constant of the note) has no gradient to pass on.
  }
  let adj: Adjoints = new Map();
  const back = new Backward(s);
  const states = new Map<string, Float64Array>();
  // The states' adjoints at step t: what later steps sent back, and what the loss reads there.
  const take = (t: number) => {
    for (const [name, a] of direct.get(t) ?? []) {
      const have = adj.get(name);
      if (!have) adj.set(name, a);
      else for (let i = 0; i < H; i++) have[i] += a[i];
    }
    // Copied: the pass reuses its buffers from step to step.
    for (const st of s.cell.state) {
      const a = adj.get(st);
      if (a) {
        allocate(s.work, H);
        states.set(`${st}_${t}`, a.slice());
      }
    }
  };
  for (let t = T; t >= 1; t--) {
    take(t);
    adj = back.step(t, 1, adj, grads);
  }
  take(0);
  return { grads, states };
}

/** y = out(logits), logits = W_y·h + b_y: the adjoint of y (or of the logits) back to h_t, W_y and b_y. */
function outputBack(
  s: Solver,
  base: string,
  t: number,
  adj: Float64Array,
  grads: WeightGradients,
  inject: (t: number, name: string, adj: Float64Array) => void,
): void {
  const W = s.valueOf('W_y'),
    h = s.get(`h_${t}`);
  if (!W || !h) return;
  const H = s.H!,
    V = adj.length,
    row = s.layout === 'row';
  let aLogits = adj;
  if (base === 'y') {
    const y = s.get(`y_${t}`)!.data;
    aLogits = new Float64Array(V);
    if (s.options.out === 'softmax') {
      let dot = 0;
      for (let i = 0; i < V; i++) dot += y[i] * adj[i];
      for (let i = 0; i < V; i++) aLogits[i] = y[i] * (adj[i] - dot);
    } else for (let i = 0; i < V; i++) aLogits[i] = s.options.out === 'sigmoid' ? adj[i] * y[i] * (1 - y[i]) : adj[i];
  }
  operate(s.work, 2 * V * H);
  const ah = new Float64Array(H);
  const gW = grads.get('W_y'),
    gb = grads.get('b_y');
  for (let i = 0; i < V; i++)
    for (let j = 0; j < H; j++) {
      const index = row ? j * W.cols + i : i * W.cols + j;
      ah[j] += W.data[index] * aLogits[i];
      if (gW) gW[index] += aLogits[i] * h.data[j];
    }
  if (gb) for (let i = 0; i < V; i++) gb[i] += aLogits[i];
  inject(t, 'h', ah);
}

/** What a given that is one grad(…) call holds (`J = grad(h_4, h_1)`): "∂h_4/∂h_1, Jacobian", for hovers. */
export function gradientMeaning(expr: Expression, s: Solver): string | undefined {
  const node = expr.node;
  if (node?.type !== 'FunctionNode' || node.fn.type !== 'SymbolNode' || node.fn.name !== 'grad') return undefined;
  const [of, wrt] = node.args;
  if (of?.type !== 'NameNode' || wrt?.type !== 'NameNode') return undefined;
  const written = (i: number) => expr.names[i].written;
  const state = stateOf(s, s.setup.canon(expr.names[of.index].resolved.key));
  return `∂${written(of.index)}/∂${written(wrt.index)}, ${state ? 'Jacobian through the unrolled steps' : 'gradient of the loss (backpropagation through time)'}`;
}
