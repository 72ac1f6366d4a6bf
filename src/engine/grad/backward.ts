// Backpropagation through one step of a cell, read from the cell's equation table (cells/): an
// elementwise equation passes its adjoint on through the formula's partial derivatives
// (cells/formula.ts), an affine one through its activation's slope and its weights' transpose,
// however the note wrote them (cells/forms.ts). A new cell is a new table, not new gradient code.
// Adjoints travel in batches of n vectors (n = 1 for a loss, n = H for a Jacobian's rows), each
// H long, vector m at [m·H, (m + 1)·H).
import type { Matrix } from '../types';
import { countedZeros, operate, type Work } from '../budget';
import { isAffine, type Affine, type Elementwise } from '../cells/cell';
import { formula } from '../cells/formula';
import { formOf, type AffineForm, type Term } from '../cells/forms';
import { keyAt, stepOrder } from '../solve/elementwise';
import { at, prevKey } from '../solve/keys';
import type { Solver } from '../solve/solver';

/** Adjoints of the step's quantities by the formula's names (`h`, `c`, `f`, `h_prev`). */
export type Adjoints = Map<string, Float64Array>;

/** ∂L/∂(each given weight and bias), accumulated over the steps: by the given's name, in its own layout. */
export type WeightGradients = Map<string, Float64Array>;

export class Backward {
  /** Each gate's recurrent block as an H×H matrix E with hPart = E·h (row layout's v·W transposed). */
  private readonly recurrent = new Map<string, Float64Array>();
  /**
   * The buffers of a step, made once and reused (so counted once): two sets, for odd and even
   * steps, as step t's adjoints of h_prev are step t − 1's seed while that step fills its own.
   */
  private readonly pools = [new Map<string, Float64Array>(), new Map<string, Float64Array>()];
  private pool = this.pools[0];
  readonly H: number;

  /** `work`: what the pass counts against (the block's own, or the gradient report's). */
  constructor(
    readonly s: Solver,
    readonly work: Work = s.work,
  ) {
    this.H = s.H!;
  }

  /**
   * One step back: the adjoints of step t's states (`seed`, by state name) to those of step t − 1,
   * by the state's name. With `grads`, each weight's and bias's share of this step is added there.
   */
  step(t: number, n: number, seed: Adjoints, grads?: WeightGradients): Adjoints {
    const s = this.s,
      H = this.H;
    const adj: Adjoints = new Map(seed);
    this.pool = this.pools[t % 2];
    for (const b of this.pool.values()) b.fill(0);
    const vector = (name: string) => {
      let a = adj.get(name);
      if (!a) adj.set(name, (a = this.buffer(name, n * H)));
      return a;
    };
    for (const eq of [...stepOrder(s)].reverse()) {
      const ay = adj.get(eq.target);
      // A quantity the note gives at this step is a constant: nothing flows through it.
      if (!ay || s.origins.get(at(eq.target, t)) === 'given') continue;
      if (isAffine(eq)) this.affine(eq, t, n, ay, vector, grads);
      else this.elementwise(eq, t, n, ay, vector);
    }
    const out: Adjoints = new Map();
    for (const state of s.cell.state) {
      const a = adj.get(`${state}_prev`);
      if (a) out.set(state, a);
    }
    return out;
  }

  private elementwise(eq: Elementwise, t: number, n: number, ay: Float64Array, vector: (name: string) => Float64Array): void {
    const H = this.H;
    const f = formula(eq.formula);
    const values = f.names.map((name) => this.value(keyAt(name, t)));
    operate(this.work, n * H * f.names.length);
    f.names.forEach((name, i) => {
      const a = vector(name);
      for (let j = 0; j < H; j++) {
        const d = f.partial(values, j, i);
        if (d !== 0) for (let m = 0; m < n; m++) a[m * H + j] += ay[m * H + j] * d;
      }
    });
  }

