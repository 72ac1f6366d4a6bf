// Givens → derived values, like a spreadsheet: every name is computed on demand from the givens
// and the cell's equations (cells/), in whatever order the note wrote them. The solver knows no
// cell: it looks a target's equation up in the table of the block's kind.
import type { BlockDiagnostic, DiagnosticCode, Fix, Matrix, Origin, Range, Severity, Step, StepOperand } from '../types';
import type { Env } from '../expr';
import { gradient } from '../grad/gradient';
import * as M from '../matrix';
import { allocate, MAX_ELEMENTS, MAX_STEPS, MAX_WORK, Work, WorkLimitError } from '../budget';
import { nameLatex } from '../parse/nameLatex';
import { formOf, gateNames, type AffineForm, type FormProblem } from '../cells/forms';
import { CELLS, GATES, LAYERS } from '../cells';
import { applies, isAffine, type Cell, type CellEquation } from '../cells/cell';
import { at, prevKey, splitKey } from './keys';
import { LimitError, type SolveSetup } from './setup';
import { inferSizes } from './sizes';
import { inputs, solveAffine } from './gate';
import { solveElementwise, stepOrder } from './elementwise';
import { batchShaped } from './batch';
import { evaluateGiven } from './given';
import { noteNonFinite } from './nonFinite';
import { evaluatePerStep, perStepAt, perStepGiven, perStepKeys } from './perStep';
import { compositeLatex, Streams, type StreamLink } from './stream';
import { splitTag, streamsOf } from '../streams';

/** How many missing givens a note lists at most. */
const MAX_MISSING = 12;

const PACKED_WEIGHTS = ['weight_ih', 'weight_hh', 'kernel', 'recurrent_kernel'];

/** Thrown when a key is asked for while it is being computed: the keys from it to itself. */
class Cycle {
  constructor(readonly chain: string[]) {}
}

export class Solver {
  readonly values = new Map<string, Matrix>();
  readonly origins = new Map<string, Origin>();
  readonly steps: Step[] = [];
  /**
   * The names the step that computed each quantity read, as that step lists its operands. Every
   * solve keeps them, recording steps or not: a failing check's hints look its step's inputs up.
   */
  readonly reads = new Map<string, readonly string[]>();
  readonly diagnostics: BlockDiagnostic[] = [];
  /** For names that could not be computed: the givens that would make them computable. */
  readonly missing = new Map<string, Set<string>>();
  H?: number;
  D?: number;
  /** The batch size, when the input holds several examples (solve/batch.ts); undefined for one. */
  N?: number;
  readonly layout: 'row' | 'column';
  readonly T?: number;
  readonly cell: Cell;
  /** The cell's equations for the block's options (`z=keep`, `reset=after`, `act=relu`). */
  readonly equations: readonly CellEquation[];
  /** Whether this solve records steps (see SolveSetup.record). */
  readonly recording: boolean;
  /** Each gate's weight form as this solve built it (cells/forms.ts). */
  readonly forms = new Map<string, AffineForm | FormProblem>();
  /** Biases that were missing and taken as zeros, for one `assumed` note. */
  readonly assumed: string[] = [];
  /** The count this solve's allocations and multiply-adds go to (see budget.ts). */
  readonly work: Work;
  private readonly failed = new Set<string>();
  /** The keys being computed, outermost first: one asked for again is a cycle. */
  private readonly visiting: string[] = [];
  private readonly onPath = new Set<string>();
  private readonly reported = new Set<string>();
  /** Steps (t, or 0 for a single step) already tried as a whole (see wholeStep). */
  private readonly stepsTried = new Set<number>();
  private givenSteps?: ReadonlySet<number>;
  private order?: CellEquation[];
  /** The last step whose state unrollTo has asked for. */
  private unrolled = 0;
  private ticks = 0;

  /** The solves of the block's other layers and directions (made when first asked for). */
  private streams?: Streams;

