// One block in, one immutable BlockAnalysis out: the object every surface renders.
import type {
  AnalysisSettings, Block, BlockAnalysis, BlockDiagnostic, BlockOptions, CellKind, CheckResult, ConventionHint,
  DiagnosticCode, ElementMismatch, Fix, Matrix, Quantity, Range, Severity, Step,
} from './types';
import { Analysis, shapeTable, type ParameterSizes } from './analysis';
import { splitStatements, truncate, type AssignStatement, type CheckStatement } from './parse/statements';
import { parseOptions, setOptionEdit } from './parse/options';
import { isNameSpelling, meaning, resolveName, weightNames } from './parse/names';
import { compileExpression, EvalError, MAX_ELEMENTS, MAX_FORMULA_CHARS, type Expression, type ExprError } from './expr';
import { LimitError, PreparedCell, Solver, splitKey, withSetup, type GivenDef, type SolveSetup } from './solve';
import { compare, formatMatrix, formatNumber, NO_MISMATCHES, passes } from './compare';
import { GATES } from './cells/forms';
import * as M from './matrix';
import { budget, evaluation, MAX_WORK, operate, safetyNet, Work, WorkLimitError } from './budget';
import { remembered } from './memo';
import { indexStatements } from './statementIndex';

/**
 * The wall clock per block (SPEC §10): only the last safety net, far above what the counted limits
 * (budget.ts, MAX_STATEMENTS) allow. The limit a block meets is counted, so the same on every
 * machine; this is reached only if a counted limit is missing somewhere.
 */
export const TIME_LIMIT_MS = 1000;
export const MAX_STEPS = 1000;
/**
 * Statements per block. A lecture block has tens, an unrolled T = 1,000 sequence about 2,000
 * (an input and a check per step): 5,000 leaves room for both. The worst block it allows, 5,000
 * one-line statements, took 135–300 ms of CPU on the 2-core machine this was chosen on, under
 * load (the first, cold analysis in a process is the slowest; see test/unit/engine/workLimits.test.ts); without it, a 50,000-statement chain ran into the wall
 * clock, a verdict that depended on the machine's speed.
 */
export const MAX_STATEMENTS = 5000;
/**
 * All the hints of one block (another convention, error carried forward, given-overrides notes)
 * re-solve it against one shared count: half the elements and multiply-adds of the block's own
 * solve, and as many formula evaluations as a block has statements. A hint the count does not
 * cover is not given, the same on every machine (hints were bounded by 150 ms of clock each
 * before, so the same note gave different messages on different machines).
 */
const HINT_ELEMENTS = MAX_ELEMENTS / 2;
const HINT_WORK = MAX_WORK / 2;
const HINT_EVALUATIONS = MAX_STATEMENTS;

interface CheckDef {
  readonly lhs: Expression;
  readonly rhs: Expression;
  readonly written: string;
  readonly key?: string;       // canonical name when the left side is a single name
  readonly range: Range;
  readonly valueRange: Range;
}

const SIZE_KEYS = new Set(['H', 'D', 'V', 'T', 'E']);
const VECTOR_BASES = new Set(['x', 'h', 'c', 'f', 'i', 'o', 'g', 'r', 'z', 'n', 'a', 'y', 'e', 'onehot', 'h_prev', 'c_prev']);
const OUTPUTS: Record<CellKind, readonly string[]> = { lstm: ['c', 'h'], gru: ['h'], rnn: ['h'] };

export function analyzeBlock(block: Block, settings: AnalysisSettings = {}): BlockAnalysis {
  return analyzeGuarded(block, settings, false, false);
}

/**
 * `record`: whether the solve records the steps; `list`: whether the analysis lists the
 * quantities. Without, the analysis makes them when first read by analysing the block again with
 * `record` or `list` (the same solve, so the same steps and values).
 */
function analyzeGuarded(block: Block, settings: AnalysisSettings, record: boolean, list: boolean): BlockAnalysis {
  const outer = budget.deadline;
  try {
    budget.deadline = Date.now() + safetyNet.ms;
    return analyzeUnsafe(block, settings, record, list);
  } catch (e) {
    // The engine never throws at a surface: the worst case is one diagnostic on the fence.
    const limit = e instanceof LimitError;
    return emptyAnalysis(block, settings, {
      severity: 'error', code: limit ? 'limit' : 'parse', range: block.fenceRange, related: [], fixes: [],
      message: limit
        ? `analysis stopped after ${safetyNet.ms} ms (the per-block time limit); split the block or reduce its sizes`
        : `internal error while analysing this block: ${e instanceof Error ? e.message : String(e)}; please report it`,
    });
  } finally {
    budget.deadline = outer;
  }
}

function emptyAnalysis(block: Block, settings: AnalysisSettings, diag: BlockDiagnostic): BlockAnalysis {
  let options: BlockOptions;
  try {
    options = parseOptions(block, { precision: settings.precision, tol: settings.tolerance }).options;
  } catch {
    // The last line of defence must not throw either: the defaults of SPEC §2.
    options = {
      layout: 'column', layoutInferred: true, reset: 'before', z: 'keep', concat: 'hx', act: 'tanh', bias: true,
      precision: settings.precision ?? 4, tol: settings.tolerance, explicit: [],
    };
  }
  return {
    kind: block.kind, options, range: block.range, fenceRange: block.fenceRange, sizes: {}, shapesOnly: false,
    quantities: [], steps: [], checks: [], diagnostics: [diag], shapes: {}, statements: [],
  };
}

