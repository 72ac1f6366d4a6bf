// Givens → derived values, like a spreadsheet: every name is computed on demand from the
// givens and the cell's equations (SPEC §5), in whatever order the note wrote them.
import { truncate } from './parse/statements';
import type { BlockDiagnostic, BlockOptions, CellKind, DiagnosticCode, Matrix, Origin, Range, Severity, Step, StepOperand } from './types';
import { EvalError, softmax, type Expression, type NameUse } from './expr';
import * as M from './matrix';
import { allocate, evaluation, MAX_ELEMENTS, MAX_WORK, operate, Work, WorkLimitError } from './budget';
import { remembered } from './memo';
import { nameLatex } from './parse/names';
import { applyFormInto, buildForm, gateNames, GATES, KERAS_ORDER, TORCH_ORDER, internalOrder, type AffineForm, type FormProblem } from './cells/forms';

export interface GivenDef {
  readonly key: string;
  readonly written: string;
  readonly nameRange: Range;
  readonly range: Range;
  readonly valueRange: Range;
  readonly expr: Expression;
  /** Vectors of known cell quantities are oriented by the layout; weights are kept as written. */
  readonly isVectorQuantity: boolean;
}

export interface SolveSetup {
  readonly kind: CellKind;
  readonly options: BlockOptions;
  readonly order?: string;
  readonly givens: ReadonlyMap<string, GivenDef>;
  readonly sizes: Readonly<Record<string, number>>;
  /** Number of unrolled steps, when the block numbers its inputs. */
  readonly T?: number;
  /** Maps a resolved name to its key in this block (h_0 ↔ h_prev, bare results → last step). */
  readonly canon: (key: string) => string;
  readonly deadline: number;
  /** Values that replace givens/derivations (the author's stated values, for error carried forward). */
  readonly overrides?: ReadonlyMap<string, Matrix>;
  /** Record neither steps nor notes (the quiet re-runs behind hints). */
  readonly quiet?: boolean;
  /**
   * Record the steps (true unless quiet). The analysis's own solve leaves them out: they are
   * made again, by a solve that records them, when a surface or a failing check asks.
   */
  readonly record?: boolean;
  /**
   * Values of literal givens another solve of the same block and layout already read: a hint's
   * re-solve starts from them instead of evaluating every given again.
   */
  readonly known?: ReadonlyMap<string, Matrix>;
  /** The statement that checks a quantity, for the step that computes it (surfaces jump there). */
  readonly stepRanges?: ReadonlyMap<string, Range>;
  /**
   * The block's cell as its first solve prepared it, for later solves under the same conventions
   * and without overrides (withSetup drops it when those change).
   */
  readonly cell?: PreparedCell;
  /**
   * What this solve counts its allocations and multiply-adds against (budget.ts): the block's own
   * count for its solve, one shared count for all of its hints. Without, a fresh count.
   */
  readonly work?: Work;
}

/**
 * What a solve works out from the weights before computing anything: the hidden and input sizes
 * and each gate's affine form (the weights laid out for the kernels). Like the weights a torch
 * LSTMCell holds, it depends only on the givens and the conventions, so one solve prepares it and
 * the block's later solves with the same conventions start from it.
 */
export class PreparedCell {
  sized = false;
  H?: number;
  D?: number;
  readonly forms = new Map<string, AffineForm | FormProblem>();
  /** Steps whose quantities the block gives (see Solver.wholeStep). */
  givenSteps?: ReadonlySet<number>;
  /** Every gate's form, when none of them needed an assumed bias (a solve notes those itself). */
  allForms?: AffineForm[];
  /** The literal givens' values as the first solve read them (later solves read them here). */
  readonly givenValues = new Map<string, Matrix>();
}

/** `setup` with some fields replaced, written out field by field (a spread of it was a hot spot). */
export function withSetup(setup: SolveSetup, patch: Pick<Partial<SolveSetup>, 'options' | 'order' | 'deadline' | 'overrides' | 'quiet' | 'record' | 'known' | 'work'>): SolveSetup {
  // Other conventions or overridden values make another cell; a solve that records steps reads
  // every given in the first solve's order (its steps come out the same), so it prepares its own.
  const sameCell = !patch.options && !('order' in patch) && !patch.overrides && !patch.record;
  return {
    kind: setup.kind,
    options: patch.options ?? setup.options,
    order: 'order' in patch ? patch.order : setup.order,
    givens: setup.givens,
    sizes: setup.sizes,
    T: setup.T,
    canon: setup.canon,
    deadline: patch.deadline ?? setup.deadline,
    overrides: patch.overrides ?? setup.overrides,
    quiet: patch.quiet ?? setup.quiet,
    record: patch.record ?? setup.record,
    known: 'known' in patch ? patch.known : setup.known,
    stepRanges: setup.stepRanges,
    cell: sameCell ? setup.cell : undefined,
    work: patch.work ?? setup.work,
  };
}

export class LimitError extends Error {}

/**
 * Zeroed buffers of the hidden size for a gate's two affine parts. One pair serves every gate of
 * every solve: a gate sums them into its result before the next gate (or another solve) asks.
 */
let parts = { xPart: new Float64Array(0), hPart: new Float64Array(0) };
function scratch(H: number): { xPart: Float64Array; hPart: Float64Array } {
  if (parts.xPart.length !== H) parts = { xPart: new Float64Array(H), hPart: new Float64Array(H) };
  else if (H <= 16) {
    // A loop beats fill's call for the lecture sizes.
    const { xPart, hPart } = parts;
    for (let r = 0; r < H; r++) { xPart[r] = 0; hPart[r] = 0; }
  } else { parts.xPart.fill(0); parts.hPart.fill(0); }
  return parts;
}

/** How many missing givens a note lists at most. */
const MAX_MISSING = 12;

/** State and gate names whose values must be vectors (a given 2×2 `a` is a shape error). */
const CELL_VECTORS = new Set(['h', 'c', 'f', 'i', 'o', 'g', 'r', 'z', 'n', 'a', 'y', 'h_prev', 'c_prev']);

interface Cycle { readonly chain: string[] }

// The elementwise updates, one function each: the quantity-by-quantity path and wholeStep both
// call them, so the two give bit-identical values.
type Update = (out: Float64Array, v: readonly Float64Array[]) => void;
const lstmCellState: Update = (out, [F, C, I, G]) => { for (let r = 0; r < out.length; r++) out[r] = F[r] * C[r] + I[r] * G[r]; };
const lstmHidden: Update = (out, [O, C]) => { for (let r = 0; r < out.length; r++) out[r] = O[r] * Math.tanh(C[r]); };
const gruHiddenWrite: Update = (out, [Z, Hp, N]) => { for (let r = 0; r < out.length; r++) out[r] = (1 - Z[r]) * Hp[r] + Z[r] * N[r]; };
const gruHiddenKeep: Update = (out, [Z, Hp, N]) => { for (let r = 0; r < out.length; r++) out[r] = Z[r] * Hp[r] + (1 - Z[r]) * N[r]; };

const LSTM_C = 'c = f ⊙ c_prev + i ⊙ g';
const LSTM_H = 'h = o ⊙ tanh(c)';
const GRU_H_WRITE = 'h = (1 − z) ⊙ h_prev + z ⊙ n';
const GRU_H_KEEP = 'h = z ⊙ h_prev + (1 − z) ⊙ n';

/** The weight subscript of each gate (the LSTM candidate g uses W_c, the GRU candidate n W_h). */
const GATE_OF: Record<CellKind, Readonly<Record<string, string>>> = {
  lstm: { f: 'f', i: 'i', o: 'o', g: 'c' },
  gru: { r: 'r', z: 'z', n: 'h' },
  rnn: { a: 'a' },
};
const PACKED_WEIGHTS = ['weight_ih', 'weight_hh', 'kernel', 'recurrent_kernel'];

