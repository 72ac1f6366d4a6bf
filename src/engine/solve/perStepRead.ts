// Which givens of a sequence are formulas per step (`y_t = 4 h_t`: solve/perStep.ts), and what the
// block is told about them: a base defined twice, a step given beside its formula, and the
// output layer the formula replaces.
import type { BlockOptions, Range } from '../types';
import type { Expression } from '../expr';
import type { Diag } from '../diagnostics';
import { at } from './keys';
import type { GivenDef, SolveSetup } from './setup';
import { numbered, perStepBase, type PerStepDef } from './perStep';

/** A given as read.ts has it before it is keyed. */
export interface WrittenGiven {
  readonly key: string;
  readonly known: boolean;
  readonly written: string;
  readonly nameRange: Range;
  readonly valueRange: Range;
  readonly range: Range;
  readonly expr: Expression;
}

/**
 * The per-step formulas among `assigns` (removed from it), in a sequence of T steps: a formula,
 * not a value (`y_t = [1]` in a sequence is no definition of every step, and stays a given).
 */
export function takePerStep<A extends WrittenGiven>(assigns: A[], T: number | undefined, diag: Diag): Map<string, PerStepDef> {
  const defs = new Map<string, PerStepDef>();
  if (T === undefined) return defs;
  for (let i = 0; i < assigns.length; i++) {
    const a = assigns[i];
    if (a.expr.literal) continue;
    const base = perStepBase(a.written, a.key, a.known);
    if (base === undefined) continue;
    assigns.splice(i--, 1);
    const prior = defs.get(base);
    if (prior) {
      const above = a.nameRange.start.line - prior.nameRange.start.line;
      const message = `${a.written} is defined twice at every step (first ${above} line${above === 1 ? '' : 's'} above, ${prior.written}); keep one formula`;
      diag('error', 'parse', a.nameRange, message, { related: [{ range: prior.nameRange, message: 'first defined here' }] });
      continue;
    }
    defs.set(base, { base, written: a.written, nameRange: a.nameRange, range: a.range, valueRange: a.valueRange, expr: a.expr });
  }
  return defs;
}

/** A step the block gives and also defines by its formula: the formula stands, the given is dropped. */
export function dropStepGivens(
  defs: ReadonlyMap<string, PerStepDef>,
  givens: Map<string, GivenDef>,
  T: number | undefined,
  diag: Diag,
): void {
  if (T === undefined) return;
  for (const def of defs.values()) {
    for (let t = 1; t <= T; t++) {
      const g = givens.get(at(def.base, t));
      if (!g) continue;
      givens.delete(g.key);
      const message = `${g.written} is given, but ${def.written} = … already defines it at every step t = 1 … ${T}; remove ${g.written}, or check it with ${g.written} ?= …`;
      diag('error', 'parse', g.nameRange, message, { related: [{ range: def.nameRange, message: 'the formula per step' }] });
    }
  }
}

/** Every step's per-step quantities after the cell's outputs of that step, as the solve asks for them. */
export function withPerStepKeys(
  outputKeys: readonly string[],
  defs: ReadonlyMap<string, PerStepDef> | undefined,
  T: number | undefined,
): string[] {
  if (!defs?.size || T === undefined) return [...outputKeys];
  const out: string[] = [];
  const seen = new Set(outputKeys);
  const stepOf = (k: string) => numbered(k)?.t ?? 0;
  let i = 0;
  for (let t = 1; t <= T; t++) {
    while (i < outputKeys.length && stepOf(outputKeys[i]) <= t) out.push(outputKeys[i++]);
    for (const base of defs.keys()) if (!seen.has(at(base, t))) out.push(at(base, t));
  }
  while (i < outputKeys.length) out.push(outputKeys[i++]);
  return out;
}

/** The note's own formula for the output, y's or else the logits': per step, or a single step's formula. */
function outputFormula(
  defs: ReadonlyMap<string, PerStepDef> | undefined,
  givens: ReadonlyMap<string, GivenDef>,
): { readonly of: 'y' | 'logits'; readonly written: string; readonly nameRange: Range } | undefined {
  for (const of of ['y', 'logits'] as const) {
    const g = givens.get(of);
    const def = defs?.get(of) ?? (g && !g.expr.literal && !g.expr.single ? g : undefined);
    if (def) return { of, written: def.written, nameRange: def.nameRange };
  }
  return undefined;
}

/** Whether the note's formula is the output layer, whose parameters are then the weights it is given (params.ts). */
export function formulaOutput(setup: SolveSetup): boolean {
  return outputFormula(setup.perStep, setup.givens) !== undefined;
}

/**
 * The output layer a formula of the note replaces: y's formula (per step, or a single step's)
 * is used in place of out(W_y·h + b_y); a formula for the logits keeps the block's out=.
 */
export function noteOutputFormula(
  options: BlockOptions,
  defs: ReadonlyMap<string, PerStepDef> | undefined,
  givens: ReadonlyMap<string, GivenDef>,
  diag: Diag,
): void {
  const f = outputFormula(defs, givens);
  if (!f) return;
  const explicit = options.explicit.includes('out');
  if (f.of === 'y') {
    const out = explicit ? options.out : 'softmax';
    const layer = out === 'linear' || out === 'none' ? 'W_y·h + b_y' : `${out}(W_y·h + b_y)`;
    const unused = explicit ? `; out=${options.out} does not apply` : '';
    diag(
      'info',
      'assumed',
      f.nameRange,
      `${f.written}'s formula gives the output, so the built-in output layer (y = ${layer}) is not used${unused}`,
    );
    return;
  }
  if (options.out === 'none') return;
  const shown = options.out === 'linear' ? f.written : `${options.out}(${f.written})`;
  const why = explicit ? `out=${options.out}` : 'the default out=softmax; write out=linear or out=sigmoid for another output';
  diag('info', 'assumed', f.nameRange, `${f.written}'s formula gives the logits, and y = ${shown} (${why})`);
}