function analyzeUnsafe(block: Block, settings: AnalysisSettings, record: boolean, list: boolean): BlockAnalysis {
  const started = Date.now();
  const deadline = started + safetyNet.ms;
  const kind = block.kind;
  const diagnostics: BlockDiagnostic[] = [];
  const diag = (severity: Severity, code: DiagnosticCode, range: Range, message: string, extra: Partial<BlockDiagnostic> = {}) =>
    diagnostics.push({ severity, code, range, message, related: [], fixes: [], ...extra });

  const parsed = parseOptions(block, { precision: settings.precision, tol: settings.tolerance });
  for (const p of parsed.problems) diag('warning', 'option', p.range, p.message, p.related ? { related: p.related } : {});
  let options = parsed.options;

  // ── statements ──
  const statements = splitStatements(block.lines);
  const sizes: Record<string, number> = {};
  if (statements.length > MAX_STATEMENTS) {
    // Counted, before anything is compiled: the same verdict on every machine.
    diag('error', 'limit', statements[MAX_STATEMENTS].range,
      `the block has more than ${MAX_STATEMENTS.toLocaleString('en')} statements (the per-block limit); split it into smaller blocks`);
    return stopped();
  }
  const assigns: { key: string; written: string; nameRange: Range; st: AssignStatement; expr: Expression }[] = [];
  const checkStatements: { st: CheckStatement; lhs: Expression; rhs: Expression }[] = [];
  let elements = 0;
  let formulaChars = 0; // see MAX_FORMULA_CHARS
  // Counts a formula's characters (a literal, number or name alone is no formula); false when a
  // formula was over the limit, which stops the block.
  const compiled = (e: Expression | ExprError, text: string): e is Expression => {
    if ('code' in e) {
      diag('error', e.code, e.range, e.message);
      return false;
    }
    // The statement's whole text (literals inside a formula too): a function of the text alone,
    // so the verdict does not depend on which formulas an earlier block left compiled.
    if (!e.literal && !e.single) formulaChars += text.length;
    return true;
  };
  let counted = 0;
  for (const st of statements) {
    // The clock every 16 statements: one statement is bounded by its own limits (elements, depth).
    if ((++counted & 15) === 0 && Date.now() > deadline) throw new LimitError('time');
    if (st.type === 'invalid') { diag('error', 'parse', st.range, st.message); continue; }
    const rhs = compileExpression(st.rhs, kind, MAX_FORMULA_CHARS - formulaChars);
    if (!compiled(rhs, st.rhs.text)) { if ((rhs as ExprError).blockLimit) return stopped(); continue; }
    // The elements written as literals count against the block's limit with everything it computes.
    elements += rhs.elements;
    if (elements > MAX_ELEMENTS) {
      const e = new WorkLimitError('elements', new Work(MAX_ELEMENTS, MAX_WORK)).locate(`reading ${truncate(st.type === 'assign' ? st.lhs.text.trim() : 'this statement')}`, st.range);
      diag('error', 'limit', st.range, e.describe());
      return stopped();
    }
    if (st.type === 'assign') {
      const written = st.lhs.text.trim();
      const nameRange = st.lhs.whole();
      if (!isName(written)) {
        diag('error', 'parse', nameRange, `\`${truncate(written)}\` is not a name; a given is \`NAME = value\` (use \`?=\` to check an expression)`);
        continue;
      }
      const resolved = resolveName(written, kind);
      // Sizes: bare capitals with a whole number (E only when it is a number, else the embedding).
      if (SIZE_KEYS.has(resolved.key) && rhs.literal && M.isScalar(rhs.literal.value)) {
        const n = rhs.literal.value.data[0];
        if (!Number.isInteger(n) || n < 1) {
          diag('error', 'shape', st.rhs.whole(), `${resolved.key} is a size and must be a whole number ≥ 1, not ${formatNumber(n)}`);
        } else if (n > MAX_ELEMENTS || (resolved.key === 'T' && n > MAX_STEPS)) {
          diag('error', 'limit', st.rhs.whole(), resolved.key === 'T'
            ? `T = ${n} is over the limit of ${MAX_STEPS} steps` : `${resolved.key} = ${n} is over the ${MAX_ELEMENTS.toLocaleString('en')} element limit`);
        } else sizes[resolved.key === 'E' ? 'E' : resolved.key] = n;
        continue;
      }
      if (!resolved.known && /^[WUb]_/.test(resolved.key)) {
        diag('warning', 'unknown-name', nameRange,
          `${written} is not a weight of ${article(kind)} ${kind.toUpperCase()} block, so the cell does not use it; ${kind.toUpperCase()} weights are ${weightNames(kind).filter((n) => !n.startsWith('b')).slice(0, 8).join(', ')}, …`);
      }
      // Written as its canonical name (most are): the shared key, not this statement's copy, is
      // what the quantity keeps.
      assigns.push({ key: resolved.key, written: written === resolved.key ? resolved.key : written, nameRange, st, expr: rhs });
    } else {
      const lhs = compileExpression(st.lhs, kind, MAX_FORMULA_CHARS - formulaChars);
      if (!compiled(lhs, st.lhs.text)) { if ((lhs as ExprError).blockLimit) return stopped(); continue; }
      elements += lhs.elements;
      if (elements > MAX_ELEMENTS) {
        const e = new WorkLimitError('elements', new Work(MAX_ELEMENTS, MAX_WORK)).locate(`reading the check of ${truncate(st.lhs.text.trim())}`, st.range);
        diag('error', 'limit', st.range, e.describe());
        return stopped();
      }
      checkStatements.push({ st, lhs, rhs });
    }
  }

  const indexed = indexStatements(statements, kind, { givens: assigns, checks: checkStatements });

  // ── sequence or single step ──
  let T: number | undefined;
  for (const a of assigns) {
    const { base, t } = splitKey(a.key);
    if ((base === 'x' || base === 'onehot' || base === 'e') && t !== undefined && t >= 1) T = Math.max(T ?? 0, t);
  }
  if (T !== undefined && T > MAX_STEPS) {
    diag('error', 'limit', block.fenceRange, `the block unrolls ${T} steps, over the limit of ${MAX_STEPS}`);
    return stopped();
  }
  const canon = (key: string): string => canonicalKey(kind, key, T);

  const givens = new Map<string, GivenDef>();
  for (const a of assigns) {
    const key = canon(a.key);
    const prior = givens.get(key);
    if (prior) {
      // Lines relative to this one: the message stays true when a cached analysis moves.
      const above = a.nameRange.start.line - prior.nameRange.start.line;
      diag('error', 'parse', a.nameRange, `${a.written} is given twice (first ${above} line${above === 1 ? '' : 's'} above); keep one, or use ?= to check it`, {
        related: [{ range: prior.nameRange, message: 'first given here' }],
      });
      continue;
    }
    const { base } = splitKey(key);
    givens.set(key, new Given(key, a.written, a.nameRange, a.st, a.expr, VECTOR_BASES.has(base) || !isWeightName(key)));
  }
  if (T !== undefined) {
    const absent: number[] = [];
    for (let t = 1; t <= T; t++) {
      if (!givens.has(`x_${t}`) && !givens.has(`onehot_${t}`) && !givens.has(`e_${t}`)) absent.push(t);
    }
    if (absent.length > 3) {
      // One note for many gaps (`x_1000 = …` alone would otherwise give 999 of them).
      diag('error', 'missing', block.fenceRange,
        `the sequence gives x_${T} but not ${absent.length} of the inputs before it (x_${absent[0]}, x_${absent[1]}, … x_${absent[absent.length - 1]}); give every x_t from x_1 to x_${T}, or number the inputs from 1`);
    } else {
      for (const t of absent) {
        diag('error', 'missing', block.fenceRange, `the sequence gives x_1 … x_${T} but not x_${t}; give x_${t} (every step needs an input)`);
      }
    }
  }

  const checks: CheckDef[] = checkStatements.map(({ st, lhs, rhs }) => {
    const written = st.lhs.text.trim();
    const range = st.range;
    return {
      lhs, rhs, written: lhs.single?.resolved.key === written ? lhs.single.resolved.key : written,
      key: lhs.single ? canon(lhs.single.resolved.key) : undefined,
      range, valueRange: sharingEnd(st.rhs.whole(), range),
    };
  });

  // ── layout ──
  if (options.layoutInferred) {
    const inferred = inferLayout(kind, givens, canon, T);
    if (inferred === 'row') {
      options = { ...options, layout: 'row' };
      diag('info', 'option', block.infoRange.start.character < block.infoRange.end.character ? block.infoRange : block.fenceRange,
        'layout inferred as row (v·W) from the weight shapes: only that layout fits', {
          fixes: [{ title: 'Add layout=row to the block', kind: 'set-option', edits: [setOptionEdit(block, 'layout', 'row')] }],
        });
    }
  }
  if (kind === 'gru' && !options.explicit.includes('reset')) {
    const packedAfter = givens.has('weight_ih') || (givens.get('bias')?.expr.literal?.value.rows === 2);
    if (packedAfter) options = { ...options, reset: 'after' };
  }

  // The hints' re-solves share one count (see HINT_WORK); the block's own solve has its own.
  const hintWork = new Work(HINT_ELEMENTS, HINT_WORK, 0, HINT_EVALUATIONS);
  const readDiagnostics = diagnostics.length;
  try {
    // A computed step points at the statement that checks it, so surfaces can jump to it.
    const stepRanges = new Map<string, Range>();
    for (const c of checks) if (c.key && !stepRanges.has(c.key)) stepRanges.set(c.key, c.range);
    // The solve counts its work from the elements the block's literals hold (budget.ts).
    const setup: SolveSetup = {
      kind, options, order: parsed.order, givens, sizes, T, deadline, canon, stepRanges, record, cell: new PreparedCell(),
      work: new Work(MAX_ELEMENTS, MAX_WORK, elements),
    };
    const solver = new Solver(setup);
    const shapesOnly = givens.size === 0 && checks.length === 0 && Object.keys(sizes).length > 0;
    const outputKeys = shapesOnly ? [] : outputsOf(kind, T, givens);
    solveBlock(solver, outputKeys, []); // its checks are read below, in the same order
    const alternatives = new AlternativeSolvers(setup, solver, hintWork);
    // The solve that recorded the steps: this one, or (made when a failing check points at its
    // step's operands) the same solve again from the literal givens it read, recording them. It
    // counts its work afresh, from the same start: it does what this solve did, so it meets the
    // same limits (none, as this one got here).
    let recording: Solver | undefined = record ? solver : undefined;
    const recorded = (): Solver => (recording ??= solveBlock(new Solver(withSetup(alternatives.setup, { record: true, work: new Work(MAX_ELEMENTS, MAX_WORK, elements) })), outputKeys, checks));
    const checkResults: CheckResult[] = [];
    for (const c of checks) {
      if ((++counted & 15) === 0 && Date.now() > deadline) throw new LimitError('time');
      checkResults.push(runCheck(c, checks, solver, recorded, setup, alternatives, block, diag));
    }

    // ── notes: givens that the weights could compute, assumed zeros, what is missing ──
    let quiet: Solver | undefined; // made only when a given is one the cell could compute
    // Keys, not entries: an entry is a fresh array per given, and most givens stop at the first test.
    for (const key of givens.keys()) {
      if (!solver.isDerivable(key) || key === 'x' || splitKey(key).base === 'x' || !solver.couldDerive(key)) continue;
      const g = givens.get(key)!;
      let derived: Matrix | undefined;
      try {
        if (!quiet) {
          quiet = new Solver(withSetup(alternatives.setup, { quiet: true }));
          quiet.inferSizes();
        }
        derived = quiet.deriveIgnoringGiven(key);
      } catch (e) {
        // A note is best effort: past the hints' count it is not given.
        if (!(e instanceof WorkLimitError && e.work === hintWork)) throw e;
        break;
      }
      if (derived) {
        diag('info', 'given-overrides', g.nameRange,
          `${g.written} is given, and the weights give ${formatMatrix(M.orientLike(derived, options.layout), options.precision)}; the given value is used`);
      }
    }
    const assumed: string[] = [];
    for (const key of [T ? 'h_0' : 'h_prev', ...(kind === 'lstm' ? [T ? 'c_0' : 'c_prev'] : [])]) {
      if (solver.origins.get(key) === 'default') assumed.push(key);
    }
    if (assumed.length) {
      diag('info', 'assumed', block.fenceRange, `${assumed.join(' and ')} not given: taken as zeros (${solver.H}×1 in column layout)`.replace(`(${solver.H}×1 in column layout)`, options.layout === 'row' ? `(1×${solver.H})` : `(${solver.H}×1)`));
    }
    if (solver.assumed.length) {
      diag('info', 'assumed', block.fenceRange, `${unique(solver.assumed).join(', ')} not given: taken as zero (write bias=false to leave biases out of the model)`);
    }
    let usesCell = false;
    for (const k of givens.keys()) if (resolveName(k, kind).known || solver.isDerivable(k)) { usesCell = true; break; }
    if (usesCell && !shapesOnly) {
      let noted: Set<string> | undefined;
      for (const key of outputKeys) {
        if (solver.values.has(key)) continue;
        // In a sequence, one note per quantity: the first step that cannot be computed.
        const { base: outBase } = splitKey(key);
        if (noted?.has(outBase)) continue;
        (noted ??= new Set()).add(outBase);
        const need = [...(solver.missing.get(key) ?? [])].filter((n) => n !== key);
        diag('info', 'missing', block.fenceRange, `${key} is not computed: ${need.length ? `give ${need.join(', ')}` : 'its inputs are missing'}${need.length && !givens.has(key) ? ` (or give ${key} itself)` : ''}`);
      }
    }
    for (const d of solver.diagnostics) diagnostics.push(d);

    // ── results ──
    const H = solver.H ?? sizes.H, D = solver.D ?? sizes.D ?? sizes.E;
    const parameterSizes: ParameterSizes = {
      kind, layout: options.layout, bias: options.bias, H, D, V: sizes.V ?? vocabulary(solver),
      embedding: sizes.E !== undefined || givens.has('onehot') || givens.has('E'),
    };
    // The quantities are listed when asked for (and for a block of sizes alone, whose shape table
    // needs them now); otherwise the analysis makes them when first read (the re-analysis that
    // records the steps is read for its steps only).
    const quantities = list || shapesOnly ? listQuantities(kind, givens, solver) : undefined;
    return new Analysis(kind, options, block.range, block.fenceRange, { ...sizes }, shapesOnly, T,
      quantities ?? quantitiesLater(block, settings), recording?.steps ?? stepsLater(block, settings), checkResults,
      sortDiagnostics(diagnostics), parameterSizes,
      shapesOnly ? shapeTable(quantities!, impliedShapes(kind, options, H, D, sizes.V, sizes.T)) : undefined, indexed);
  } catch (e) {
    // A counted limit of the block's own solve: the diagnostics of reading the block, and the limit
    // at the statement whose computation crossed it (the fence when no statement did).
    if (!(e instanceof WorkLimitError) || e.work === hintWork) throw e;
    diagnostics.length = readDiagnostics;
    diag('error', 'limit', e.range ?? block.fenceRange, e.describe());
    return stopped();
  }

  /** An early stop (a limit): what was found so far, and nothing computed. */
  function stopped(): BlockAnalysis {
    return {
      kind, options, range: block.range, fenceRange: block.fenceRange, sizes: { ...sizes }, shapesOnly: false,
      quantities: [], steps: [], checks: [], diagnostics: sortDiagnostics(diagnostics), shapes: {}, statements: [],
    };
  }
}

