// A formula given per step (`y_t = 4 h_t`, `o^{(t)} = c + V h^{(t)}`, `y_t = y_{t-1} + h_t`) in a
// sequence defines its quantity at every step t = 1 … T, as regression and toy examples and
// Goodfellow write it: each `_t` name it reads is step t's, each `_{t-1}` name step t − 1's (h_0
// before the first step). A single definition stands for T values; each is evaluated on demand
// like a given, so checks, losses and the step recorder read `y_2` as they read any quantity.
import type { Matrix, Range } from '../types';
import { EvalError, type Env, type Expression, type NameUse } from '../expr';
import { toLatex } from '../expr/latex';
import type { FormulaNode } from '../parse/formula';
import { flatten } from '../parse/flatSpelling';
import { resolveName } from '../parse/names';
import { truncate } from '../parse/statements';
import { VECTOR_BASES } from '../keys';
import { evaluation } from '../budget';
import * as M from '../matrix';
import { at } from './keys';
import { batchShaped, exampleOf, perExample, putExample } from './batch';
import type { GivenDef, SolveSetup } from './setup';
import type { Solver } from './solver';

const INPUTS = new Set(['x', 'e', 'onehot']);

/** `y_t = …`: the quantity `base` (y, logits, or the note's own `p`) at every step. */
export interface PerStepDef {
  readonly base: string;
  readonly written: string;
  readonly nameRange: Range;
  readonly range: Range;
  readonly valueRange: Range;
  readonly expr: Expression;
}

/**
 * The base a given defines at every step, when its name is written with the generic step t
 * (`y_t`, `y^{(t)}`, `y^{<t>}`, Coursera's `yt_pred`); `key` is the name resolved (`y`, `p_t`).
 */
export function perStepBase(written: string, key: string, known: boolean): string | undefined {
  const flat = flatten(written).toLowerCase();
  const generic = /_t$/.test(flat) || /^[a-z]~?t(?:_pred)?$/.test(flat);
  if (!generic) return undefined;
  // A known name resolves without its step (`y_t` is `y`); the note's own keeps it (`p_t`).
  // The inputs are the note's numbers at each step (x_1 … x_T make the sequence), never a formula per step.
  if (known) return VECTOR_BASES.has(key) && !key.endsWith('_prev') && !INPUTS.has(key) ? key : undefined;
  const own = /^(.*[^_])_t$/.exec(key);
  return own ? own[1] : undefined;
}

/**
 * The definition and step behind `key` (`y_2` → y_t's formula at t = 2), when there is one: from
 * step 1 (y_0 is given, or missing; h_0 the zero state), past T too, which evaluatePerStep reports.
 */
export function perStepAt(s: Solver, key: string): { def: PerStepDef; t: number } | undefined {
  const defs = s.setup.perStep;
  if (!defs?.size) return undefined;
  const step = numbered(key);
  const def = step && step.t >= 1 ? defs.get(step.base) : undefined;
  return def ? { def, t: step!.t } : undefined;
}

/** Every key the per-step formulas define (y_1 … y_T): a step whose cell quantity one defines is not solved as a whole. */
export function perStepKeys(setup: SolveSetup): string[] {
  const out: string[] = [];
  for (const base of setup.perStep?.keys() ?? []) for (let t = 1; t <= (setup.T ?? 0); t++) out.push(at(base, t));
  return out;
}

/** `p_12` → { base: 'p', t: 12 } for any base (the solver's splitKey takes lowercase letters only). */
export function numbered(key: string): { base: string; t: number } | undefined {
  const us = key.lastIndexOf('_');
  const digits = key.slice(us + 1);
  return us > 0 && /^\d{1,9}$/.test(digits) ? { base: key.slice(0, us), t: Number(digits) } : undefined;
}

/** Whether the block gives `key` or defines it by a formula per step (the output layer reads logits so). */
export function defined(s: Solver, key: string): boolean {
  const p = perStepAt(s, key);
  return s.has(key) || (p !== undefined && p.t <= (s.T ?? 0));
}