  private affine(
    eq: Affine,
    t: number,
    n: number,
    ay: Float64Array,
    vector: (name: string) => Float64Array,
    grads: WeightGradients | undefined,
  ): void {
    const s = this.s,
      H = this.H;
    const form = formOf(s, eq.gate)!;
    const y = this.value(at(eq.target, t));
    const h = this.value(prevKey('h', t));
    const x = this.value(at('x', t));
    const r = eq.reset && this.value(at(eq.reset.by, t));
    // ∂L/∂pre = ∂L/∂y ⊙ act′, written from the value y (relu′(0) = 0, as PyTorch takes it).
    const ap = this.buffer(`pre ${eq.target}`, n * H);
    for (let j = 0; j < H; j++) {
      const yj = y[j];
      const slope = eq.act === 'sigmoid' ? yj * (1 - yj) : eq.act === 'tanh' ? 1 - yj * yj : eq.act === 'relu' ? (yj > 0 ? 1 : 0) : 1;
      for (let m = 0; m < n; m++) ap[m * H + j] = ay[m * H + j] * slope;
    }
    const E = this.recurrentOf(eq.gate, form);
    // What the recurrent weights multiply: r ⊙ h_prev (reset before), else h_prev; and the adjoint
    // that reaches them: r ⊙ ∂L/∂pre (reset after), else ∂L/∂pre.
    const hIn = r && eq.reset!.at === 'before' ? this.buffer(`input ${eq.target}`, H).map((_, j) => h[j] * r[j]) : h;
    let aRec = ap;
    if (r && eq.reset!.at === 'after') {
      // pre = W_x·x + b_x + r ⊙ (E·h + b_h): ∂L/∂r = ∂L/∂pre ⊙ (E·h + b_h).
      const hPart = this.times(E, h, form.bh?.value.data);
      const ar = vector(eq.reset!.by);
      aRec = this.buffer(`recurrent ${eq.target}`, n * H);
      for (let m = 0; m < n; m++)
        for (let j = 0; j < H; j++) {
          ar[m * H + j] += ap[m * H + j] * hPart[j];
          aRec[m * H + j] = ap[m * H + j] * r[j];
        }
    }
    // u = Eᵀ·aRec, one vector at a time.
    operate(this.work, n * H * H);
    const u = this.buffer(`back ${eq.target}`, n * H);
    for (let m = 0; m < n; m++)
      for (let i = 0; i < H; i++) {
        const a = aRec[m * H + i];
        if (a === 0) continue;
        const row = i * H;
        for (let j = 0; j < H; j++) u[m * H + j] += a * E[row + j];
      }
    const ah = vector('h_prev');
    if (r && eq.reset!.at === 'before') {
      const ar = vector(eq.reset!.by);
      for (let m = 0; m < n; m++)
        for (let j = 0; j < H; j++) {
          ah[m * H + j] += u[m * H + j] * r[j];
          ar[m * H + j] += u[m * H + j] * h[j];
        }
    } else for (let k = 0; k < n * H; k++) ah[k] += u[k];
    if (!grads) return;
    this.addOuter(grads, form.x, ap, x);
    this.addOuter(grads, form.h, aRec, hIn);
    this.addBias(grads, form.bx?.value, ap);
    this.addBias(grads, form.bh?.value, aRec);
  }

  /** A zeroed buffer of this step's pool (counted when first made). */
  private buffer(name: string, size: number): Float64Array {
    let b = this.pool.get(name);
    if (!b || b.length !== size) {
      this.pool.set(name, (b = countedZeros(this.work, size)));
    }
    return b;
  }

  /** The value of a step's quantity (solved already: the forward pass computed every one of them). */
  private value(key: string): Float64Array {
    return this.s.get(key)!.data;
  }

  private recurrentOf(gate: string, form: AffineForm): Float64Array {
    let E = this.recurrent.get(gate);
    if (!E) {
      const H = this.H;
      E = countedZeros(this.work, H * H);
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) E[i * H + j] = entry(form.h, i, j);
      this.recurrent.set(gate, E);
    }
    return E;
  }

  private times(E: Float64Array, h: Float64Array, b: Float64Array | undefined): Float64Array {
    const H = this.H;
    operate(this.work, H * H);
    const out = countedZeros(this.work, H);
    for (let i = 0; i < H; i++) {
      let sum = 0;
      for (let j = 0; j < H; j++) sum += E[i * H + j] * h[j];
      out[i] = sum + (b ? b[i] : 0);
    }
    return out;
  }

  /** ∂L/∂W += a·vᵀ into the given that holds the term's block (a loss gradient: n = 1). */
  private addOuter(grads: WeightGradients, term: Term, a: Float64Array, v: Float64Array): void {
    const home = this.homeOf(grads, term.W);
    if (!home) return;
    const [g, base] = home;
    const H = this.H,
      cols = term.W.cols;
    operate(this.work, H * v.length);
    for (let i = 0; i < H; i++) {
      if (a[i] === 0) continue;
      for (let j = 0; j < v.length; j++) {
        const index = term.trans ? (term.rowOff + j) * cols + term.colOff + i : (term.rowOff + i) * cols + term.colOff + j;
        g[base + index] += a[i] * v[j];
      }
    }
  }

  private addBias(grads: WeightGradients, b: Matrix | undefined, a: Float64Array): void {
    const home = b && this.homeOf(grads, b);
    if (!home) return;
    const [g, base] = home;
    for (let i = 0; i < this.H; i++) g[base + i] += a[i];
  }

  /**
   * The gradient array of the quantity whose values `m` views, and where in it m starts: a packed
   * weight's gate block (PyTorch's weight_ih rows) is a view of the given, not a copy.
   */
  private homeOf(grads: WeightGradients, m: Matrix): [Float64Array, number] | undefined {
    for (const [name, g] of grads) {
      const v = this.s.valueOf(name);
      if (!v || v.data.buffer !== m.data.buffer) continue;
      const base = (m.data.byteOffset - v.data.byteOffset) / 8;
      if (base >= 0 && base + m.data.length <= v.data.length) return [g, base];
    }
    return undefined;
  }
}

/** Element (i, j) of the term's block as it multiplies h (v·W for a transposed term). */
function entry(term: Term, i: number, j: number): number {
  const cols = term.W.cols;
  return term.trans ? term.W.data[(term.rowOff + j) * cols + term.colOff + i] : term.W.data[(term.rowOff + i) * cols + term.colOff + j];
}