/**
 * Reads the block's values in the order every solve of it follows, so that a second solve that
 * records the steps records the same ones as the first would have: the sizes, every given, the
 * cell's outputs, then what each check reads.
 */
function solveBlock(solver: Solver, outputKeys: readonly string[], checks: readonly CheckDef[]): Solver {
  solver.inferSizes();
  for (const key of solver.setup.givens.keys()) solver.get(key);
  for (const key of outputKeys) solver.get(key);
  for (const c of checks) evaluateCheck(c, solver);
  return solver;
}

/**
 * Every given, default and computed quantity: givens in the note's order, then what the solve
 * computed in the order it did (the steps' order), then what it assumed.
 */
function listQuantities(kind: CellKind, givens: ReadonlyMap<string, GivenDef>, solver: Solver): Quantity[] {
  const quantities: Quantity[] = [];
  const push = (key: string) => {
    const value = solver.values.get(key);
    if (!value) return;
    const { base, t } = splitKey(key);
    const g = givens.get(key);
    quantities.push({
      name: key, base, step: t, meaning: meaning(kind, key, base),
      // Givens and defaults are marked as read; whatever the solve derived is computed.
      origin: solver.origins.get(key) ?? 'computed', value,
      range: g?.nameRange, written: g?.written,
    });
  };
  // A given with a value is in solver.values too: the later passes skip the givens.
  for (const key of givens.keys()) push(key);
  for (const key of solver.values.keys()) if (solver.origins.get(key) !== 'default' && !givens.has(key)) push(key);
  for (const key of solver.values.keys()) if (solver.origins.get(key) === 'default' && !givens.has(key)) push(key);
  return quantities;
}

