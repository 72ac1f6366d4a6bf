// Baseline: the same LSTM equations evaluated the straightforward way, with the full mathjs
// (`create(all)`), `evaluate` on the equations' text every step and mathjs matrices.
'use strict';
const { create, all } = require('mathjs');

const math = create(all);

const EQUATIONS = [
  'f = 1 ./ (1 + map(-(W_xf * x + W_hf * h + b_f), exp))',
  'i = 1 ./ (1 + map(-(W_xi * x + W_hi * h + b_i), exp))',
  'g = map(W_xg * x + W_hg * h + b_g, tanh)',
  'o = 1 ./ (1 + map(-(W_xo * x + W_ho * h + b_o), exp))',
  'c = f .* c + i .* g',
  'h = o .* map(c, tanh)',
];

/** A scope holding the problem's weights as mathjs matrices (per gate, PyTorch order i f g o). */
function scopeOf(p) {
  const { H, D } = p;
  const rows = (flat, r0, n, cols) => {
    const out = [];
    for (let r = 0; r < n; r++) out.push(flat.slice((r0 + r) * cols, (r0 + r + 1) * cols));
    return out;
  };
  const col = (v) => math.matrix(v.map((x) => [x]));
  const scope = {};
  ['i', 'f', 'g', 'o'].forEach((k, g) => {
    scope[`W_x${k}`] = math.matrix(rows(p.weight_ih, g * H, H, D));
    scope[`W_h${k}`] = math.matrix(rows(p.weight_hh, g * H, H, H));
    scope[`b_${k}`] = col(p.bias_ih.slice(g * H, g * H + H).map((b, j) => b + p.bias_hh[g * H + j]));
  });
  scope.h = col(p.h0);
  scope.c = col(p.c0);
  scope.xs = p.xs.map(col);
  return scope;
}

/** One step from h0/c0 with x_1. */
function step(scope) {
  scope.h = scope.h0 ?? scope.h;
  scope.x = scope.xs[0];
  for (const e of EQUATIONS) math.evaluate(e, scope);
  return scope;
}

/** Runs all T steps from h0, c0; returns the last h, c as arrays. */
function sequence(p, scope) {
  scope.h = math.matrix(p.h0.map((x) => [x]));
  scope.c = math.matrix(p.c0.map((x) => [x]));
  for (let t = 0; t < p.T; t++) {
    scope.x = scope.xs[t];
    for (const e of EQUATIONS) math.evaluate(e, scope);
  }
  return { h: scope.h.toArray().map((r) => r[0]), c: scope.c.toArray().map((r) => r[0]) };
}

/** A fresh step each call: restores h, c to the initial state first. */
function stepper(p) {
  const scope = scopeOf(p);
  const h0 = math.matrix(p.h0.map((x) => [x]));
  const c0 = math.matrix(p.c0.map((x) => [x]));
  return () => {
    scope.h = h0;
    scope.c = c0;
    scope.x = scope.xs[0];
    for (const e of EQUATIONS) math.evaluate(e, scope);
    return scope.h;
  };
}

module.exports = { scopeOf, step, sequence, stepper, version: require('mathjs/package.json').version };