const CELL_BASES: Record<CellKind, readonly string[]> = {
  lstm: ['f', 'i', 'o', 'g', 'c', 'h', 'y'],
  gru: ['r', 'z', 'n', 'h', 'y'],
  rnn: ['a', 'h', 'y'],
};

const SHALLOW_PATH = 32;
const NOTHING_MISSING: ReadonlyMap<string, ReadonlySet<string>> = new Map();
const NO_STEPS: ReadonlyMap<string, number> = new Map();

export class Solver {
  readonly values = new Map<string, Matrix>();
  readonly origins = new Map<string, Origin>();
  // Made when first written: a solve that records no steps (most) never needs it.
  #stepOf?: Map<string, number>;
  readonly steps: Step[] = [];
  readonly diagnostics: BlockDiagnostic[] = [];
  // Made when first needed: most solves miss nothing, and hints make several solvers per block.
  private missingSets?: Map<string, Set<string>>;
  H?: number;
  D?: number;
  readonly layout: 'row' | 'column';
  /** Whether this solve records steps (see SolveSetup.record). */
  private readonly recording: boolean;
  private failed?: Set<string>;
  private readonly visiting: string[] = [];
  /**
   * The keys of `visiting` once it has been deeper than SHALLOW_PATH, as flags (deleting from a
   * Set shrinks and reallocates its table), for an O(1) cycle test on thousands-deep chains.
   */
  private deepPath?: Map<string, boolean>;
  /** Each gate's form as this solve built it; made when first needed (a prepared cell's solves take its forms). */
  private forms?: Map<string, AffineForm | FormProblem>;
  private reported?: Set<string>;
  private readonly assumedBiases: string[] = [];
  private ticks = 0;
  /** Steps (t, or 0 for a single step) whose quantities were tried all at once (see wholeStep). */
  private stepsTried?: Uint8Array;
  private singleStepTried = false;
  private givenSteps?: ReadonlySet<number>;
  private allForms?: AffineForm[] | null;
  /**
   * Literal givens' values another solve already read (a hint's setup, or the prepared cell): read
   * from there instead of copied into `values`, whose growth past 16 entries was a tenth of a
   * small cell's solve.
   */
  private readonly known?: ReadonlyMap<string, Matrix>;

  /** The count this solve's allocations and multiply-adds go to (see budget.ts). */
  readonly work: Work;

  constructor(readonly setup: SolveSetup) {
    this.layout = setup.options.layout;
    this.work = setup.work ?? new Work(MAX_ELEMENTS, MAX_WORK);
    this.known = setup.known ?? setup.cell?.givenValues;
    this.recording = !setup.quiet && setup.record !== false;
  }

  /** Index into `steps` of the step that computed each quantity (a quiet solve records none). */
  get stepOf(): ReadonlyMap<string, number> {
    return this.#stepOf ?? NO_STEPS;
  }

  /** For names that could not be computed: the givens that would make them computable. */
  get missing(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.missingSets ?? NOTHING_MISSING;
  }

  // ── lookup ────────────────────────────────────────────────────────────────────────────────

  has(key: string): boolean {
    return this.setup.givens.has(key) || (this.setup.overrides?.has(key) ?? false);
  }

  get(key: string): Matrix | undefined {
    // The hot path (a value already computed) stays small enough to inline.
    return this.values.get(key) ?? this.knownGiven(key) ?? this.resolve(key);
  }

  /** A value this solve has, computed or read from `known`, without computing anything. */
  valueOf(key: string): Matrix | undefined {
    return this.values.get(key) ?? this.knownGiven(key);
  }

  private knownGiven(key: string): Matrix | undefined {
    const known = this.known;
    if (known === undefined) return undefined;
    const v = known.get(key);
    return v !== undefined && !this.setup.overrides?.has(key) ? v : undefined;
  }

  private resolve(key: string): Matrix | undefined {
    if (this.failed?.has(key)) return undefined;
    if (++this.ticks % 64 === 0 && Date.now() > this.setup.deadline) throw new LimitError('time');
    if (this.onPath(key)) throw { chain: [...this.visiting.slice(this.visiting.indexOf(key)), key] } as Cycle;
    this.visiting.push(key);
    if (this.deepPath) this.deepPath.set(key, true);
    else if (this.visiting.length > SHALLOW_PATH) this.deepPath = new Map(this.visiting.map((k) => [k, true]));
    try {
      const v = this.compute(key);
      if (v) { this.values.set(key, v); return v; }
      (this.failed ??= new Set()).add(key);
      return undefined;
    } catch (e) {
      if (isCycle(e) && this.visiting[0] !== key && e.chain[0] !== key) throw e;
      if (isCycle(e)) {
        this.reportCycle(e.chain);
        (this.failed ??= new Set()).add(key);
        return undefined;
      }
      // The innermost value being computed is the one that crossed the limit.
      if (e instanceof WorkLimitError) {
        const g = this.setup.givens.get(key);
        e.locate(`computing ${g ? g.written : key}`, g ? g.range : this.setup.stepRanges?.get(key));
      }
      throw e;
    } finally {
      this.visiting.pop();
      this.deepPath?.set(key, false);
    }
  }

  /**
   * Whether `key` is being computed (a cycle when asked for again). A short path is searched;
   * a deep one (a long sequence is thousands deep) keeps flags in a map from then on.
   */
  private onPath(key: string): boolean {
    return this.deepPath ? this.deepPath.get(key) === true : this.visiting.includes(key);
  }

  private compute(key: string): Matrix | undefined {
    const override = this.setup.overrides?.get(key);
    if (override) { this.origins.set(key, 'given'); return override; }
    const given = this.setup.givens.get(key);
    if (given) {
      const v = this.evaluateGiven(given);
      // Later solves on this cell (same conventions, no overrides) read it from there.
      const cell = this.setup.cell;
      if (v && cell && given.expr.literal && !this.setup.overrides) cell.givenValues.set(key, v);
      return v;
    }
    const derived = this.derive(key);
    if (derived) return derived;
    return this.defaultValue(key);
  }

  private evaluateGiven(g: GivenDef): Matrix | undefined {
    let v: Matrix;
    try {
      // A literal is its value (most givens): no environment to make for it.
      if (g.expr.literal) v = g.expr.literal.value;
      else {
        evaluation(this.work);
        v = g.expr.evaluate({ get: (k, use) => this.getFor(k, use), work: this.work });
      }
    } catch (e) {
      if (e instanceof EvalError) {
        if (e.code === 'missing') {
          for (const m of e.missing) this.noteMissing(g.key, m);
          if (!this.has(e.missing[0]) && !this.isDerivable(e.missing[0]) && !this.failedByCycle(e.missing[0])) {
            const name = truncate(nameLabel(e.missing[0]));
            this.report('error', 'unknown-name', e.range, `${name} is not defined in this block; give it (\`${name} = …\`) or correct the name`);
          }
          return undefined;
        }
        this.report('error', e.code === 'limit' ? 'limit' : e.code === 'cycle' ? 'cycle' : e.code === 'numeric' ? 'numeric' : e.code === 'parse' ? 'parse' : 'shape',
          e.range, `${e.message} (in the value of ${g.written})`);
        return undefined;
      }
      throw e;
    }
    if (M.length(v) > 1_000_000) {
      this.report('error', 'limit', g.valueRange, `${g.written} has ${M.length(v).toLocaleString('en')} elements, over the 1,000,000 limit`);
      return undefined;
    }
    // The finiteness test below reads every element: counted, as a given that only names another
    // (`M2 = M`) allocates nothing. (A literal's elements are counted where the block is read.)
    if (g.expr.literal === undefined) operate(this.work, M.length(v));
    if (!M.allFinite(v)) {
      this.report('warning', 'numeric', g.valueRange, `${g.written} contains NaN or ∞; check the value or the expression that produced it`);
    }
    const { base } = splitKey(g.key);
    if (!M.isVector(v) && (CELL_VECTORS.has(base) || ((base === 'x' || base === 'e' || base === 'onehot') && g.key !== 'E'))) {
      this.report('error', 'shape', g.valueRange,
        `shape: ${g.written} is ${M.shapeText(v)} but it is a vector (${this.layout === 'row' ? '1×n' : 'n×1'}); write it as ${this.layout === 'row' ? '[a, b, …]' : '[a; b; …]'}`);
      return undefined;
    }
    this.origins.set(g.key, 'given');
    if (g.expr.literal === undefined && g.expr.single === undefined) this.recordExpressionStep(g, v);
    return g.isVectorQuantity ? M.orientLike(v, this.layout) : v;
  }