// The lazy parts of an Analysis, made in functions of their own so that what they keep alive is
// only what they name (a closure inside analyzeUnsafe would keep its solver and givens too).
function quantitiesLater(block: Block, settings: AnalysisSettings): () => readonly Quantity[] {
  return () => analyzeGuarded(block, settings, false, true).quantities;
}

function stepsLater(block: Block, settings: AnalysisSettings): () => readonly Step[] {
  return () => analyzeGuarded(block, settings, true, false).steps;
}

const weightNamed = new Map<string, boolean>();
const WEIGHT = /^[WUE]|^(weight|kernel|recurrent)/;

/** Whether a given is a weight (kept as written) rather than a vector oriented by the layout. */
function isWeightName(key: string): boolean {
  return remembered(weightNamed, key, matchesWeight);
}

function matchesWeight(key: string): boolean {
  return WEIGHT.test(key);
}

const nameSpellings = new Map<string, boolean>();

/** Whether the left side of `=` is a name (spaces aside). */
function isName(written: string): boolean {
  return remembered(nameSpellings, written, matchesName);
}

function matchesName(written: string): boolean {
  return isNameSpelling(written); // a linear scanner (parse/names.ts), not a regex that can backtrack
}

/** A given; the range of its value is worked out only for a note that points at it. */
export class Given implements GivenDef {
  constructor(readonly key: string, readonly written: string, readonly nameRange: Range, private readonly statement: AssignStatement,
    readonly expr: Expression, readonly isVectorQuantity: boolean) {}

