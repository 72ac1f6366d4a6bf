// The per-block time budget (SPEC §10), shared by the expression evaluator, the literal scanner
// and the solver so that a pathological block stops with a `limit` diagnostic instead of
// blocking the extension host. analyzeBlock sets the deadline; everything else only reads it.

export const budget = { deadline: Number.POSITIVE_INFINITY };

/** Multiply-adds allowed in one matrix product (a 1000×1000 by 1000×1000 product is 1e9). */
export const MAX_PRODUCT_WORK = 100_000_000;

export function overBudget(): boolean {
  return Date.now() > budget.deadline;
}
