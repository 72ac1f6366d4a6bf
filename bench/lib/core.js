// The numeric core the bench times against torch: a block's cell computed by the engine's own
// solver with the text already read, and the same step as bare matrix.ts kernels. This is the
// one bench file that reaches into the solver's internals (Solver, PreparedCell, Given and the
// setup object's shape); when the solver changes, repoint coreOf here and nothing else.
// `E` is the bundle of bench/entry.ts.
'use strict';

/**
 * The numeric core of an analysis: the block's statements compiled once (the literals parsed),
 * then a fresh Solver — the engine's own cell code — computes the outputs each call, without
 * recording steps or diagnostics. What a cell step costs once the text is read.
 * Each solve works out the sizes and lays out the weights itself, as an analysis's solves do.
 */
function coreOf(E, block, outputs) {
  const kind = block.kind;
  const parsed = E.parseOptions(block, {});
  const statements = E.splitStatements(block.lines);
  const assigns = [];
  let T;
  for (const st of statements) {
    if (st.type !== 'assign') continue;
    const expr = E.compileExpression(st.rhs, kind);
    if ('code' in expr) throw new Error(expr.message);
    const written = st.lhs.text.trim();
    const key = E.resolveName(written, kind).key;
    const { base, t } = E.splitKey(key);
    if (base === 'x' && t !== undefined) T = Math.max(T ?? 0, t);
    assigns.push({ key, written, st, expr });
  }
  const canon = (k) => E.canonicalKey(kind, k, T);
  const givens = new Map();
  const VECTOR_BASES = new Set(['x', 'h', 'c', 'f', 'i', 'o', 'g', 'h_prev', 'c_prev']);
  // The analysis's own given objects and setup shape, so the solver's code meets the objects it
  // meets in an analysis (other shapes would make its property reads polymorphic).
  for (const a of assigns) {
    const key = canon(a.key);
    const isVector = VECTOR_BASES.has(E.splitKey(key).base) || !/^[WUE]|^(weight|kernel|recurrent)/.test(key);
    givens.set(key, new E.Given(key, a.written, a.st.lhs.whole(), a.st.range, a.st.rhs.whole(), a.expr, isVector));
  }
  const setup = {
    kind,
    options: parsed.options,
    order: parsed.order,
    givens,
    sizes: {},
    T,
    deadline: Infinity,
    canon,
    stepRanges: new Map(),
    record: false,
  };
  const keys = T ? outputs.flatMap((b) => Array.from({ length: T }, (_, t) => `${b}_${t + 1}`)) : outputs;
  return {
    T,
    // The values in `keys` order: an object with a hundred keys (h_1 … c_50) made per call was
    // the harness's own cost, a twentieth of a sequence's time.
    run() {
      const s = new E.Solver(setup);
      s.inferSizes();
      const out = new Array(keys.length);
      for (let j = 0; j < keys.length; j++) out[j] = s.get(keys[j]);
      return out;
    },
    /** `run()`'s values by name. */
    named(values) {
      return Object.fromEntries(keys.map((k, j) => [k, values[j]]));
    },
  };
}

/**
 * One LSTM step the way the solver computes it for PyTorch packed weights (cells/forms.ts
 * applyFormInto: x part = W_ih·x + b_ih, h part = W_hh·h + b_hh, pre = x part + h part; σ/tanh by
 * applyInto; c = f⊙c_prev + i⊙g; h = o⊙tanh(c)), with every buffer allocated once: the cost of
 * the arithmetic without the solver's per-name bookkeeping.
 */
function kernelPlan(E, p) {
  const { H, D, T } = p;
  const Wih = { rows: 4 * H, cols: D, data: Float64Array.from(p.weight_ih) };
  const Whh = { rows: 4 * H, cols: H, data: Float64Array.from(p.weight_hh) };
  const bih = Float64Array.from(p.bias_ih),
    bhh = Float64Array.from(p.bias_hh);
  const xs = p.xs.map((x) => Float64Array.from(x));
  const xPart = new Float64Array(H),
    hPart = new Float64Array(H),
    pre = new Float64Array(H);
  const gates = [0, 1, 2, 3].map(() => new Float64Array(H));
  const hs = Array.from({ length: T }, () => new Float64Array(H)),
    cs = Array.from({ length: T }, () => new Float64Array(H));
  const h0 = Float64Array.from(p.h0),
    c0 = Float64Array.from(p.c0);
  const acts = ['sigmoid', 'sigmoid', 'tanh', 'sigmoid']; // i f g o
  return {
    run() {
      let h = h0,
        c = c0;
      for (let t = 0; t < T; t++) {
        for (let g = 0; g < 4; g++) {
          for (let r = 0; r < H; r++) {
            xPart[r] = 0;
            hPart[r] = 0;
          } // as the solver's scratch does for H ≤ 16
          E.accumulate(xPart, Wih, false, g * H, 0, xs[t]);
          E.accumulate(hPart, Whh, false, g * H, 0, h);
          for (let r = 0; r < H; r++) {
            xPart[r] += bih[g * H + r];
            hPart[r] += bhh[g * H + r];
          }
          for (let r = 0; r < H; r++) pre[r] = xPart[r] + hPart[r];
          E.applyInto(gates[g], pre, acts[g]);
        }
        const [I, F, Gt, O] = gates,
          cn = cs[t],
          hn = hs[t];
        for (let r = 0; r < H; r++) cn[r] = F[r] * c[r] + I[r] * Gt[r];
        for (let r = 0; r < H; r++) hn[r] = O[r] * Math.tanh(cn[r]);
        h = hn;
        c = cn;
      }
      return { h: hs, c: cs };
    },
  };
}

module.exports = { coreOf, kernelPlan };