  /** `link`: this solve is a stream of another's block (solve/stream.ts). */
  constructor(
    readonly setup: SolveSetup,
    readonly link?: StreamLink,
  ) {
    this.layout = setup.options.layout;
    this.T = setup.T;
    this.work = setup.work ?? new Work(MAX_ELEMENTS, MAX_WORK);
    this.recording = !setup.quiet && setup.record !== false;
    this.cell = CELLS[setup.kind];
    this.equations = this.cell.equations.filter((eq) => applies(eq, setup.options));
  }

  get options() {
    return this.setup.options;
  }

  /** The equation of `target` under the block's options. */
  equation(target: string): CellEquation | undefined {
    return this.equations.find((eq) => eq.target === target);
  }

  has(key: string): boolean {
    return this.setup.givens.has(key) || (this.setup.overrides?.has(key) ?? false);
  }

  get(key: string): Matrix | undefined {
    return this.valueOf(key) ?? this.resolve(key);
  }

  /** A value this solve has, computed or read from `known`, without computing anything. */
  valueOf(key: string): Matrix | undefined {
    const v = this.values.get(key);
    if (v !== undefined || this.setup.known === undefined || this.setup.overrides?.has(key)) return v;
    return this.setup.known.get(key);
  }

  /** A given's value without noting anything missing (for sizing and weights). */
  peek(key: string): Matrix | undefined {
    return this.has(key) ? this.get(key) : undefined;
  }

