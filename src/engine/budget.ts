// The per-block limits (SPEC §10). The engine COUNTS the work a block asks for and stops with a
// `limit` diagnostic before doing work that would pass a limit: the same verdict on every machine.
// The clock (`budget.deadline`, set by analyzeBlock, read by the expression evaluator, the literal
// scanner and the solver) is only the last safety net, far above what the counted limits allow.
//
// Counted (one integer add per kernel call or allocation, never per element):
//   - elements, limit 1,000,000 (SPEC §10, "givens and computed values together"): every matrix
//     element allocated while evaluating the block — its literal givens, every computed value, every
//     intermediate kernel result (`M + M + M` counts both sums), every cell quantity at every step.
//     Freed intermediates are not given back: the simplest honest rule (it bounds the work done, not
//     only the memory kept), and a real block allocates a few thousand elements at most.
//   - operations, limit MAX_WORK: multiply-adds (products, and every gate's weights at every step)
//     and the elements a kernel reads without allocating their number (sum, norm, max, clip, a given
//     that only names another, comparing a check).
//   - statements (analyze.ts, MAX_STATEMENTS) and steps (T ≤ 1,000), where the block is read.
// Recorded steps need no limit of their own: a solve records at most one per statement plus one
// per cell quantity per unrolled step (≤ 9·T), both limited above.

import type { Range } from './types';

export const budget = { deadline: Number.POSITIVE_INFINITY };

/**
 * The per-block wall clock analyzeBlock sets (SPEC §10: 1 s, the last safety net). A test may
 * raise it so that a verdict cannot depend on the clock.
 */
export const safetyNet = { ms: 1000 };

/**
 * The wall clock the safety net reads. A test replaces `now` to make the net fire (a clock a
 * second later at each reading) or never fire, so no verdict it asserts depends on the machine.
 */
export const clock = { now: (): number => Date.now() };

/** Matrix elements one block may allocate, givens and computed values together (SPEC §10). */
export const MAX_ELEMENTS = 1_000_000;

/** Steps a block may unroll (SPEC §10: T ≤ 1,000). */
export const MAX_STEPS = 1000;

/**
 * Cell steps a block may run over all its layers and directions (streams.ts): a stacked block runs
 * T steps in each, so layers=8 bidirectional with T = 1,000 is 16,000, which no count of elements
 * or multiply-adds stops before the clock when H is small (sixteen streams of H = 16 took over the
 * 1 s of the safety net on the 2-core machine this was chosen on, loaded). Twice one layer's 1,000.
 */
export const MAX_CELL_STEPS = 2 * MAX_STEPS;

/**
 * Multiply-adds (and element reads) one solve of a block may do. The largest block of the SPEC's
 * budgets, H = D = 256 with T = 50 unrolled (PyTorch packed weights), does 4·256·512·50 = 26.2e6;
 * 3e7 leaves it room. Measured on the 2-core machine this was chosen on (loaded by other jobs):
 * the slowest kernel per counted operation, a matrix product, runs at 3–8 ns per multiply-add, and a
 * 2.7e7 product with a failing check (the block's solve plus its hints) took 97–122 ms of CPU —
 * see test/unit/engine/workLimits.test.ts.
 */
export const MAX_WORK = 30_000_000;

/**
 * Work counted against one limit: a block's solve (which starts with its literal givens already
 * counted), or all of a block's hints together (see analyze.ts).
 */
export class Work {
  operations = 0;
  /** Formulas evaluated (a given's expression, a check's side): limited for the hints only. */
  evaluations = 0;
  constructor(
    readonly maxElements: number,
    readonly maxOperations: number,
    public elements = 0,
    readonly maxEvaluations = Number.POSITIVE_INFINITY,
  ) {}
}

/** A counted limit was reached: thrown before the work, located by whoever computes the value. */
export class WorkLimitError extends Error {
  /** The statement (or quantity) whose computation crossed the limit, once known. */
  what?: string;
  range?: Range;
  constructor(
    readonly limit: 'elements' | 'operations' | 'evaluations',
    readonly work: Work,
  ) {
    super(`${limit} limit`);
  }

  /** The first (innermost) computation that catches the error names it. */
  locate(what: string, range: Range | undefined): this {
    if (this.what === undefined) {
      this.what = what;
      this.range = range;
    }
    return this;
  }

  /** The diagnostic's message: the statement that crossed the limit and the limit's name. */
  describe(): string {
    const w = this.work;
    const max = { elements: w.maxElements, operations: w.maxOperations, evaluations: w.maxEvaluations }[this.limit];
    return `${this.what ?? 'this block'} would bring the block to more than ${max.toLocaleString('en')} ${COUNTED[this.limit]}`;
  }
}

const COUNTED: Record<WorkLimitError['limit'], string> = {
  elements: 'matrix elements (the per-block limit, givens and computed values together); split the block or use smaller matrices',
  operations: 'multiply-adds (the per-block work limit); split the block or use smaller matrices',
  evaluations: 'formula evaluations (the per-block limit); split the block',
};

/** Counts `n` elements about to be allocated; throws first when they would pass the limit. */
export function allocate(w: Work, n: number): void {
  const total = w.elements + n;
  if (total > w.maxElements) throw new WorkLimitError('elements', w);
  w.elements = total;
}

/** A fresh array of `n` zeros, counted first (throws before allocating when it would pass the limit). */
export function countedZeros(w: Work, n: number): Float64Array {
  allocate(w, n);
  return new Float64Array(n);
}

/** Counts `n` multiply-adds (or element reads) about to be done; throws first when they would pass the limit. */
export function operate(w: Work, n: number): void {
  const total = w.operations + n;
  if (total > w.maxOperations) throw new WorkLimitError('operations', w);
  w.operations = total;
}

/** Counts one formula evaluation; throws first when it would pass the limit. */
export function evaluation(w: Work): void {
  if (w.evaluations + 1 > w.maxEvaluations) throw new WorkLimitError('evaluations', w);
  w.evaluations++;
}

export function overBudget(): boolean {
  return clock.now() > budget.deadline;
}