  get range(): Range { return this.statement.range; }

  get valueRange(): Range { return this.statement.rhs.whole(); }
}

function article(kind: CellKind): string {
  return kind === 'lstm' ? 'an' : 'a';
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function vocabulary(solver: Solver): number | undefined {
  const W = solver.values.get('W_y');
  if (!W) return undefined;
  return solver.layout === 'row' ? W.cols : W.rows;
}

/** In a sequence, h_prev is h_0 and bare results are the last step's; in one step, h_0 is h_prev. */
export function canonicalKey(kind: CellKind, key: string, T: number | undefined): string {
  if (T === undefined) {
    if (key === 'h_0') return 'h_prev';
    if (key === 'c_0' && kind === 'lstm') return 'c_prev';
    return key;
  }
  if (key === 'h_prev') return 'h_0';
  if (key === 'c_prev' && kind === 'lstm') return 'c_0';
  const cellResults: Record<CellKind, string[]> = { lstm: ['f', 'i', 'o', 'g', 'c', 'h', 'y'], gru: ['r', 'z', 'n', 'h', 'y'], rnn: ['a', 'h', 'y'] };
  if (cellResults[kind].includes(key)) return `${key}_${T}`;
  return key;
}

function outputsOf(kind: CellKind, T: number | undefined, givens: ReadonlyMap<string, GivenDef>): string[] {
  const out: string[] = [];
  const wantY = givens.has('W_y');
  const per = (t?: number) => {
    const sfx = t === undefined ? '' : `_${t}`;
    for (const b of OUTPUTS[kind]) out.push(b + sfx);
    if (wantY) out.push('y' + sfx);
  };
  if (T === undefined) per();
  else for (let t = 1; t <= T; t++) per(t);
  return out;
}

function inferLayout(kind: CellKind, givens: ReadonlyMap<string, GivenDef>, canon: (k: string) => string, T: number | undefined): 'row' | 'column' {
  const lit = (k: string): Matrix | undefined => givens.get(canon(k))?.expr.literal?.value;
  const len = (k: string): number | undefined => { const m = lit(k); return m && M.isVector(m) ? M.length(m) : undefined; };
  const D = len(T ? 'x_1' : 'x');
  let H = len('h_prev') ?? len('c_prev');
  for (const k of GATES[kind]) H ??= len(kind === 'rnn' ? 'b' : `b_${k}`);
  if (H === undefined || D === undefined) return 'column';
  let fitsColumn = 0, fitsRow = 0, informative = 0;
  const score = (name: string, rows: number, cols: number) => {
    const m = lit(name);
    if (!m || rows === cols) return;
    informative++;
    if (m.rows === rows && m.cols === cols) fitsColumn++;
    if (m.rows === cols && m.cols === rows) fitsRow++;
  };
  for (const k of GATES[kind]) {
    if (kind === 'rnn') { score('W', H, H + D); score('W_x', H, D); continue; }
    const wiki = givens.has(`U_${k}`);
    score(`W_${k}`, H, wiki ? D : H + D);
    score(`W_x${k}`, H, D);
  }
  return informative > 0 && fitsRow === informative && fitsColumn < informative ? 'row' : 'column';
}

function impliedShapes(kind: CellKind, options: BlockOptions, H?: number, D?: number, V?: number, T?: number): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  const row = options.layout === 'row';
  const vec = (n: number): [number, number] => (row ? [1, n] : [n, 1]);
  if (D !== undefined) { out.x = vec(D); out.e = vec(D); }
  if (V !== undefined) { out.onehot = vec(V); out.y = vec(V); }
  if (H !== undefined) {
    out.h_prev = vec(H);
    out.h = vec(H);
    if (kind === 'lstm') { out.c_prev = vec(H); for (const b of ['f', 'i', 'o', 'g', 'c']) out[b] = vec(H); }
    if (kind === 'gru') for (const b of ['r', 'z', 'n']) out[b] = vec(H);
    if (kind === 'rnn') out.a = vec(H);
  }
  if (H !== undefined && D !== undefined) {
    if (kind === 'rnn') { out.W_x = row ? [D, H] : [H, D]; out.W_h = [H, H]; }
    else for (const k of GATES[kind]) out[`W_${k}`] = row ? [H + D, H] : [H, H + D];
  }
  if (V !== undefined && D !== undefined) out.E = row ? [V, D] : [D, V];
  if (V !== undefined && H !== undefined) out.W_y = row ? [H, V] : [V, H];
  void T;
  return out;
}