  private getFor(key: string, _use: NameUse): Matrix | undefined {
    return this.get(this.setup.canon(key));
  }

  private failedByCycle(key: string): boolean {
    return this.reported?.has('cycle:' + key) ?? false;
  }

  private recordExpressionStep(g: GivenDef, v: Matrix): void {
    if (!this.recording) return;
    const operands: StepOperand[] = [];
    const seen = new Set<string>();
    for (const use of g.expr.names) {
      if (seen.has(use.resolved.key)) continue;
      seen.add(use.resolved.key);
      const val = this.valueOf(use.resolved.key);
      if (val) operands.push({ name: use.resolved.key, latex: nameLatex(use.resolved.key), value: val });
    }
    (this.#stepOf ??= new Map()).set(g.key, this.steps.length);
    this.steps.push({
      target: g.key,
      text: `${g.written} = ${g.expr.source.text.trim()}`,
      latex: g.expr.latex,
      operands,
      shapes: `= ${M.shapeText(v)}`,
      result: v,
      range: g.range,
    });
  }

  // ── reporting ─────────────────────────────────────────────────────────────────────────────

  report(severity: Severity, code: DiagnosticCode, range: Range, message: string, related: { range: Range; message: string }[] = [], once?: string): void {
    if (this.setup.quiet) return;
    const key = once ?? `${code}:${message}`;
    const reported = (this.reported ??= new Set());
    if (reported.has(key)) return;
    reported.add(key);
    this.diagnostics.push({ severity, code, range, message, related, fixes: [] });
  }

  private reportCycle(chain: string[]): void {
    const reported = (this.reported ??= new Set());
    for (const k of chain) reported.add('cycle:' + k);
    const first = chain.find((k) => this.setup.givens.has(k));
    const given = first ? this.setup.givens.get(first)! : undefined;
    if (!given) return;
    const related = chain
      .filter((k) => k !== first && this.setup.givens.has(k))
      .map((k) => ({ range: this.setup.givens.get(k)!.nameRange, message: `${this.setup.givens.get(k)!.written} is part of the cycle` }));
    this.report('error', 'cycle', given.nameRange,
      `cycle: ${chain.map(nameLabel).join(' → ')}; a value cannot depend on itself — give one of them as numbers`, related, 'cycle');
  }

  private noteMissing(key: string, need: string): void {
    const missing = (this.missingSets ??= new Map());
    let set = missing.get(key);
    if (!set) { set = new Set(); missing.set(key, set); }
    const inner = missing.get(need);
    // Bounded: a 1,000-step sequence would otherwise copy ever larger sets (quadratic work).
    if (inner && inner.size) { for (const n of inner) { if (set.size >= MAX_MISSING) break; set.add(n); } }
    else if (set.size < MAX_MISSING) set.add(need);
  }

  rangeOf(key: string): Range | undefined {
    return this.setup.givens.get(key)?.nameRange;
  }

  // ── sizes ─────────────────────────────────────────────────────────────────────────────────

  /** Hidden and input sizes from whatever the block gives, first source wins. */
  inferSizes(): void {
    const cell = this.setup.cell;
    if (cell?.sized) {
      this.H = cell.H;
      this.D = cell.D;
      return;
    }
    this.inferSizesFromGivens();
    if (cell) {
      cell.H = this.H;
      cell.D = this.D;
      cell.sized = true;
    }
  }

  private inferSizesFromGivens(): void {
    const { kind, sizes, T } = this.setup;
    const vec = (k: string): number | undefined => {
      if (!this.has(k)) return undefined;
      const v = this.get(k);
      return v && M.isVector(v) ? M.length(v) : undefined;
    };
    const step1 = T ? '_1' : '';
    const prev = T ? '_0' : '_prev';
    this.D = vec(T ? 'x_1' : 'x') ?? (this.has(T ? 'x_1' : 'x') ? undefined : this.embeddingWidth()) ?? sizes.D ?? sizes.E;
    let H: number | undefined = vec("h" + prev) ?? (kind === "lstm" ? vec("c" + prev) : undefined) ?? sizes.H;
    const gateBases = kind === 'lstm' ? ['f', 'i', 'o', 'g', 'c', 'h'] : kind === 'gru' ? ['r', 'z', 'n', 'h'] : ['a', 'h'];
    for (const b of gateBases) H ??= vec(T ? `${b}${step1}` : b);
    for (const k of GATES[kind]) {
      const names = gateNames(kind, k);
      H ??= vec(names.b);
      const U = (names.U ? this.peek(names.U) : undefined) ?? this.peek(names.Wh);
      if (U && U.rows === U.cols) H ??= U.rows;
    }
    const G = GATES[kind].length;
    const wih = this.peek('weight_hh');
    if (wih && wih.rows % G === 0) H ??= wih.rows / G;
    const rk = this.peek('recurrent_kernel');
    if (rk) H ??= rk.rows;
    if (H === undefined && this.D !== undefined) {
      for (const k of GATES[kind]) {
        const W = this.peek(gateNames(kind, k).W);
        if (W) { H = this.layout === 'row' ? W.cols : W.rows; break; }
      }
    }
    const Wy = this.peek('W_y');
    if (Wy) H ??= this.layout === 'row' ? Wy.rows : Wy.cols;
    this.H = H;
    if (this.D === undefined && H !== undefined) {
      for (const k of GATES[kind]) {
        const Wx = this.peek(gateNames(kind, k).Wx);
        if (Wx) { this.D = this.layout === 'row' ? Wx.rows : Wx.cols; break; }
        const W = this.peek(gateNames(kind, k).W);
        if (W) { this.D = (this.layout === 'row' ? W.rows : W.cols) - H; break; }
      }
    }
  }

  /** A given's value without noting anything missing (for sizing). */
  private peek(key: string): Matrix | undefined {
    return this.has(key) ? this.get(key) : undefined;
  }

  private embeddingWidth(): number | undefined {
    const E = this.peek('E');
    const oh = this.peek(this.setup.T ? 'onehot_1' : 'onehot');
    if (!E || M.isScalar(E)) return undefined;
    if (oh) {
      const V = M.length(oh);
      if (E.rows === V) return E.cols;
      if (E.cols === V) return E.rows;
    }
    return undefined;
  }

  // ── the cell ──────────────────────────────────────────────────────────────────────────────

  isDerivable(key: string): boolean {
    const { base } = splitKey(key);
    return CELL_BASES[this.setup.kind].includes(base) || base === 'x' || base === 'e';
  }

  private derive(key: string): Matrix | undefined {
    const { base, t } = splitKey(key);
    const T = this.setup.T;
    if (T !== undefined && t === undefined && this.isDerivable(key) && base !== 'x' && base !== 'e') return undefined;
    if (T !== undefined && t !== undefined && (t < 1 || t > T)) return undefined;
    const kind = this.setup.kind;
    if (base === 'e') return this.embedding(t);
    if (base === 'x') {
      const e = this.has(at('e', t)) || this.has('E') ? this.get(at('e', t)) : undefined;
      if (!e) { this.noteMissing(key, key); return undefined; }
      this.recordStep(at('x', t), 'x = e', '\\operand{e}', [this.operand(at('e', t), e)], `${M.shapeText(e)}`, e, undefined, t);
      return e;
    }
    if (base === 'y') return this.output(t);
    if (!CELL_BASES[kind].includes(base)) return undefined;
    if (this.wholeStep(t)) return this.values.get(key);
    switch (kind) {
      case 'lstm': return this.lstm(base, t);
      case 'gru': return this.gru(base, t);
      case 'rnn': return this.rnn(base, t);
    }
  }

  /**
   * False when `key` is a gate the block gives no weights for, so that deriving it cannot succeed
   * (the weight names are those buildForm reads); true when it might.
   */
  couldDerive(key: string): boolean {
    const kind = this.setup.kind;
    const { base } = splitKey(key);
    if (!Object.hasOwn(GATE_OF[kind], base)) return true;
    const gate = GATE_OF[kind][base];
    const names = gateNames(kind, gate);
    if (this.has(names.W) || this.has(names.Wx) || this.has(names.Wh) || (names.U !== '' && this.has(names.U))) return true;
    for (const n of PACKED_WEIGHTS) if (this.has(n)) return true;
    return false;
  }

  /** Derives `key` from the cell's equations even when it is given (for given-overrides notes). */
  deriveIgnoringGiven(key: string): Matrix | undefined {
    try {
      return this.derive(key);
    } catch (e) {
      if (e instanceof LimitError) throw e;
      return undefined;
    }
  }

  private defaultValue(key: string): Matrix | undefined {
    const { base, t } = splitKey(key);
    const isInitial = key === 'h_prev' || key === 'c_prev' || (t === 0 && (base === 'h' || base === 'c'));
    if (!isInitial || (base === 'c' && this.setup.kind !== 'lstm') || (key === 'c_prev' && this.setup.kind !== 'lstm')) {
      this.noteMissing(key, key);
      return undefined;
    }
    if (this.H === undefined) { this.noteMissing(key, key); return undefined; }
    allocate(this.work, this.H);
    const v = M.orient(M.zeros(this.H), this.layout);
    this.origins.set(key, 'default');
    return v;
  }

  private form(k: string): AffineForm | undefined {
    let f = this.forms?.get(k);
    if (!f) {
      const { kind, options } = this.setup;
      const packedOrder = this.setup.order ? internalOrder(kind, this.setup.order)
        : this.has('kernel') ? KERAS_ORDER[kind] : TORCH_ORDER[kind];
      if (this.H === undefined || this.D === undefined) {
        const what = this.H === undefined ? 'the hidden size (give h_prev, c_prev or a bias)' : 'the input size (give x)';
        // Without sizes the weights are still needed: name them too, so the note lists everything to give.
        const candidates = kind === 'rnn' ? ['W', 'W_x', 'W_h'] : [`W_${k}`, `W_x${k}`, `W_h${k}`];
        const weightGiven = [...candidates, 'weight_ih', 'kernel'].some((n) => this.has(n));
        const weights = weightGiven ? [] : kind === 'rnn' ? ['W_x', 'W_h'] : [`W_${k}`];
        f = { code: 'missing', missing: [this.H === undefined ? 'h_prev' : 'x', ...weights], message: `cannot tell ${what}` };
      } else {
        const cell = this.setup.cell;
        f = cell?.forms.get(k);
        if (!f) {
          f = buildForm({
            kind, layout: this.layout, concat: options.concat, H: this.H, D: this.D, order: packedOrder,
            has: (n) => this.has(n),
            value: (n) => this.peek(n),
            rangeOf: (n) => this.rangeOf(n),
          }, k);
          cell?.forms.set(k, f);
        }
      }
      (this.forms ??= new Map()).set(k, f);
      if ('code' in f && f.code === 'shape') {
        const where = (f.name && this.rangeOf(f.name)) ?? this.firstGivenRange();
        if (where) {
          const related = (f.related ?? []).flatMap((n) => {
            const key = this.setup.T ? (n === 'x' ? 'x_1' : n === 'h_prev' ? 'h_0' : n) : n;
            const r = this.rangeOf(key);
            const v = this.valueOf(key);
            return r ? [{ range: r, message: `${nameLabel(key)}${v ? ` is ${M.shapeText(v)}` : ''}` }] : [];
          });
          this.report('error', 'shape', where, f.message, related);
        }
      }
      if (!('code' in f) && !options.bias) {
        f = { ...f, bx: undefined, bh: undefined };
        this.forms!.set(k, f);
      } else if (!('code' in f) && !f.bx && options.bias) {
        const name = kind === 'rnn' ? 'b' : f.form === 'torch' ? 'bias_ih' : f.form === 'keras' ? 'bias' : gateNames(kind, k).b;
        if (!this.assumedBiases.includes(name)) this.assumedBiases.push(name);
        if (f.form !== 'torch' && f.form !== 'keras') {
          // The assumed zero bias is a quantity like any other: shown, hoverable, in the JSON.
          allocate(this.work, this.H!);
          const value = M.orient(M.zeros(this.H!), this.layout);
          this.values.set(name, value);
          this.origins.set(name, 'default');
          f = { ...f, bx: { data: value.data, name, latex: nameLatex(name), value } };
          this.forms!.set(k, f);
        }
      }
    }
    if ('code' in f) return undefined;
    return f;
  }

  private firstGivenRange(): Range | undefined {
    for (const g of this.setup.givens.values()) return g.nameRange;
    return undefined;
  }

  /** x and h_prev at step t as vectors, noting what is missing. */
  private inputs(key: string, t: number | undefined, recurrentName = 'h'): { x: Matrix; h: Matrix } | undefined {
    const xKey = at('x', t), hKey = prevKey(recurrentName, t);
    const x = this.get(xKey), h = this.get(hKey);
    if (!x) this.noteMissing(key, xKey);
    if (!h) this.noteMissing(key, hKey);
    if (!x || !h) return undefined;
    if (this.D !== undefined && M.length(x) !== this.D) {
      this.report('error', 'shape', this.rangeOf(xKey) ?? this.firstGivenRange()!, `shape: ${nameLabel(xKey)} has ${M.length(x)} entries but the input size is ${this.D}`, [], `xsize:${xKey}`);
      return undefined;
    }
    if (this.H !== undefined && M.length(h) !== this.H) {
      this.report('error', 'shape', this.rangeOf(hKey) ?? this.firstGivenRange()!, `shape: ${nameLabel(hKey)} has ${M.length(h)} entries but the hidden size is ${this.H}`, [], `hsize:${hKey}`);
      return undefined;
    }
    return { x, h };
  }

  private gate(key: string, k: string, act: 'sigmoid' | 'tanh' | 'relu' | 'identity', t: number | undefined): Matrix | undefined {
    const io = this.inputs(key, t);
    const form = this.form(k);
    if (!form) {
      const p = this.forms?.get(k) as FormProblem | undefined;
      for (const m of p?.missing ?? []) this.noteMissing(key, m);
      return undefined;
    }
    if (!io) return undefined;
    return this.gateValue(key, k, act, form, io, t);
  }

  /** act(W_x·x + b_x + W_h·h + b_h) for one gate whose form and inputs are known. */
  private gateValue(key: string, k: string, act: 'sigmoid' | 'tanh' | 'relu' | 'identity', form: AffineForm,
    io: { x: Matrix; h: Matrix }, t: number | undefined): Matrix {
    const H = this.H!;
    // The weights applied to x and h (multiply-adds), and the result. (The pre-activation a step
    // that shows it keeps is not counted: a solve that records steps counts what one that does
    // not records, so that both reach the same verdict.)
    operate(this.work, H * (io.x.data.length + io.h.data.length));
    allocate(this.work, H);
    const { xPart, hPart } = scratch(H);
    applyFormInto(form, io.x.data, io.h.data, xPart, hPart);
    // The pre-activation is kept only for a step that shows it; otherwise the sum goes into xPart.
    const quiet = !this.recording;
    const pre = quiet ? xPart : new Float64Array(H);
    for (let r = 0; r < H; r++) pre[r] = xPart[r] + hPart[r];
    const out = new Float64Array(H);
    M.applyInto(out, pre, act);
    const result = M.orient(out, this.layout);
    if (!quiet) this.recordGateStep(key, k, act, form, io, pre, result, t);
    return result;
  }

  /**
   * Every quantity of step t (one LSTM, GRU or RNN step) computed together, when the block gives
   * none of them and their weights and inputs are all there: the same kernels in the same order as
   * computing them one by one, without a lookup per quantity. False leaves each quantity to its own
   * derivation, which also explains what is missing or mis-shaped.
   */
  private wholeStep(t: number | undefined): boolean {
    const tried = t ?? 0;
    // Per step: tried once (a flag by step number; t is at most the step limit).
    if (this.setup.T === undefined) {
      if (this.singleStepTried) return false;
      this.singleStepTried = true;
    } else {
      const flags = (this.stepsTried ??= new Uint8Array(this.setup.T + 1));
      if (tried >= flags.length || flags[tried]) return false;
      flags[tried] = 1;
    }
    if ((this.givenSteps ??= this.stepsWithGivens()).has(tried)) return false;
    const kind = this.setup.kind;
    const forms = (this.allForms ??= this.formsOfEveryGate());
    if (!forms) return false;
    const k = stepKeys(t);
    const io = this.inputs(k.h, t);
    if (!io) return false;
    const H = this.H!;
    const values = this.values;
    if (kind === 'lstm') {
      const cPrev = this.get(k.cPrev);
      if (!cPrev || M.length(cPrev) !== H) return false;
      const [fForm, iForm, oForm, gForm] = forms;
      const f = this.gateValue(k.f, 'f', 'sigmoid', fForm, io, t); values.set(k.f, f);
      const i = this.gateValue(k.i, 'i', 'sigmoid', iForm, io, t); values.set(k.i, i);
      const g = this.gateValue(k.g, 'c', 'tanh', gForm, io, t); values.set(k.g, g);
      allocate(this.work, H);
      const c = new Float64Array(H);
      lstmCellState(c, [f.data, cPrev.data, i.data, g.data]);
      const cM = M.orient(c, this.layout); values.set(k.c, cM);
      if (this.recording) this.recordElementwise(k.c, t, LSTM_C, () => this.lstmLatex('c', t), [k.f, k.cPrev, k.i, k.g], [f, cPrev, i, g], cM);
      const o = this.gateValue(k.o, 'o', 'sigmoid', oForm, io, t); values.set(k.o, o);
      allocate(this.work, H);
      const h = new Float64Array(H);
      lstmHidden(h, [o.data, c]);
      const hM = M.orient(h, this.layout); values.set(k.h, hM);
      if (this.recording) this.recordElementwise(k.h, t, LSTM_H, () => this.lstmLatex('h', t), [k.o, k.c], [o, cM], hM);
      return true;
    }
    if (kind === 'gru') {
      const [rForm, zForm, nForm] = forms;
      const z = this.gateValue(k.z, 'z', 'sigmoid', zForm, io, t); values.set(k.z, z);
      const r = this.gateValue(k.r, 'r', 'sigmoid', rForm, io, t); values.set(k.r, r);
      const n = this.candidateValue(k.n, nForm, io, r, t); values.set(k.n, n);
      allocate(this.work, H);
      const h = new Float64Array(H);
      const write = this.setup.options.z === 'write';
      (write ? gruHiddenWrite : gruHiddenKeep)(h, [z.data, io.h.data, n.data]);
      const hM = M.orient(h, this.layout); values.set(k.h, hM);
      if (this.recording) this.recordElementwise(k.h, t, write ? GRU_H_WRITE : GRU_H_KEEP, () => this.gruLatex(t), [k.z, k.hPrev, k.n], [z, io.h, n], hM);
      return true;
    }
    const a = this.gateValue(k.a, 'a', 'identity', forms[0], io, t); values.set(k.a, a);
    values.set(k.h, this.rnnOutput(k.h, k.a, a, t));
    return true;
  }

  /** The forms of every gate of the cell, or null when one cannot be built (then no step is whole). */
  private formsOfEveryGate(): AffineForm[] | null {
    const cell = this.setup.cell;
    if (cell?.allForms) return cell.allForms;
    const forms: AffineForm[] = [];
    for (const k of GATES[this.setup.kind]) {
      const f = this.form(k);
      if (!f) return null;
      forms.push(f);
    }
    // Read from the cell's own forms: a solve's forms carry the zero biases it assumed.
    const biased = (k: string) => { const f = cell?.forms.get(k); return f !== undefined && !('code' in f) && f.bx !== undefined; };
    if (cell && (!this.setup.options.bias || GATES[this.setup.kind].every(biased))) cell.allForms = forms;
    return forms;
  }

  /** Steps (t, or 0 for a single step) for which the block gives or overrides a cell quantity. */
  private stepsWithGivens(): ReadonlySet<number> {
    const cell = this.setup.cell;
    if (cell?.givenSteps) return cell.givenSteps;
    const out = new Set<number>();
    const bases = CELL_BASES[this.setup.kind];
    const note = (key: string) => {
      const { base, t } = splitKey(key);
      if (key === 'h_prev' || key === 'c_prev' || base === 'y') return;
      if (bases.includes(base)) out.add(t ?? 0);
    };
    for (const key of this.setup.givens.keys()) note(key);
    if (this.setup.overrides) for (const key of this.setup.overrides.keys()) note(key);
    if (cell) cell.givenSteps = out; // a cell is only shared by solves without overrides
    return out;
  }

  private recordGateStep(key: string, k: string, act: string, form: AffineForm, io: { x: Matrix; h: Matrix }, pre: Float64Array,
    result: Matrix, t: number | undefined, hSymbol?: { name: string; latex: string; value: Matrix }): void {
    const xKey = at('x', t), hKey = prevKey('h', t);
    const row = this.layout === 'row';
    const xOp = this.operand(xKey, io.x);
    const hOp = hSymbol ?? this.operand(hKey, io.h);
    const ops: StepOperand[] = [];
    const parts: string[] = [];
    const texts: string[] = [];
    const shapes: string[] = [];
    const prod = (W: { name: string; latex: string; value: Matrix }, v: StepOperand) => {
      ops.push({ name: W.name, latex: W.latex, value: W.value }, v);
      const trans = form.form === 'keras' || (row && form.form !== 'torch');
      parts.push(trans ? `\\operand{${v.name}}\\,\\operand{${W.name}}` : `\\operand{${W.name}}\\,\\operand{${v.name}}`);
      texts.push(trans ? `${label(v.name)}·${W.name}` : `${W.name}·${label(v.name)}`);
      shapes.push(trans ? `(${M.shapeText(v.value)})·(${M.shapeText(W.value)})` : `(${M.shapeText(W.value)})·(${M.shapeText(v.value)})`);
    };
    const bias = (b: { name: string; latex: string; value: Matrix } | undefined) => {
      if (!b) return;
      ops.push({ name: b.name, latex: b.latex, value: b.value });
      parts.push(`\\operand{${b.name}}`);
      texts.push(b.name);
      shapes.push(`(${M.shapeText(b.value)})`);
    };
    if (form.display.W) {
      const hFirst = this.setup.options.concat === 'hx';
      const pieces = hFirst ? [hOp, xOp] : [xOp, hOp];
      const vData = M.concatData(pieces.map((p) => p.value.data));
      const vName = row ? `[${pieces.map((p) => label(p.name)).join(', ')}]` : `[${pieces.map((p) => label(p.name)).join('; ')}]`;
      const vLatex = `\\begin{bmatrix} ${pieces.map((p) => p.latex).join(row ? ' & ' : ' \\\\ ')} \\end{bmatrix}`;
      prod(form.display.W, { name: vName, latex: vLatex, value: M.orient(vData, this.layout) });
      bias(form.bx);
    } else if (this.setup.kind === 'rnn') {
      // As lectures write it: a = W_h·h_prev + W_x·x + b.
      prod(form.display.Wh!, hOp);
      prod(form.display.Wx!, xOp);
      bias(form.bx);
      bias(form.bh);
    } else {
      // PyTorch's documented order pairs each product with its bias; d2l and Keras add one bias last.
      prod(form.display.Wx!, xOp);
      if (form.form === 'torch') bias(form.bx);
      prod(form.display.Wh!, hOp);
      if (form.form !== 'torch') bias(form.bx);
      bias(form.bh);
    }
    if (form.display.W) bias(form.bh);
    const fn = act === 'sigmoid' ? '\\sigma' : act === 'identity' ? '' : `\\${act}`;
    const fnText = act === 'sigmoid' ? 'σ' : act === 'identity' ? '' : act;
    const inner = parts.join(' + ');
    const { base } = splitKey(key);
    this.recordStep(key, `${base} = ${fnText ? `${fnText}(${texts.join(' + ')})` : texts.join(' + ')}`,
      fn ? `${fn}\\left(${inner}\\right)` : inner, ops, `${shapes.join(' + ')} = ${M.shapeText(result)}`, result,
      fn ? { latex: inner, value: M.orient(pre, this.layout) } : undefined, t);
    void k;
  }

  operand(key: string, value: Matrix): StepOperand {
    return { name: key, latex: nameLatex(key), value };
  }

  recordStep(key: string, text: string, latex: string, operands: StepOperand[], shapes: string, result: Matrix,
    pre: { latex: string; value: Matrix } | undefined, t: number | undefined): void {
    if (!this.recording) return;
    (this.#stepOf ??= new Map()).set(key, this.steps.length);
    this.origins.set(key, 'computed');
    const range = this.setup.stepRanges?.get(key);
    this.steps.push(range
      ? { target: key, text, latex, operands, preActivation: pre, shapes, result, time: t, range }
      : { target: key, text, latex, operands, preActivation: pre, shapes, result, time: t });
  }

  private elementwiseStep(key: string, t: number | undefined, text: string, latex: () => string, names: string[],
    combine: Update): Matrix | undefined {
    const vals: Matrix[] = [];
    for (const n of names) {
      const v = this.get(n);
      if (!v) { this.noteMissing(key, n); }
      else vals.push(v);
    }
    if (vals.length !== names.length) return undefined;
    const len = M.length(vals[0]);
    for (let j = 1; j < vals.length; j++) {
      if (M.length(vals[j]) !== len) {
        const r = this.rangeOf(names[j]) ?? this.rangeOf(names[0]) ?? this.firstGivenRange();
        if (r) this.report('error', 'shape', r, `shape: ${nameLabel(names[j])} has ${M.length(vals[j])} entries but ${nameLabel(names[0])} has ${len}; they combine elementwise in ${text}`);
        return undefined;
      }
    }
    allocate(this.work, len);
    const data = new Float64Array(len);
    combine(data, vals.map((v) => v.data));
    const result = M.orient(data, this.layout);
    this.recordElementwise(key, t, text, latex, names, vals, result);
    return result;
  }

  private recordElementwise(key: string, t: number | undefined, text: string, latex: () => string, names: readonly string[],
    vals: readonly Matrix[], result: Matrix): void {
    if (!this.recording) return;
    const shape = M.shapeText(result);
    const shapes = shapeTemplate(text).join(`(${shape})`);
    this.recordStep(key, text, latex(), names.map((n, j) => this.operand(n, vals[j])), `${shapes} = ${shape}`, result, undefined, t);
  }

  private lstm(base: string, t: number | undefined): Matrix | undefined {
    const key = at(base, t);
    switch (base) {
      case 'f': case 'i': case 'o': return this.gate(key, base, 'sigmoid', t);
      case 'g': return this.gate(key, 'c', 'tanh', t);
      case 'c':
        return this.elementwiseStep(key, t, LSTM_C, () => this.lstmLatex('c', t), [at('f', t), prevKey('c', t), at('i', t), at('g', t)], lstmCellState);
      case 'h':
        return this.elementwiseStep(key, t, LSTM_H, () => this.lstmLatex('h', t), [at('o', t), at('c', t)], lstmHidden);
    }
    return undefined;
  }

  private lstmLatex(base: 'c' | 'h', t: number | undefined): string {
    return base === 'c'
      ? `${operand(at('f', t))} \\odot ${operand(prevKey('c', t))} + ${operand(at('i', t))} \\odot ${operand(at('g', t))}`
      : `${operand(at('o', t))} \\odot \\tanh\\left(${operand(at('c', t))}\\right)`;
  }

  private gru(base: string, t: number | undefined): Matrix | undefined {
    const key = at(base, t);
    switch (base) {
      case 'r': case 'z': return this.gate(key, base, 'sigmoid', t);
      case 'n': return this.candidate(key, t);
      case 'h': {
        const names = [at('z', t), prevKey('h', t), at('n', t)];
        const write = this.setup.options.z === 'write';
        return this.elementwiseStep(key, t, write ? GRU_H_WRITE : GRU_H_KEEP, () => this.gruLatex(t), names, write ? gruHiddenWrite : gruHiddenKeep);
      }
    }
    return undefined;
  }

  private gruLatex(t: number | undefined): string {
    const z = operand(at('z', t)), hp = operand(prevKey('h', t)), n = operand(at('n', t));
    return this.setup.options.z === 'write'
      ? `(1 - ${z}) \\odot ${hp} + ${z} \\odot ${n}`
      : `${z} \\odot ${hp} + (1 - ${z}) \\odot ${n}`;
  }

  /** GRU candidate: reset before (W·[r⊙h_prev; x]) or after (r⊙(W_hn·h_prev + b_hn)). */
  private candidate(key: string, t: number | undefined): Matrix | undefined {
    const io = this.inputs(key, t);
    // The reset gate first, so that a note on a missing candidate also names what r needs.
    const rKey = at('r', t);
    const r = this.get(rKey);
    if (!r) this.noteMissing(key, rKey);
    const form = this.form('h');
    if (!form) {
      const p = this.forms?.get('h') as FormProblem | undefined;
      for (const m of p?.missing ?? []) this.noteMissing(key, m);
      return undefined;
    }
    if (!io || !r) return undefined;
    if (M.length(r) !== this.H) return undefined;
    return this.candidateValue(key, form, io, r, t);
  }

  private candidateValue(key: string, form: AffineForm, io: { x: Matrix; h: Matrix }, r: Matrix, t: number | undefined): Matrix {
    const H = this.H!;
    const after = this.setup.options.reset === 'after';
    // The weights applied to x and h (multiply-adds), and the pre-activation, r ⊙ h and the result.
    operate(this.work, H * (io.x.data.length + io.h.data.length));
    allocate(this.work, after ? 2 * H : 3 * H);
    const pre = new Float64Array(H);
    const { xPart, hPart } = scratch(H);
    let rh: Float64Array | undefined;
    if (after) {
      applyFormInto(form, io.x.data, io.h.data, xPart, hPart);
      for (let j = 0; j < H; j++) pre[j] = xPart[j] + r.data[j] * hPart[j];
    } else {
      rh = new Float64Array(H);
      for (let j = 0; j < H; j++) rh[j] = r.data[j] * io.h.data[j];
      applyFormInto(form, io.x.data, rh, xPart, hPart);
      for (let j = 0; j < H; j++) pre[j] = xPart[j] + hPart[j];
    }
    const out = new Float64Array(H);
    M.applyInto(out, pre, 'tanh');
    const result = M.orient(out, this.layout);
    if (this.recording) {
      if (!rh) this.recordResetAfterStep(key, form, io, r, pre, result, t);
      else {
        const hKey = prevKey('h', t), rKey = at('r', t);
        this.recordGateStep(key, 'h', 'tanh', form, io, pre, result, t,
          { name: `(r ⊙ ${label(hKey)})`, latex: `(${nameLatex(rKey)} \\odot ${nameLatex(hKey)})`, value: M.orient(rh, this.layout) });
      }
    }
    return result;
  }

  private recordResetAfterStep(key: string, form: AffineForm, io: { x: Matrix; h: Matrix }, r: Matrix, pre: Float64Array, result: Matrix, t: number | undefined): void {
    const xKey = at('x', t), hKey = prevKey('h', t), rKey = at('r', t);
    const row = this.layout === 'row';
    const ops: StepOperand[] = [this.operand(xKey, io.x), this.operand(hKey, io.h), this.operand(rKey, r)];
    const H = this.H!, D = this.D!;
    // Split a concatenated W into its input and recurrent parts for display.
    let Wx = form.display.Wx, Wh = form.display.Wh;
    if (form.display.W) {
      // Split once per form, not at every step: the copies are H·(H + D) elements each.
      let split = splitWeights.get(form);
      if (!split) {
        const W = form.display.W.value;
        const xT = form.terms.find((tt) => tt.input === 'x')!, hT = form.terms.find((tt) => tt.input === 'h')!;
        split = {
          Wx: { name: 'W_xh', latex: 'W_{xh}', value: block(W, xT.rowOff, xT.colOff, row ? D : H, row ? H : D) },
          Wh: { name: 'W_hh', latex: 'W_{hh}', value: block(W, hT.rowOff, hT.colOff, H, H) },
        };
        splitWeights.set(form, split);
      }
      Wx = split.Wx;
      Wh = split.Wh;
    }
    ops.push({ name: Wx!.name, latex: Wx!.latex, value: Wx!.value }, { name: Wh!.name, latex: Wh!.latex, value: Wh!.value });
    const mul = (W: string, v: string) => (row || form.form === 'keras') && form.form !== 'torch' ? `\\operand{${v}}\\,\\operand{${W}}` : `\\operand{${W}}\\,\\operand{${v}}`;
    let xs = mul(Wx!.name, xKey), hs = mul(Wh!.name, hKey);
    if (form.bx) { ops.push({ name: form.bx.name, latex: form.bx.latex, value: form.bx.value }); xs += ` + \\operand{${form.bx.name}}`; }
    if (form.bh) { ops.push({ name: form.bh.name, latex: form.bh.latex, value: form.bh.value }); hs += ` + \\operand{${form.bh.name}}`; }
    const inner = `${xs} + \\operand{${rKey}} \\odot \\left(${hs}\\right)`;
    this.recordStep(key, 'n = tanh(W_xh·x + b_in + r ⊙ (W_hh·h_prev + b_hn))', `\\tanh\\left(${inner}\\right)`, ops,
      `(${M.shapeText(Wx!.value)})·(${M.shapeText(io.x)}) + (${M.shapeText(r)}) ⊙ ((${M.shapeText(Wh!.value)})·(${M.shapeText(io.h)})) = ${M.shapeText(result)}`,
      result, { latex: inner, value: M.orient(pre, this.layout) }, t);
  }

  private rnn(base: string, t: number | undefined): Matrix | undefined {
    const key = at(base, t);
    if (base === 'a') return this.gate(key, 'a', 'identity', t);
    if (base === 'h') {
      const aKey = at('a', t);
      const a = this.get(aKey);
      if (!a) { this.noteMissing(key, aKey); return undefined; }
      return this.rnnOutput(key, aKey, a, t);
    }
    return undefined;
  }

  /** h = act(a), act from the block's `act=` option. */
  private rnnOutput(key: string, aKey: string, a: Matrix, t: number | undefined): Matrix {
    const act = this.setup.options.act;
    allocate(this.work, M.length(a));
    const out = new Float64Array(M.length(a));
    M.applyInto(out, a.data, act);
    const result = M.orient(out, this.layout);
    const fn = act === 'sigmoid' ? '\\sigma' : act === 'relu' ? '\\operatorname{relu}' : '\\tanh';
    this.recordStep(key, `h = ${act === 'sigmoid' ? 'σ' : act}(a)`, `${fn}\\left(\\operand{${aKey}}\\right)`, [this.operand(aKey, a)],
      `${act}(${M.shapeText(a)}) = ${M.shapeText(result)}`, result, undefined, t);
    return result;
  }

  /** y = softmax(W_y·h + b_y), for any kind with an output layer. */
  private output(t: number | undefined): Matrix | undefined {
    const key = at('y', t);
    if (!this.has('W_y')) { this.noteMissing(key, 'W_y'); return undefined; }
    const W = this.get('W_y');
    const hKey = this.setup.T !== undefined && t === undefined ? at('h', this.setup.T) : at('h', t);
    const h = this.get(hKey);
    if (!W || !h) { if (!h) this.noteMissing(key, hKey); return undefined; }
    const row = this.layout === 'row';
    const Hn = M.length(h);
    const V = row ? W.cols : W.rows;
    if ((row ? W.rows : W.cols) !== Hn) {
      this.report('error', 'shape', this.rangeOf('W_y')!, `shape: W_y is ${M.shapeText(W)} but h is ${M.shapeText(h)}: W_y needs ${row ? `${Hn} rows` : `${Hn} columns`}`);
      return undefined;
    }
    operate(this.work, V * Hn);
    allocate(this.work, 2 * V); // the pre-activation and the softmax
    const pre = new Float64Array(V);
    M.accumulate(pre, W, row, 0, 0, h.data);
    const b = this.setup.options.bias && this.has('b_y') ? this.get('b_y') : undefined;
    if (b) {
      if (M.length(b) !== V) {
        this.report('error', 'shape', this.rangeOf('b_y')!, `shape: b_y has ${M.length(b)} entries but W_y gives ${V} outputs`);
        return undefined;
      }
      for (let j = 0; j < V; j++) pre[j] += b.data[j];
    }
    const result = M.orient(pre, this.layout);
    const y = softmax(result);
    const prod = row ? `\\operand{${hKey}}\\,\\operand{W_y}` : `\\operand{W_y}\\,\\operand{${hKey}}`;
    const inner = b ? `${prod} + \\operand{b_y}` : prod;
    const ops = [this.operand('W_y', W), this.operand(hKey, h), ...(b ? [this.operand('b_y', b)] : [])];
    this.recordStep(key, `y = softmax(${row ? 'h·W_y' : 'W_y·h'}${b ? ' + b_y' : ''})`, `\\operatorname{softmax}\\left(${inner}\\right)`, ops,
      `${row ? `(${M.shapeText(h)})·(${M.shapeText(W)})` : `(${M.shapeText(W)})·(${M.shapeText(h)})`}${b ? ` + (${M.shapeText(b)})` : ''} = ${M.shapeText(y)}`,
      y, { latex: inner, value: result }, t);
    return y;
  }

  /** e = the row (E is V×D) or column (E is D×V) of E that the one-hot selects. */
  private embedding(t: number | undefined): Matrix | undefined {
    const key = at('e', t);
    const ohKey = at('onehot', t);
    if (!this.has('E') || !this.has(ohKey)) {
      if (!this.has('E')) this.noteMissing(key, 'E');
      if (!this.has(ohKey)) this.noteMissing(key, ohKey);
      return undefined;
    }
    const E = this.get('E'), oh = this.get(ohKey);
    if (!E || !oh) return undefined;
    const V = M.length(oh);
    const byRow = E.rows === V; // a square E selects a row, as nn.Embedding does
    if (!byRow && E.cols !== V) {
      this.report('error', 'shape', this.rangeOf('E')!, `shape: E is ${M.shapeText(E)} but the one-hot has ${V} entries: E needs ${V} rows (V×D, rows are tokens) or ${V} columns (D×V)`,
        this.rangeOf(ohKey) ? [{ range: this.rangeOf(ohKey)!, message: `${nameLabel(ohKey)} has ${V} entries` }] : []);
      return undefined;
    }
    const D = byRow ? E.cols : E.rows;
    operate(this.work, D * V);
    allocate(this.work, D);
    const out = new Float64Array(D);
    M.accumulate(out, E, byRow, 0, 0, oh.data);
    const result = M.orient(out, this.layout);
    const hot = oneHotIndex(oh.data);
    const what = hot >= 0 ? `${byRow ? 'row' : 'column'} ${hot + 1} of E` : `E${byRow ? 'ᵀ' : ''}·onehot`;
    this.recordStep(key, `e = ${what}`, byRow ? `\\operand{E}^{\\top}\\,\\operand{${ohKey}}` : `\\operand{E}\\,\\operand{${ohKey}}`,
      [this.operand('E', E), this.operand(ohKey, oh)],
      `${byRow ? `(${E.cols}×${E.rows})` : `(${M.shapeText(E)})`}·(${V}×1) = ${M.shapeText(result)}`, result, undefined, t);
    return result;
  }

  /** Biases that were missing and taken as zeros, for one `assumed` note. */
  get assumed(): readonly string[] {
    return this.assumedBiases;
  }
}

/** A concatenated GRU weight split for display into its input and recurrent parts, by form. */
const splitWeights = new WeakMap<AffineForm, { Wx: { name: string; latex: string; value: Matrix }; Wh: { name: string; latex: string; value: Matrix } }>();

/** The rows×cols sub-matrix of W at (rowOff, colOff), as the note would write it. */
function block(W: Matrix, rowOff: number, colOff: number, rows: number, cols: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = W.data[(rowOff + i) * W.cols + colOff + j];
  return { rows, cols, data };
}

function oneHotIndex(d: Float64Array): number {
  let idx = -1;
  for (let k = 0; k < d.length; k++) {
    if (d[k] === 1) { if (idx >= 0) return -1; idx = k; } else if (d[k] !== 0) return -1;
  }
  return idx;
}

function isCycle(e: unknown): e is Cycle {
  return typeof e === 'object' && e !== null && 'chain' in e && Array.isArray((e as Cycle).chain);
}

const splitKeys = new Map<string, { base: string; t?: number }>();

/** `h_3` → { base: 'h', t: 3 }; memoised, as the solver asks for the same keys at every step. */
export function splitKey(key: string): { base: string; t?: number } {
  return remembered(splitKeys, key, splitUncached);
}

function splitUncached(key: string): { base: string; t?: number } {
  const m = /^([a-z]+)_(\d+)$/.exec(key); // (onehot is one of [a-z]+)
  return m ? { base: m[1], t: Number(m[2]) } : { base: key };
}

// Keys of a sequence, made once: the solver asks for `h_3` at every step that reads it, and a
// string that already exists is hashed once and compared by identity in the solver's maps.
const keysAt = new Map<string, string[]>();
const MAX_INTERNED_STEP = 1024;

export function at(base: string, t: number | undefined): string {
  if (t === undefined) return base;
  if (t < 0 || t > MAX_INTERNED_STEP) return `${base}_${t}`;
  let row = keysAt.get(base);
  if (!row) {
    if (keysAt.size >= 256) keysAt.clear();
    row = [];
    keysAt.set(base, row);
  }
  return (row[t] ??= `${base}_${t}`);
}

const prevKeys = new Map<string, string>();

export function prevKey(base: string, t: number | undefined): string {
  if (t !== undefined) return at(base, t - 1);
  let key = prevKeys.get(base);
  if (key === undefined) {
    key = `${base}_prev`;
    if (prevKeys.size < 256) prevKeys.set(base, key);
  }
  return key;
}

interface StepKeys {
  readonly x: string; readonly hPrev: string; readonly cPrev: string; readonly h: string;
  readonly f: string; readonly i: string; readonly g: string; readonly c: string; readonly o: string;
  readonly z: string; readonly r: string; readonly n: string; readonly a: string;
}
const stepKeysAt: StepKeys[] = [];

/** The keys of every quantity of step t (index 0: a single step), made once per t. */
function stepKeys(t: number | undefined): StepKeys {
  const make = (): StepKeys => {
    const k = (b: string) => at(b, t);
    return {
      x: k('x'), hPrev: prevKey('h', t), cPrev: prevKey('c', t), h: k('h'),
      f: k('f'), i: k('i'), g: k('g'), c: k('c'), o: k('o'), z: k('z'), r: k('r'), n: k('n'), a: k('a'),
    };
  };
  if (t !== undefined && (t < 1 || t > MAX_INTERNED_STEP)) return make();
  return (stepKeysAt[t ?? 0] ??= make());
}

const shapeTemplates = new Map<string, string[]>();

/**
 * The shape arithmetic of an elementwise formula, split where each operand's shape goes:
 * `h = o ⊙ tanh(c)` → ['', ' ⊙ tanh', ''], joined with `(2×1)`. Made once per formula.
 */
function shapeTemplate(text: string): string[] {
  let parts = shapeTemplates.get(text);
  if (!parts) {
    // An operand already in parentheses (`tanh(c)`) takes its shape's parentheses.
    parts = text.slice(text.indexOf('=') + 1).trim().replace(/\b(c_prev|h_prev|[a-z])\b/g, '\u0001')
      .replace(/\(\u0001\)/g, '\u0001').split('\u0001');
    shapeTemplates.set(text, parts);
  }
  return parts;
}

function operand(key: string): string {
  return `\\operand{${key}}`;
}

function label(key: string): string {
  return key;
}

export function nameLabel(key: string): string {
  return key;
}
