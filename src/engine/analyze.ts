// One block in, one BlockAnalysis out, plain data: options → statements → names and sizes →
// layout → solve → checks → notes → analysis. Each stage is a module of its own.
import type { AnalysisSettings, AnalysisWithSteps, Block, BlockAnalysis, BlockOptions, Matrix, Range } from './types';
import { splitStatements } from './parse/statements';
import { parseOptions, setOptionEdit, type ParsedOptions } from './parse/options';
import { MAX_ELEMENTS } from './expr';
import { LimitError, Solver, withSetup, type SolveSetup } from './solve';
import { budget, clock, MAX_WORK, overBudget, safetyNet, Work, WorkLimitError } from './budget';
import { collector, type Diag } from './diagnostics';
import { MAX_STATEMENTS, readBlock } from './read';
import { inferOptions } from './layout';
import { outputsOf } from './keys';
import { streamOutputs } from './streams';
import { noteStreams, overCellSteps } from './streamNotes';
import { runCheck, type CheckContext } from './checks/run';
import { runCountCheck } from './checks/count';
import { conventionFinder } from './checks/hints';
import { reportPlaceholder } from './checks/placeholder';
import { addNotes } from './notes';
import { noteUnusedWeights } from './unused';
import { makeAnalysis, solvedParts } from './analysis';
import { gradientReport } from './grad/report';
import { noteOutputFormula, withPerStepKeys } from './solve/perStepRead';

export function analyzeBlock(block: Block, settings?: AnalysisSettings): BlockAnalysis;
/** With `{ steps: true }` the solve records the solution's steps too. */
export function analyzeBlock(block: Block, settings: AnalysisSettings, want: { steps: true }): AnalysisWithSteps;
export function analyzeBlock(block: Block, settings: AnalysisSettings = {}, want: { steps?: boolean } = {}): BlockAnalysis {
  const steps = want.steps === true;
  const outer = budget.deadline;
  let options: BlockOptions | undefined;
  try {
    budget.deadline = clock.now() + safetyNet.ms;
    const parsed = parseOptions(block, { precision: settings.precision, tol: settings.tolerance });
    options = parsed.options;
    return analyzeUnsafe(block, parsed, steps);
  } catch (e) {
    // The engine never throws at a surface: the worst case is one diagnostic on the fence.
    const { diagnostics, diag } = collector();
    const message =
      e instanceof LimitError
        ? `analysis stopped after ${safetyNet.ms} ms (the per-block time limit); split the block or reduce its sizes`
        : `internal error while analysing this block: ${e instanceof Error ? e.message : String(e)}; please report it`;
    diag('error', e instanceof LimitError ? 'limit' : 'parse', block.fenceRange, message);
    // Options that could not be read are the defaults of SPEC §2.
    options ??= { ...DEFAULTS, precision: settings.precision ?? 4, tol: settings.tolerance, explicit: [] };
    return makeAnalysis(block, options, diagnostics, { sizes: {} }, steps ? [] : undefined);
  } finally {
    budget.deadline = outer;
  }
}

const DEFAULTS = {
  layout: 'column',
  layoutInferred: true,
  reset: 'before',
  z: 'keep',
  concat: 'hx',
  act: 'tanh',
  bias: true,
  out: 'softmax',
  layers: 1,
  bidirectional: false,
} as const;

/** `analysis` of `block` with its steps: the block analysed again, recording them (one explicit call). */
export function withSteps(block: Block, analysis: BlockAnalysis): AnalysisWithSteps {
  if (analysis.steps) return analysis as AnalysisWithSteps;
  // Its options hold the settings it was made with: the precision and tolerance the fence did not set.
  return analyzeBlock(block, { precision: analysis.options.precision, tolerance: analysis.options.tol }, { steps: true });
}