/**
 * `r`, with `outer`'s end position when the two end at the same place (a check's value ends where
 * its statement does): one object fewer in every check an analysis keeps.
 */
function sharingEnd(r: Range, outer: Range): Range {
  return r.end.line === outer.end.line && r.end.character === outer.end.character ? { start: r.start, end: outer.end } : r;
}

const NO_DIAGNOSTICS: readonly BlockDiagnostic[] = Object.freeze([]);

function sortDiagnostics(ds: BlockDiagnostic[]): readonly BlockDiagnostic[] {
  if (ds.length === 0) return NO_DIAGNOSTICS;
  return [...ds].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

// ── checks ───────────────────────────────────────────────────────────────────────────────────

interface Evaluated { computed?: Matrix; stated?: Matrix; problem?: { code: DiagnosticCode; message: string; range: Range } }

function evaluateCheck(c: CheckDef, solver: Solver): Evaluated {
  try {
    evaluation(solver.work);
    const out = evaluateCheckSides(c, solver);
    // Comparing reads both sides: counted like any other reading of elements.
    if (out.computed && out.stated) operate(solver.work, out.computed.data.length + out.stated.data.length);
    return out;
  } catch (e) {
    // A check's own expression (or the comparison) crossed a counted limit: this check is where.
    if (e instanceof WorkLimitError) e.locate(`checking ${truncate(c.written)}`, c.range);
    throw e;
  }
}

function evaluateCheckSides(c: CheckDef, solver: Solver): Evaluated {
  const env = { get: (k: string) => solver.get(solver.setup.canon(k)), work: solver.work };
  const out: Evaluated = {};
  try {
    if (c.key) {
      out.computed = solver.get(c.key);
      if (!out.computed) {
        const known = solver.has(c.key) || solver.isDerivable(c.key);
        const need = [...(solver.missing.get(c.key) ?? [])].filter((n) => n !== c.key);
        out.problem = known
          ? { code: 'missing', message: `cannot check ${c.written}: it is not computed${need.length ? ` — give ${need.join(', ')}` : ''}`, range: c.range }
          : { code: 'unknown-name', message: `${truncate(c.written)} is not defined in this block and is not ${article(solver.setup.kind)} ${solver.setup.kind.toUpperCase()} quantity; give it, or correct the name`, range: c.lhs.single!.range };
      }
    } else {
      out.computed = c.lhs.evaluate(env);
    }
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    out.problem = problemOf(e, c, solver);
  }
  try {
    out.stated = c.rhs.evaluate(env);
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    out.problem ??= problemOf(e, c, solver);
  }
  return out;
}

function problemOf(e: EvalError, c: CheckDef, solver: Solver): Evaluated['problem'] {
  if (e.code === 'missing') {
    const k = e.missing[0];
    const known = solver.has(k) || solver.isDerivable(k);
    return known
      ? { code: 'missing', message: `cannot check ${c.written}: ${k} is not computed${solver.missing.get(k)?.size ? ` — give ${[...solver.missing.get(k)!].join(', ')}` : ''}`, range: e.range }
      : { code: 'unknown-name', message: `${truncate(k)} is not defined in this block; give it (\`${truncate(k)} = …\`) or correct the name`, range: e.range };
  }
  return { code: e.code === 'limit' ? 'limit' : e.code === 'parse' ? 'parse' : e.code === 'numeric' ? 'numeric' : 'shape', message: `${e.message} (in the check of ${c.written})`, range: e.range };
}

function runCheck(c: CheckDef, all: readonly CheckDef[], solver: Solver, recorded: () => Solver, setup: SolveSetup, alternatives: AlternativeSolvers, block: Block,
  diag: (s: Severity, code: DiagnosticCode, r: Range, m: string, extra?: Partial<BlockDiagnostic>) => void): CheckResult {
  const { options } = setup;
  const name = c.key ?? c.written;
  const ev = evaluateCheck(c, solver);
  const literal = c.rhs.literal;
  // Results are written out field by field: spreading a shared base object was the slowest line here.
  const formula = !literal;
  if (ev.problem || !ev.computed || !ev.stated) {
    const p = ev.problem ?? { code: 'missing' as DiagnosticCode, message: `cannot check ${c.written}`, range: c.range };
    diag('error', p.code, p.range, p.message);
    return checkResult(c, name, formula, false, ev.stated, ev.computed, '');
  }
  const computed = M.orientLike(ev.computed, options.layout);
  const stated = literal && M.isVector(ev.stated) ? M.orientLike(ev.stated, options.layout) : ev.stated;
  const cmp = compare(stated, computed, literal, options.tol);
  if (cmp.pass) return checkResult(c, name, formula, true, stated, computed, cmp.tolerance);

  const fixes: Fix[] = [];
  if (literal && !cmp.shapeMismatch) {
    fixes.push({
      title: `Replace with the computed value ${formatMatrix(computed, options.precision)}`,
      kind: 'replace-check',
      edits: [{ range: c.valueRange, newText: formatLike(computed, literal.oneDimensional, options.precision, block, c) }],
    });
  }
  let message: string;
  if (cmp.shapeMismatch) {
    message = `check ${c.written}: the stated value is ${M.shapeText(stated)} but ${c.written} is ${M.shapeText(computed)}`;
  } else {
    message = `check ${c.written}: ${describeMismatches(cmp.mismatches, computed, options.precision)}`;
  }

  // Error carried forward: recompute from the author's own stated values.
  // Another convention under which the stated value holds.
  const convention = cmp.shapeMismatch ? undefined : findConvention(c, alternatives.setup, alternatives, stated, literal);
  let carriedForward: string | undefined;
  let note: string | undefined;
  if (c.key && !cmp.shapeMismatch) {
    const cf = carried(c, all, solver, recorded(), alternatives.setup, stated, literal);
    if (cf?.consistent) { carriedForward = cf.message; message += `; ${cf.message}`; }
    else if (cf && !convention) { note = cf.message; message += `; ${cf.message}`; }
  }
  {
    if (convention) {
      message += `; your ${c.written} matches ${convention.label}`;
      fixes.push({ title: `Set ${convention.option}=${convention.value} for this block`, kind: 'set-option', edits: [setOptionEdit(block, convention.option, convention.value)] });
    }
  }
  const steps = c.key !== undefined ? recorded() : undefined;
  const step = c.key !== undefined ? steps!.stepOf.get(c.key) : undefined;
  const related: { range: Range; message: string }[] = [];
  if (step !== undefined) {
    for (const o of steps!.steps[step].operands) {
      const r = setup.givens.get(o.name)?.nameRange;
      if (r) related.push({ range: r, message: `${o.name} used in ${c.written}` });
    }
  }
  diag('error', 'check', c.valueRange, message, { fixes, related });
  return {
    name, written: c.written, range: c.range, valueRange: c.valueRange, formula, pass: false, stated, computed,
    tolerance: cmp.tolerance, mismatches: cmp.mismatches, carriedForward, note, convention,
  };
}

/** A check without mismatches to describe (it passes, or one side has no value). */
function checkResult(c: CheckDef, name: string, formula: boolean, pass: boolean, stated: Matrix | undefined, computed: Matrix | undefined,
  tolerance: string): CheckResult {
  return { name, written: c.written, range: c.range, valueRange: c.valueRange, formula, pass, stated, computed, tolerance, mismatches: NO_MISMATCHES };
}

function describeMismatches(ms: readonly ElementMismatch[], computed: Matrix, precision: number): string {
  const isVec = M.isVector(computed);
  const parts = ms.slice(0, 4).map((m) => {
    const where = isVec ? `element ${Math.max(m.row, m.col) + 1}` : `element (${m.row + 1}, ${m.col + 1})`;
    const units = Number.isFinite(m.units) ? ` (${m.units < 10 ? m.units.toFixed(1) : Math.round(m.units)} units of the last written digit)` : '';
    return `${where} is ${m.written ?? formatNumber(m.stated, 10)} but computes to ${formatNumber(m.computed, Math.max(precision + 2, 6))}${units}`;
  });
  if (ms.length > 4) parts.push(`and ${ms.length - 4} more`);
  return parts.join(', ');
}

function formatLike(m: Matrix, oneDimensional: boolean, precision: number, block: Block, c: CheckDef): string {
  void block;
  const fmt = (x: number) => String(+x.toFixed(precision));
  // A number stated without brackets (`norm(g) ?= 5`) is replaced by a number.
  if (M.isScalar(m) && !/^\s*[[\\]/.test(c.rhs.source.text)) return fmt(m.data[0]);
  const row = (from: number, to: number, sep: string): string => {
    let out = '';
    for (let k = from; k < to; k++) out += (k > from ? sep : '') + fmt(m.data[k]);
    return out;
  };
  if (M.isVector(m)) return `[${row(0, m.data.length, oneDimensional || m.rows === 1 ? ', ' : '; ')}]`;
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++) rows.push(row(r * m.cols, (r + 1) * m.cols, ' '));
  return `[${rows.join('; ')}]`;
}

function carried(c: CheckDef, all: readonly CheckDef[], solver: Solver, recorded: Solver, setup: SolveSetup, stated: Matrix, literal: Expression['literal']):
  { consistent: boolean; message: string } | undefined {
  const step = recorded.stepOf.get(c.key!);
  if (step === undefined) return undefined;
  const inputs = recorded.steps[step].operands.map((o) => o.name);
  // The author's stated values of this step's inputs (numeric checks on them).
  const overrides = new Map<string, Matrix>();
  const statedInputs: string[] = [];
  const failedInputs: string[] = [];
  for (const r of all) {
    if (!r.key || r.key === c.key || !inputs.includes(r.key) || !r.rhs.literal) continue;
    const v = M.orientLike(r.rhs.literal.value, setup.options.layout);
    overrides.set(r.key, v);
    if (!statedInputs.includes(r.key)) statedInputs.push(r.key);
    const computed = solver.values.get(r.key);
    if (computed && !passes(v, computed, r.rhs.literal, setup.options.tol) && !failedInputs.includes(r.key)) failedInputs.push(r.key);
  }
  if (!statedInputs.length) return undefined;
  let value: Matrix | undefined;
  try {
    const author = new Solver(withSetup(setup, { overrides, quiet: true }));
    author.inferSizes();
    value = author.get(c.key!);
    if (value) operate(author.work, stated.data.length + value.data.length); // the comparison below
  } catch (e) {
    // A hint is best effort: past the hints' count (setup.work, see HINT_WORK) it is not given;
    // the check itself stands.
    if (e instanceof WorkLimitError && e.work === setup.work) return undefined;
    throw e;
  }
  if (!value) return undefined;
  const ok = passes(stated, M.orientLike(value, setup.options.layout), literal, setup.options.tol);
  const list = statedInputs.join(', ');
  if (ok) {
    return failedInputs.length
      ? { consistent: true, message: `${c.written} is right for the ${failedInputs.join(', ')} you wrote; ${failedInputs.join(', ')} is where it goes wrong` }
      : { consistent: true, message: `${c.written} follows from your stated ${list} (the difference is their rounding)` };
  }
  return { consistent: false, message: `it does not follow from your stated ${list} either, so this step is where it goes wrong` };
}

interface Alternative { option: string; value: string; label: string; patch: Partial<BlockOptions>; order?: string }

function alternativesFor(setup: SolveSetup): Alternative[] {
  const { kind, options, givens } = setup;
  const alts: Alternative[] = [];
  if (kind === 'gru') {
    alts.push(options.z === 'keep'
      ? { option: 'z', value: 'write', label: 'the Colah/Chung update (z=write): h = (1 − z) ⊙ h_prev + z ⊙ n', patch: { z: 'write' } }
      : { option: 'z', value: 'keep', label: 'the PyTorch/d2l update (z=keep): h = z ⊙ h_prev + (1 − z) ⊙ n', patch: { z: 'keep' } });
    alts.push(options.reset === 'before'
      ? { option: 'reset', value: 'after', label: "PyTorch's reset-after candidate (reset=after)", patch: { reset: 'after' } }
      : { option: 'reset', value: 'before', label: 'the reset-before candidate (reset=before)', patch: { reset: 'before' } });
  }
  alts.push(options.concat === 'hx'
    ? { option: 'concat', value: 'xh', label: 'v = [x; h_prev] (concat=xh, as TensorFlow)', patch: { concat: 'xh' } }
    : { option: 'concat', value: 'hx', label: 'v = [h_prev; x] (concat=hx)', patch: { concat: 'hx' } });
  // Transposed weights can only fit the other layout when every weight matrix is square.
  const squareWeights = [...givens.values()].every((g) => {
    const m = g.expr.literal?.value;
    return !m || !/^[WU]/.test(g.key) || M.isVector(m) || m.rows === m.cols;
  });
  if (squareWeights) {
    alts.push(options.layout === 'column'
      ? { option: 'layout', value: 'row', label: 'transposed weights, v·W (layout=row)', patch: { layout: 'row' } }
      : { option: 'layout', value: 'column', label: 'weights applied as W·v (layout=column)', patch: { layout: 'column' } });
  }
  if (givens.has('weight_ih') || givens.has('kernel')) {
    const letters = kind === 'lstm' ? ['i', 'f', 'g', 'o'] : kind === 'gru' ? ['r', 'z', 'n'] : [];
    const current = setup.order ?? (givens.has('kernel') ? (kind === 'gru' ? 'zrn' : 'ifgo') : kind === 'gru' ? 'rzn' : 'ifgo');
    for (const p of permutations(letters)) {
      const order = p.join('');
      if (order === current) continue;
      const known = order === 'zrn' ? ' (Keras)' : order === 'rzn' || order === 'ifgo' ? ' (PyTorch)' : '';
      alts.push({ option: 'order', value: order, label: `the packed gate order ${order}${known} (order=${order})`, patch: {}, order });
    }
  }
  return alts;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** The values the block's literal givens read to (the same for every re-solve in its layout). */
function literalGivens(solver: Solver, givens: ReadonlyMap<string, GivenDef>): Map<string, Matrix> {
  const out = new Map<string, Matrix>();
  for (const [key, g] of givens) {
    if (!g.expr.literal) continue;
    const v = solver.values.get(key);
    if (v) out.set(key, v);
  }
  return out;
}

/**
 * The block solved under each other convention, made on first use and shared by all of the
 * block's failing checks (each solver memoises what it computed).
 */
class AlternativeSolvers {
  private readonly solvers = new Map<string, Solver | null>();
  private alternatives?: Alternative[];
  private hintSetup?: SolveSetup;

  constructor(private readonly base: SolveSetup, private readonly solver: Solver, private readonly work: Work) {}

  /**
   * The setup of every hint's re-solve: the block's, starting from its literal givens as the block's
   * solver read them. Made when a hint is first needed (most blocks pass every check).
   */
  get setup(): SolveSetup {
    return (this.hintSetup ??= withSetup(this.base, { known: literalGivens(this.solver, this.base.givens), work: this.work }));
  }

  /** The other conventions, listed when a check first fails. */
  get list(): Alternative[] {
    return (this.alternatives ??= alternativesFor(this.base));
  }

  /** The solver for `alt`, or undefined when the hints' count ran out. */
  get(alt: Alternative): Solver | undefined {
    const key = `${alt.option}=${alt.value}`;
    let s = this.solvers.get(key);
    if (s === undefined) {
      const setup = this.setup;
      const options = { ...setup.options, ...alt.patch };
      // Given vectors are oriented by the layout: another layout reads them again.
      const known = options.layout === setup.options.layout ? setup.known : undefined;
      s = new Solver(withSetup(setup, { options, order: alt.order ?? setup.order, known, quiet: true }));
      try {
        s.inferSizes();
      } catch (e) {
        if (!(e instanceof WorkLimitError && e.work === this.work)) throw e;
        s = null;
      }
      this.solvers.set(key, s);
    }
    return s ?? undefined;
  }
}

function findConvention(c: CheckDef, setup: SolveSetup, alternatives: AlternativeSolvers, stated: Matrix, literal: Expression['literal']): ConventionHint | undefined {
  for (const alt of alternatives.list) {
    try {
      const alternative = alternatives.get(alt);
      if (!alternative) return undefined;
      const ev = evaluateCheck(c, alternative);
      if (!ev.computed || !ev.stated) continue;
      const layout = alternative.layout;
      const s = literal && M.isVector(stated) ? M.orientLike(stated, layout) : stated;
      if (passes(s, M.orientLike(ev.computed, layout), literal, setup.options.tol)) {
        return { option: alt.option, value: alt.value, label: alt.label };
      }
    } catch (e) {
      // Past the hints' count: no hint rather than no analysis.
      if (e instanceof WorkLimitError && e.work === setup.work) return undefined;
      if (e instanceof LimitError) throw e; // the block's safety-net clock: the analysis stops
    }
  }
  return undefined;
}