/** The definition as a given of `key`, for the notes that name a given (a cycle's). */
export function perStepGiven(s: Solver, key: string): Pick<GivenDef, 'written' | 'nameRange'> | undefined {
  return perStepAt(s, key)?.def;
}

/** The key that name `k` of the formula reads at step t: `h` → h_t, `h_prev` → h_{t−1}, `p_t-1` → p_{t−1}. */
export function stepKey(s: Solver, k: string, t: number): string {
  if (k === 'h_prev' || k === 'c_prev') return at(k[0], t - 1);
  const m = /^(.*[^_])_t(-1)?$/.exec(k);
  if (m) {
    // `y_{t-1}` resolves as a name of its own (only h and c have a _prev): its base is y's.
    const r = resolveName(m[1], s.setup.kind);
    const base = r.known && r.key === r.base ? r.key : m[1];
    return at(base, m[2] ? t - 1 : t);
  }
  // A cell quantity of this kind (an RNN's c is the note's own: Goodfellow's output bias).
  if (VECTOR_BASES.has(k) && resolveName(k, s.setup.kind).known) return at(k, t);
  return s.setup.canon(k);
}

/** The value of `def` at step t, or undefined (what is missing noted, bad input reported once). */
export function evaluatePerStep(s: Solver, def: PerStepDef, t: number): Matrix | undefined {
  const key = at(def.base, t);
  const T = s.T ?? 0;
  if (t > T) {
    // A check of it says "not computed — give x_5"; a formula that reads it is told here.
    s.noteMissing(key, `x_${t}`);
    if (s.setup.stepRanges?.has(key)) return undefined;
    const message = `${key} is past the sequence: ${def.written} is defined at t = 1 … ${T} (the inputs x_1 … x_${T}); use ${at(def.base, T)} or give the inputs up to x_${t}`;
    s.report('error', 'missing', def.nameRange, message);
    return undefined;
  }
  unrollTo(s, def, t - 1);
  const mapped = (k: string) => stepKey(s, k, t);
  let v: Matrix;
  try {
    evaluation(s.work);
    v = s.N === undefined ? def.expr.evaluate(stepEnv(s, mapped)) : perExampleValue(s, def, mapped);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    if (e.code === 'missing') reportMissing(s, def, key, e, mapped);
    else
      s.report(
        'error',
        e.code,
        e.range,
        `${e.message} (in ${def.written} = ${truncate(def.expr.source.text.trim())} at t = ${t})`,
        [],
        `perstep:${def.base}:${e.code}`,
      );
    return undefined;
  }
  if (s.N === undefined && M.isVector(v)) v = M.orientLike(v, s.layout);
  record(s, def, t, key, v, mapped);
  return v;
}

/** Per solve, the last step of each base whose value has been asked for in order (see unrollTo). */
const unrolled = new WeakMap<Solver, Map<string, number>>();

/**
 * Steps 1 … last of `def`, in order: a recurrence (`y_t = 0.5 y_{t-1} + h_t`) asked at y_1000
 * first would otherwise recurse a thousand steps deep (as the solver's own unrollTo avoids).
 */
function unrollTo(s: Solver, def: PerStepDef, last: number): void {
  let bases = unrolled.get(s);
  if (!bases) unrolled.set(s, (bases = new Map()));
  for (let k = (bases.get(def.base) ?? 0) + 1; k <= last; k++) {
    bases.set(def.base, k);
    s.get(at(def.base, k));
  }
}

function stepEnv(s: Solver, mapped: (k: string) => string): Env {
  return { get: (k: string) => s.get(mapped(k)), work: s.work };
}

