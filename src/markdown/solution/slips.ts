// Where the solution goes wrong in the author's work: the step of each failing check whose stated
// value does not follow from the author's own inputs (a slip; the first of them is "the first
// wrong step"), and the later steps that read a slipped quantity, which the author's work then
// inherits ("uses the wrong i_t"). A check that fails only because it carried an earlier slip
// forward marks its step as inheriting, not as a slip of its own.
import type { AnalysisWithSteps, CheckResult, Step } from '../../engine/types';

export interface StepMark {
  readonly kind: 'first-wrong' | 'wrong' | 'inherits';
  /** The failing check on this step (slips and carried-forward checks). */
  readonly check?: CheckResult;
  /** For `inherits`: the slipped quantity (canonical key) the step reads. */
  readonly uses?: string;
}

/** Canonical keys a step reads: its operands, and the parts of built ones (`[h_prev; x]`). */
function reads(step: Step): string[] {
  return (step.operands ?? []).flatMap((o) => o.name.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []);
}

function checkOf(a: AnalysisWithSteps, step: Step): CheckResult | undefined {
  const failing = a.checks.filter((c) => !c.pass && !c.error);
  return (
    failing.find((c) => step.range && c.range.start.line === step.range.start.line) ??
    failing.find((c) => c.name === step.target && !c.formula) ??
    failing.find((c) => c.name === step.target)
  );
}

/** Each marked step, by its index in `a.steps`. */
export function markSteps(a: AnalysisWithSteps): Map<number, StepMark> {
  const marks = new Map<number, StepMark>();
  if (!a.checks.some((c) => !c.pass && !c.error)) return marks;
  const slipped = new Set<string>();
  let first = true;
  a.steps.forEach((step, index) => {
    const check = checkOf(a, step);
    const uses = reads(step).find((k) => slipped.has(k));
    if (check && !check.carriedForward) {
      marks.set(index, { kind: first ? 'first-wrong' : 'wrong', check });
      first = false;
      slipped.add(step.target);
    } else if (uses) {
      marks.set(index, { kind: 'inherits', check, uses });
      slipped.add(step.target);
    } else if (check) {
      // Carried forward from a slip no recorded step shows (a given the author restated).
      marks.set(index, { kind: first ? 'first-wrong' : 'wrong', check });
      first = false;
      slipped.add(step.target);
    }
  });
  return marks;
}
