// A cell is a table of equations (SPEC §5). Everything that reads a cell — the solver, the step
// recorder, the "what is missing" notes, couldDerive, size inference — reads this table, so a
// new variant is a new entry, not a new code path.
import type { BlockOptions, Matrix } from '../types';
import type { Solver } from '../solve/solver';

export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'identity';

/** Which block options an entry is for (`z=keep`, `reset=after`, `act=relu`); none: always. */
export type When = Partial<Pick<BlockOptions, 'z' | 'reset' | 'act'>>;

/**
 * target = act(W_gate·[h_prev; x] + b_gate), the weights in whichever layout the note wrote
 * (cells/forms.ts). `reset` applies a gate (the GRU's r) to h_prev before the weights
 * (reset=before) or to the recurrent part after them (reset=after).
 */
export interface Affine {
  readonly target: string;
  readonly gate: string;
  readonly act: Activation;
  readonly reset?: { readonly by: string; readonly at: 'before' | 'after' };
  /** Written W_h·h_prev + W_x·x + b (the RNN lecture order) rather than input part first. */
  readonly recurrentFirst?: boolean;
  /** The step's text when it does not follow from the weights (reset=after's fixed formula). */
  readonly text?: string;
  readonly when?: When;
}

/** target = an elementwise formula of other quantities (`f ⊙ c_prev + i ⊙ g`), read by cells/formula.ts. */
export interface Elementwise {
  readonly target: string;
  readonly formula: string;
  readonly when?: When;
}

/** A layer around the cell (e = E·onehot, x = e, y = softmax(W_y h + b_y)), computed by its own function. */
export interface Layer {
  readonly target: string;
  solve(s: Solver, t: number | undefined): Matrix | undefined;
}

export type CellEquation = Affine | Elementwise;

export interface Cell {
  /** The recurrent state, started from zeros when not given (h_0, c_0). */
  readonly state: readonly string[];
  readonly equations: readonly CellEquation[];
}

export function isAffine(eq: CellEquation): eq is Affine {
  return 'gate' in eq;
}

/** Whether an entry is for the block's options. */
export function applies(eq: CellEquation, options: BlockOptions): boolean {
  const w = eq.when;
  return !w || ((w.z ?? options.z) === options.z && (w.reset ?? options.reset) === options.reset && (w.act ?? options.act) === options.act);
}
