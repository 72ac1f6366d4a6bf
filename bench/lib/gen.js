// Deterministic generators: random LSTM weights, the blocks that hold them, and a long note.
// The unit tests import rng from here too (test/tsconfig.json compiles this file with allowJs).
'use strict';

/** mulberry32: a small seeded PRNG (uniform in [0, 1)). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Numbers written with `decimals` decimals, so the block text holds them exactly: the engine,
 * mathjs and torch all start from the same float64 values.
 */
function numbers(r, n, scale, decimals) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(((r() * 2 - 1) * scale).toFixed(decimals));
  return out;
}

function fmt(x) {
  return String(x);
}

/** Row-major matrix text `[a b; c d]`. */
function matText(data, rows, cols) {
  const parts = [];
  for (let i = 0; i < rows; i++)
    parts.push(
      data
        .slice(i * cols, (i + 1) * cols)
        .map(fmt)
        .join(' '),
    );
  return `[${parts.join('; ')}]`;
}

/**
 * One LSTM problem in PyTorch terms: weight_ih (4H×D), weight_hh (4H×H), bias_ih, bias_hh (4H),
 * gate order i f g o; xs[t] (D), h0, c0 (H). Weights ~ U(−1/√H, 1/√H) as nn.LSTMCell initialises.
 */
function lstmProblem({ H, D, T = 1, seed = 1, decimals = 4 }) {
  const r = rng(seed);
  const k = 1 / Math.sqrt(H);
  return {
    H,
    D,
    T,
    weight_ih: numbers(r, 4 * H * D, k, decimals),
    weight_hh: numbers(r, 4 * H * H, k, decimals),
    bias_ih: numbers(r, 4 * H, k, decimals),
    bias_hh: numbers(r, 4 * H, k, decimals),
    xs: Array.from({ length: T }, () => numbers(r, D, 1, decimals)),
    h0: numbers(r, H, 0.5, decimals),
    c0: numbers(r, H, 0.5, decimals),
  };
}

/** Packed PyTorch form (weight_ih/weight_hh/bias_ih/bias_hh) — a sequence when T > 1. */
function packedBlock(p) {
  const lines = ['```lstm'];
  lines.push(`weight_ih = ${matText(p.weight_ih, 4 * p.H, p.D)}`);
  lines.push(`weight_hh = ${matText(p.weight_hh, 4 * p.H, p.H)}`);
  lines.push(`bias_ih = ${matText(p.bias_ih, 4 * p.H, 1)}`);
  lines.push(`bias_hh = ${matText(p.bias_hh, 4 * p.H, 1)}`);
  if (p.T > 1) {
    lines.push(`h_0 = ${matText(p.h0, p.H, 1)}`, `c_0 = ${matText(p.c0, p.H, 1)}`);
    for (let t = 0; t < p.T; t++) lines.push(`x_${t + 1} = ${matText(p.xs[t], p.D, 1)}`);
  } else {
    lines.push(`h_prev = ${matText(p.h0, p.H, 1)}`, `c_prev = ${matText(p.c0, p.H, 1)}`, `x = ${matText(p.xs[0], p.D, 1)}`);
  }
  lines.push('```');
  return lines.join('\n') + '\n';
}

/**
 * Lecture form, as in examples/lstm-exam.md: W_f, W_i, W_o, W_c (H×(H+D)) on [h_prev; x], one
 * bias per gate (b_k = bias_ih + bias_hh of that gate, rounded the same way).
 */
function lectureBlock(p) {
  const { H, D } = p;
  const gate = { i: 0, f: 1, c: 2, o: 3 };
  const lines = ['```lstm'];
  for (const k of ['f', 'i', 'o', 'c']) {
    const g = gate[k];
    const W = [];
    for (let r = 0; r < H; r++) {
      const row = g * H + r;
      for (let j = 0; j < H; j++) W.push(p.weight_hh[row * H + j]);
      for (let j = 0; j < D; j++) W.push(p.weight_ih[row * D + j]);
    }
    lines.push(`W_${k} = ${matText(W, H, H + D)}`);
    lines.push(`b_${k} = ${matText(p.bias_ih.slice(g * H, g * H + H), H, 1)}`);
  }
  lines.push(`h_prev = ${matText(p.h0, H, 1)}`, `c_prev = ${matText(p.c0, H, 1)}`, `x = ${matText(p.xs[0], D, 1)}`);
  lines.push('```');
  return lines.join('\n') + '\n';
}

/** The same problem with bias_hh folded away (lecture blocks have one bias per gate). */
function lectureProblem(p) {
  return { ...p, bias_hh: p.bias_hh.map(() => 0) };
}

/**
 * A long note: `blocks` small blocks like Question 2 of the exam (H=2, D=2, W_c and b_c, given
 * gates, three checks) separated by prose, `lines` lines in all. One block in ten carries a
 * slip in its stated h (a failing check, with its diagnosis); the others state the right values.
 */
function longNote({ blocks = 1000, lines = 20000, seed = 7 }) {
  const r = rng(seed);
  const per = Math.floor(lines / blocks);
  const out = [];
  const n = (v) => Number(v.toFixed(4));
  const f4 = (v) => v.toFixed(4);
  for (let b = 0; b < blocks; b++) {
    const hp = [n(r()), n(r())],
      cp = [n(r()), n(r() * 2)],
      x = [n(r() * 2), n(r() * 2)];
    const W = Array.from({ length: 8 }, () => n(r() * 4 - 2));
    const bc = [n(r()), n(r())],
      f = [n(r()), n(r())],
      i = [n(r()), n(r())],
      o = [n(r()), n(r())];
    const v = [...hp, ...x];
    const g = [0, 1].map((k) => Math.tanh(W[4 * k] * v[0] + W[4 * k + 1] * v[1] + W[4 * k + 2] * v[2] + W[4 * k + 3] * v[3] + bc[k]));
    const c = [0, 1].map((k) => f[k] * cp[k] + i[k] * g[k]);
    const h = [0, 1].map((k) => o[k] * Math.tanh(c[k]));
    if (b % 10 === 9) h[1] += 0.01; // the slip
    const body = [
      `## Exercise ${b + 1}`,
      '',
      '```lstm',
      `h_prev = [${hp[0]}; ${hp[1]}]`,
      `c_prev = [${cp[0]}; ${cp[1]}]`,
      `x = [${x[0]}; ${x[1]}]`,
      `W_c = [${W.slice(0, 4).join(' ')}; ${W.slice(4).join(' ')}]`,
      `b_c = [${bc[0]}; ${bc[1]}]`,
      `f = [${f[0]}; ${f[1]}]`,
      `i = [${i[0]}; ${i[1]}]`,
      `o = [${o[0]}; ${o[1]}]`,
      '',
      '# solution',
      `g ?= [${f4(g[0])}; ${f4(g[1])}]`,
      'c ?= f ⊙ c_prev + i ⊙ g',
      `h ?= [${f4(h[0])}; ${f4(h[1])}]`,
      '```',
      '',
    ];
    while (body.length < per - 1) body.push(`Some prose about exercise ${b + 1}, line ${body.length}.`);
    body.push('');
    out.push(...body);
  }
  return out.join('\n');
}

module.exports = { rng, lstmProblem, packedBlock, lectureBlock, lectureProblem, longNote, matText };