function analyzeUnsafe(block: Block, parsed: ParsedOptions, steps: boolean): BlockAnalysis {
  const { diagnostics, diag } = collector();
  for (const p of parsed.problems) diag('warning', 'option', p.range, p.message, p.related ? { related: p.related } : {});
  const statements = splitStatements(block.lines);
  const read = readBlock(block, statements, diag, parsed.options.names, parsed.options.a);
  const noSteps = steps ? [] : undefined;
  if (read.stopped) return makeAnalysis(block, parsed.options, diagnostics, { sizes: read.sizes }, noSteps);
  const options = inferOptions(block, parsed.options, read, diag);
  if (overCellSteps(block, options, read.T, diag))
    return makeAnalysis(block, options, diagnostics, { sizes: read.sizes, statements: read.statements }, noSteps);
  const weightless = noteStreams(block, options, read.givens, diag);

  // All the hints of the block (another convention, error carried forward, given-overrides notes)
  // re-solve it against one shared count: half the elements and multiply-adds of the block's own
  // solve, and as many formula evaluations as a block has statements. A hint the count does not
  // cover is not given, the same on every machine.
  const hintWork = new Work(MAX_ELEMENTS / 2, MAX_WORK / 2, 0, MAX_STATEMENTS);
  // The solve counts its work from the elements the block's literals hold (budget.ts).
  const work = new Work(MAX_ELEMENTS, MAX_WORK, read.elements);
  const readDiagnostics = diagnostics.length;
  try {
    // A computed step points at the statement that checks it, so surfaces can jump to it.
    const stepRanges = new Map<string, Range>();
    for (const c of [...read.checks, ...read.placeholders]) if (c.key && !stepRanges.has(c.key)) stepRanges.set(c.key, c.range);
    const { givens, perStep, sizes, T, canon } = read;
    const setup: SolveSetup = {
      kind: block.kind,
      options,
      order: parsed.order,
      givens,
      perStep,
      sizes,
      T,
      deadline: budget.deadline,
      canon,
      stepRanges,
      record: steps,
      work,
    };
    const solver = new Solver(setup);
    const shapesOnly = read.givens.size === 0 && read.checks.length === 0 && Object.keys(read.sizes).length > 0;
    const outputKeys = shapesOnly
      ? []
      : withPerStepKeys(
          [...outputsOf(block.kind, read.T, read.givens.has('W_y')), ...streamOutputs(block.kind, read.T, options)],
          perStep,
          T,
        );
    noteOutputFormula(options, perStep, givens, diag);
    solveBlock(solver, outputKeys); // its checks and placeholders are read below
    // Every hint's re-solve starts from the literal givens as this solve read them.
    let hints: SolveSetup | undefined;
    const hintSetup = () => (hints ??= withSetup(setup, { known: literalGivens(solver), work: hintWork }));
    const convention = conventionFinder(hintSetup);
    const ctx: CheckContext = { block, checks: read.checks, solver, hintSetup, convention, diag };
    const checks = read.checks.map((c) => {
      if (overBudget()) throw new LimitError('time');
      return runCheck(c, ctx);
    });
    solver.collectStreams();
    solver.noteNonFinite(block.fenceRange);
    for (const p of read.placeholders) reportPlaceholder(p, solver, diag);
    addNotes(block, options, solver, hintSetup, outputKeys, shapesOnly, diag, weightless);
    for (const s of [solver, ...solver.streamSolves()]) noteUnusedWeights(s, read.checks, diag);
    for (const d of solver.diagnostics) diagnostics.push(d);
    const { vocabularyHead, countWith, ...parts } = solvedParts(solver, options, read.sizes, shapesOnly);
    const gradients = gradientReport(solver);
    // A fence that names its output layer (out=softmax) has chosen the vocabulary head.
    if (vocabularyHead && !options.explicit.includes('out')) headNote(block, diag);
    // A batch's size is read from its input: shown with the sizes the block writes.
    const shown = solver.N === undefined ? read.sizes : { ...read.sizes, N: solver.N };
    const counted = read.counts.map((c) => runCountCheck(block, c, parts.parameters, options, countWith, read.sizes, work, diag));
    const allChecks = counted.length ? [...checks, ...counted].sort((a, b) => a.range.start.line - b.range.start.line) : checks;
    const report = gradients ? { gradients } : {};
    const solved = {
      sizes: shown,
      shapesOnly,
      sequenceLength: read.T,
      checks: allChecks,
      ...parts,
      ...report,
      statements: read.statements,
    };
    return makeAnalysis(block, options, diagnostics, solved, steps ? solver.steps : undefined);
  } catch (e) {
    // A counted limit of the block's own solve: the diagnostics of reading the block, and the limit
    // at the statement whose computation crossed it (the fence when no statement did).
    if (!(e instanceof WorkLimitError) || e.work === hintWork) throw e;
    diagnostics.length = readDiagnostics;
    diag('error', 'limit', e.range ?? block.fenceRange, e.describe());
    return makeAnalysis(block, options, diagnostics, { sizes: read.sizes, statements: read.statements }, noSteps);
  }
}

/** The output layer a count took from V alone: a language model's, as the sizes do not say. */
function headNote(block: Block, diag: Diag): void {
  const message =
    'parameters: the output layer is taken as a Dense of V outputs on h (a language model); give K = … for a classifier of K classes, or write out=none for no output layer';
  diag('info', 'assumed', block.fenceRange, message, {
    fixes: [{ title: 'Add out=none to the block', kind: 'set-option', edits: [setOptionEdit(block, 'out', 'none')] }],
  });
}

/** The sizes, every given, then the cell's outputs: what a block's checks then read is computed from them. */
function solveBlock(solver: Solver, outputKeys: readonly string[]): Solver {
  solver.inferSizes();
  for (const key of solver.setup.givens.keys()) solver.get(key);
  for (const key of outputKeys) solver.get(key);
  return solver;
}

/** The values the block's literal givens read to in `solver` (the same for every re-solve in its layout). */
function literalGivens(solver: Solver): Map<string, Matrix> {
  const out = new Map<string, Matrix>();
  for (const [key, g] of solver.setup.givens) {
    const v = g.expr.literal && solver.values.get(key);
    if (v) out.set(key, v);
  }
  return out;
}