  private resolve(key: string): Matrix | undefined {
    if (this.failed.has(key)) return undefined;
    if (++this.ticks % 64 === 0 && Date.now() > this.setup.deadline) throw new LimitError('time');
    if (this.onPath.has(key)) throw new Cycle([...this.visiting.slice(this.visiting.indexOf(key)), key]);
    this.visiting.push(key);
    this.onPath.add(key);
    try {
      const v = this.compute(key);
      if (v) {
        this.values.set(key, v);
        return v;
      }
      this.failed.add(key);
      return undefined;
    } catch (e) {
      if (e instanceof Cycle) {
        // A cycle unwinds to the key it closes on (or to the outermost key), which reports it once.
        if (this.visiting[0] !== key && e.chain[0] !== key) throw e;
        this.reportCycle(e.chain);
        this.failed.add(key);
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
      this.onPath.delete(key);
    }
  }

  private compute(key: string): Matrix | undefined {
    const override = this.setup.overrides?.get(key);
    if (override) {
      this.origins.set(key, 'given');
      return override;
    }
    const given = this.setup.givens.get(key);
    if (given) return evaluateGiven(this, given);
    if (this.link && splitKey(key).base === 'x') return this.link.input(this, key);
    const tagged = this.link ? undefined : splitTag(key);
    if (tagged) return (this.streams ??= new Streams(this, (setup, link) => new Solver(setup, link))).get(key, tagged.tag, tagged.inner);
    const perStep = perStepAt(this, key);
    if (perStep) return evaluatePerStep(this, perStep.def, perStep.t);
    return this.derive(key) ?? this.defaultValue(key);
  }

  /**
   * Every value the streams computed, under the block's keys, so the analysis lists them (and the
   * zero biases they assumed): once the block's checks have read what they read.
   */
  collectStreams(): void {
    this.streams?.collect();
  }

  /** The solves of the block's other layers and directions this solve made. */
  streamSolves(): Iterable<Solver> {
    return this.streams?.solves() ?? [];
  }

  /** A computed vector quantity in the layout's orientation, or of every example in a batch. */
  shaped(data: Float64Array): Matrix {
    return this.N === undefined ? M.orient(data, this.layout) : batchShaped(data, this.N, this.layout);
  }

  report(
    severity: Severity,
    code: DiagnosticCode,
    range: Range,
    message: string,
    related: { range: Range; message: string }[] = [],
    once?: string,
    fixes: readonly Fix[] = [],
  ): void {
    if (this.setup.quiet) return;
    if (this.link) {
      this.link.root.report(severity, code, range, this.link.message(message), related, once && once + this.link.stream.tag, fixes);
      return;
    }
    const key = once ?? `${code}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.diagnostics.push({ severity, code, range, message, related, fixes });
  }

  /** SPEC §7: NaN or ±∞ in a computed value is never silent (solve/nonFinite.ts). */
  noteNonFinite(fence: Range): void {
    noteNonFinite(this, fence);
  }

  /** Whether `key` is part of a cycle this solve has reported. */
  inReportedCycle(key: string): boolean {
    return this.reported.has('cycle:' + key);
  }

  private reportCycle(chain: string[]): void {
    for (const k of chain) this.reported.add('cycle:' + k);
    const [first, ...rest] = chain.flatMap((k) => this.setup.givens.get(k) ?? perStepGiven(this, k) ?? []);
    if (!first) return;
    const related = rest.filter((g) => g !== first).map((g) => ({ range: g.nameRange, message: `${g.written} is part of the cycle` }));
    const message = `cycle: ${chain.join(' → ')}; a value cannot depend on itself — give one of them as numbers`;
    this.report('error', 'cycle', first.nameRange, message, related, 'cycle');
  }

  noteMissing(key: string, need: string): void {
    let set = this.missing.get(key);
    if (!set) this.missing.set(key, (set = new Set()));
    const inner = this.missing.get(need);
    // Bounded: a 1,000-step sequence would otherwise copy ever larger sets (quadratic work).
    for (const n of inner?.size ? inner : [need]) {
      if (set.size >= MAX_MISSING) break;
      set.add(n);
    }
  }

  rangeOf(key: string): Range | undefined {
    return this.setup.givens.get(key)?.nameRange;
  }

  firstGivenRange(): Range | undefined {
    return this.setup.givens.values().next().value?.nameRange;
  }

  /** What a formula of the note reads from this solve: its values, and grad(…) through its steps. */
  env(): Env {
    // A stream's givens are the block's statements: their formulas read the block's names.
    if (this.link) return this.link.root.env();
    const canon = this.setup.canon;
    return {
      get: (k: string) => this.get(canon(k)),
      work: this.work,
      grad: (of: string, wrt: string, range: Range) => gradient(this, canon(of), canon(wrt), range),
    };
  }

  operand(key: string, value: Matrix): StepOperand {
    // The output layer's [→h_t; ←h_t] is one operand of two names.
    return { name: key, latex: key.startsWith('[') ? compositeLatex(key, this.layout === 'row') : nameLatex(key), value };
  }

  /** What the step computing `target` read (its operands' names), under the block's keys. */
  noteReads(target: string, names: readonly string[]): void {
    const link = this.link;
    if (link)
      link.root.noteReads(
        link.outer(target),
        names.map((n) => link.outerName(n)),
      );
    else this.reads.set(target, names);
  }

  /** Records the step that computed a quantity, with its range: the given's, or the check's on it. */
  recordStep(step: Step): void {
    if (!this.recording) return;
    if (this.link) {
      this.origins.set(step.target, 'computed');
      this.link.root.recordStep(this.link.step(step));
      return;
    }
    this.origins.set(step.target, 'computed');
    const range = step.range ?? this.setup.stepRanges?.get(step.target);
    this.steps.push(range === step.range ? step : { ...step, range });
  }

  /** Hidden and input sizes from whatever the block gives, first source wins. */
  inferSizes(): void {
    inferSizes(this);
  }

  isDerivable(key: string): boolean {
    const tagged = this.link ? undefined : splitTag(key);
    if (tagged && !streamsOf(this.options).some((st) => st.tag === tagged.tag)) return false;
    const { base } = splitKey(tagged?.inner ?? key);
    return LAYERS.has(base) || this.equation(base) !== undefined || perStepAt(this, key) !== undefined;
  }

  /**
   * False when `key` is a gate the block gives no weights for, so that deriving it cannot succeed
   * (the weight names are those buildForm reads); true when it might.
   */
  couldDerive(key: string): boolean {
    const eq = this.equation(splitKey(key).base);
    if (!eq || !isAffine(eq)) return true;
    const { W, Wx, Wh, U } = gateNames(this.setup.kind, eq.gate);
    return [W, Wx, Wh, U, ...PACKED_WEIGHTS].some((n) => n !== '' && this.has(n));
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

  private derive(key: string): Matrix | undefined {
    const { base, t } = splitKey(key);
    const T = this.T;
    const layer = LAYERS.get(base);
    // In a sequence a result is numbered (canon maps a bare `h` to h_T); only x and e may be bare.
    if (T !== undefined && t === undefined && this.isDerivable(key) && base !== 'x' && base !== 'e') return undefined;
    if (T !== undefined && t !== undefined && (t < 1 || t > T)) return undefined;
    if (layer) return layer.solve(this, t);
    const eq = this.equation(base);
    if (!eq) return undefined;
    if (t !== undefined && t > 1 && t <= MAX_STEPS) this.unrollTo(t - 1);
    if (this.wholeStep(t)) return this.values.get(key);
    return this.solveEquation(eq, t);
  }

  /**
   * The state of steps 1 … last, step by step: a quantity of step t reads step t − 1's state, so
   * asking for h_866 first would otherwise recurse 866 steps deep, and whether that overflowed the
   * stack depended on how far V8 had optimised the frames. The same values in the same order as
   * the recursion computes them: each step's state first asks for its own previous state.
   */
  private unrollTo(last: number): void {
    for (let k = this.unrolled + 1; k <= last; k++) {
      this.unrolled = k;
      for (const s of this.cell.state) this.get(at(s, k));
    }
  }

  private solveEquation(eq: CellEquation, t: number | undefined): Matrix | undefined {
    return isAffine(eq) ? solveAffine(this, eq, t) : solveElementwise(this, eq, t);
  }

  /**
   * A step whose quantities the block neither gives nor overrides is solved as a whole, once its
   * weights and inputs are all there (then none of its equations can fail): every equation in the
   * order the state equations read them (an LSTM's f, i, g, c, o, h), so its steps come out in
   * that order whichever was asked for. False leaves each quantity to its own derivation, which
   * also explains what is missing.
   */
  private wholeStep(t: number | undefined): boolean {
    const step = t ?? 0;
    if (this.stepsTried.has(step)) return false;
    this.stepsTried.add(step);
    if ((this.givenSteps ??= this.stepsWithGivens()).has(step)) return false;
    for (const k of GATES[this.setup.kind]) if (!formOf(this, k)) return false;
    if (!inputs(this, at('h', t), t)) return false;
    const states = this.cell.state.filter((s) => s !== 'h').map((s) => this.get(prevKey(s, t)));
    if (states.some((v) => !v || M.length(v) !== this.H! * (this.N ?? 1))) return false;
    for (const eq of (this.order ??= stepOrder(this))) this.values.set(at(eq.target, t), this.solveEquation(eq, t)!);
    return true;
  }

  /** Steps (t, or 0 for a single step) for which the block gives or overrides a cell quantity. */
  private stepsWithGivens(): ReadonlySet<number> {
    const keys = [...this.setup.givens.keys(), ...(this.setup.overrides?.keys() ?? []), ...perStepKeys(this.setup)].map(splitKey);
    return new Set(keys.filter(({ base }) => this.equation(base)).map(({ t }) => t ?? 0));
  }

  /** A missing initial state (h_prev, c_prev, h_0, c_0) is zeros. */
  private defaultValue(key: string): Matrix | undefined {
    const initial = this.cell.state.some((s) => key === `${s}_prev` || key === `${s}_0`);
    if (!initial || this.H === undefined) {
      this.noteMissing(key, key);
      return undefined;
    }
    const n = this.H * (this.N ?? 1);
    allocate(this.work, n);
    this.origins.set(key, 'default');
    return this.shaped(M.zeros(n));
  }
}
