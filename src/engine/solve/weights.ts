// Each gate's weights as one affine form (cells/forms.ts), built once per solve, with the
// block's bias convention applied: bias=false drops the biases, a missing bias is zeros.
import * as M from '../matrix';
import { nameLatex } from '../parse/names';
import { buildForm, gateNames, internalOrder, KERAS_ORDER, TORCH_ORDER, type AffineForm, type FormProblem } from '../cells/forms';
import { allocate } from '../budget';
import type { Solver } from './solver';

/** The form of gate k, or undefined when it cannot be built (formProblem says why). */
export function formOf(s: Solver, k: string): AffineForm | undefined {
  let f = s.forms.get(k);
  if (!f) {
    f = build(s, k);
    s.forms.set(k, f);
    if ('code' in f && f.code === 'shape') reportShape(s, f);
    if (!('code' in f)) {
      f = withBiasConvention(s, k, f);
      s.forms.set(k, f);
    }
  }
  return 'code' in f ? undefined : f;
}

/** What the solve of a gate's quantity must note as missing when its form cannot be built. */
export function formProblem(s: Solver, k: string): readonly string[] {
  const f = s.forms.get(k);
  return f && 'code' in f ? (f.missing ?? []) : [];
}

function build(s: Solver, k: string): AffineForm | FormProblem {
  const { kind, options, order } = s.setup;
  if (s.H === undefined || s.D === undefined) {
    const what = s.H === undefined ? 'the hidden size (give h_prev, c_prev or a bias)' : 'the input size (give x)';
    // Without sizes the weights are still needed: name them too, so the note lists everything to give.
    const names = gateNames(kind, k);
    const weightGiven = [names.W, names.Wx, names.Wh, 'weight_ih', 'kernel'].some((n) => s.has(n));
    // A gate with a U (LSTM, GRU) asks for its concatenated W; the RNN's one gate for W_x and W_h.
    const weights = weightGiven ? [] : names.U ? [names.W] : [names.Wx, names.Wh];
    return { code: 'missing', missing: [s.H === undefined ? 'h_prev' : 'x', ...weights], message: `cannot tell ${what}` };
  }
  const packedOrder = order ? internalOrder(kind, order) : s.has('kernel') ? KERAS_ORDER[kind] : TORCH_ORDER[kind];
  return buildForm(
    {
      kind,
      layout: s.layout,
      concat: options.concat,
      H: s.H,
      D: s.D,
      order: packedOrder,
      has: (n) => s.has(n),
      value: (n) => s.peek(n),
      rangeOf: (n) => s.rangeOf(n),
    },
    k,
  );
}

function reportShape(s: Solver, f: FormProblem): void {
  const where = (f.name && s.rangeOf(f.name)) ?? s.firstGivenRange();
  if (!where) return;
  const related = (f.related ?? []).flatMap((n) => {
    const key = s.T ? (n === 'x' ? 'x_1' : n === 'h_prev' ? 'h_0' : n) : n;
    const r = s.rangeOf(key);
    const v = s.valueOf(key);
    return r ? [{ range: r, message: `${key}${v ? ` is ${M.shapeText(v)}` : ''}` }] : [];
  });
  s.report('error', 'shape', where, f.message, related);
}

function withBiasConvention(s: Solver, k: string, f: AffineForm): AffineForm {
  if (!s.options.bias) return { ...f, bx: undefined, bh: undefined };
  if (f.bx) return f;
  const names = gateNames(s.setup.kind, k);
  // The RNN's one bias is b however its weights are written; a packed form's is packed too.
  const name = !names.U ? names.b : f.form === 'torch' ? 'bias_ih' : f.form === 'keras' ? 'bias' : names.b;
  if (!s.assumed.includes(name)) s.assumed.push(name);
  if (f.form === 'torch' || f.form === 'keras') return f;
  // The assumed zero bias is a quantity like any other: shown, hoverable, in the JSON.
  allocate(s.work, s.H!);
  const value = M.orient(M.zeros(s.H!), s.layout);
  s.values.set(name, value);
  s.origins.set(name, 'default');
  return { ...f, bx: { data: value.data, name, latex: nameLatex(name), value } };
}
