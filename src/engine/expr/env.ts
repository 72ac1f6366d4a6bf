// What a compiled formula reads and throws: the block's values, and errors at a place in the note.
import type { Matrix, Range } from '../types';
import type { ResolvedName } from '../parse/names';
import type { Work } from '../budget';

export interface NameUse {
  readonly resolved: ResolvedName;
  readonly written: string;
  readonly range: Range;
}

/** What a compiled expression needs from the block. */
export interface Env {
  get(key: string, use: NameUse): Matrix | undefined;
  /** What the evaluation counts its allocations and multiply-adds against (see budget.ts). */
  readonly work: Work;
  /** grad(of, wrt) by backpropagation through the block (grad/); absent where there is no block to unroll. */
  grad?(of: string, wrt: string, at: Range): Matrix;
}

/** Where a formula's evaluation errors point: the whole formula (its SourceText). */
export interface Site {
  whole(): Range;
}

export class EvalError extends Error {
  constructor(
    readonly code: 'shape' | 'numeric' | 'missing' | 'parse' | 'limit' | 'cycle',
    message: string,
    readonly range: Range,
    readonly missing: readonly string[] = [],
  ) {
    super(message);
  }
}