/** In a batch the formula is each example's: what holds one vector per example is read one example at a time. */
function perExampleValue(s: Solver, def: PerStepDef, mapped: (k: string) => string): Matrix {
  const N = s.N!;
  let out: Float64Array | undefined;
  for (let n = 0; n < N; n++) {
    const env: Env = {
      get: (k: string) => {
        const key = mapped(k);
        const v = s.get(key);
        if (!v || !(perExample(key) || key.startsWith('logits_') || perStepAt(s, key))) return v;
        const len = M.length(v) / N;
        return M.orient(exampleOf(v, n, s.layout, new Float64Array(len)), s.layout);
      },
      work: s.work,
    };
    const v = def.expr.evaluate(env);
    if (!M.isVector(v) && !M.isScalar(v)) {
      throw new EvalError(
        'shape',
        `${def.written} is ${M.shapeText(v)} for one example of the batch, but a per-step quantity is a vector`,
        def.valueRange,
      );
    }
    out ??= new Float64Array(N * M.length(v));
    if (out.length !== N * M.length(v))
      throw new EvalError('shape', `${def.written} has a different length for example ${n + 1}`, def.valueRange);
    putExample(out, n, N, s.layout, v.data);
  }
  return batchShaped(out!, N, s.layout);
}

/** A name the formula reads has no value at this step: its own start (y_0), a name never defined, or inputs missing. */
function reportMissing(s: Solver, def: PerStepDef, key: string, e: EvalError, mapped: (k: string) => string): void {
  const need = mapped(e.missing[0]);
  s.noteMissing(key, need);
  const own = at(def.base, 0);
  if (need === own && !s.has(own)) {
    const message = `missing: give ${own}: ${def.written} = ${truncate(def.expr.source.text.trim())} reads ${def.base} one step back, which at t = 1 is ${own} (the value before the first step)`;
    s.report('error', 'missing', def.nameRange, message, [], `perstep:start:${def.base}`);
    return;
  }
  if (s.has(need) || s.isDerivable(need) || perStepAt(s, need)) return;
  const use = def.expr.names.find((u) => mapped(u.resolved.key) === need) ?? def.expr.names[0];
  const written = truncate(use.written);
  const stepped = /_\{?t(?:-1)?\}?$|\^\{?[(<]t/.test(use.written);
  const later = use.resolved.key.includes('_t+');
  const message = later
    ? `${written} is a later step: a formula per step reads step t and step t − 1; write the steps that read a later one out (${key} = …)`
    : stepped
      ? `${written} is not defined per step: ${def.written}'s formula reads it at every step; give ${written} = … (a formula per step) or its value at each step (${need} = …)`
      : `${written} is not defined in this block; give it (\`${written} = …\`) or correct the name`;
  s.report('error', 'unknown-name', use.range, message, [], `perstep:unknown:${use.resolved.key}`);
}

/** The step that computed `key`, with the formula as written and its operands at step t. */
function record(s: Solver, def: PerStepDef, t: number, key: string, v: Matrix, mapped: (k: string) => string): void {
  const read = [...new Set(def.expr.names.map((use: NameUse) => mapped(use.resolved.key)))].filter((k) => s.valueOf(k));
  s.noteReads(key, read);
  if (!s.recording) return;
  const operands = read.map((k) => s.operand(k, s.valueOf(k)!));
  const node = def.expr.node;
  const latex = node
    ? toLatex(node, (i) => mapped(def.expr.names[i].resolved.key))
    : def.expr.single
      ? `\\operand{${mapped(def.expr.single.resolved.key)}}`
      : def.expr.latex;
  const text = `${def.written} = ${def.expr.source.text.trim()}`;
  s.recordStep({
    target: key,
    text,
    latex,
    operands,
    shapes: `= ${M.shapeText(v)}`,
    result: v,
    range: s.setup.stepRanges?.get(key) ?? def.range,
    time: t,
  });
}

/** What grad/loss.ts follows into for `key`: its formula's tree, or the one name it is, with each name's key at this step. */
export function perStepFormula(s: Solver, key: string): { node?: FormulaNode; single?: string; keyOf: (i: number) => string } | undefined {
  const p = perStepAt(s, key);
  if (!p || p.t > (s.T ?? 0)) return undefined;
  const { expr } = p.def;
  const keyOf = (i: number) => stepKey(s, expr.names[i].resolved.key, p.t);
  return { node: expr.node, single: expr.single && stepKey(s, expr.single.resolved.key, p.t), keyOf };
}
