// The BlockAnalysis the engine hands out. What every surface needs of every block — the checks,
// the diagnostics, the sizes and options — is made by the analysis; the rest is made when first
// read: the quantities and the steps (each by analysing the block again: the same solve, so the
// same values and steps), the parameter count and the table of shapes. A note's analysis
// keeps 1,000 blocks alive, and garbage-collection time grows with every object it keeps, while
// most blocks' quantities and steps are only read when the block is on screen.
import type {
  BlockAnalysis, BlockDiagnostic, BlockOptions, CellKind, CheckResult, IndexedStatement, Matrix, ParameterCount, Quantity, Range, Step,
} from './types';
import { countParameters, type ParamInput } from './params';

export type Shapes = Readonly<Record<string, readonly [number, number]>>;

/** What the parameter count needs besides the given weights' values. */
export type ParameterSizes = Omit<ParamInput, 'value'>;

export class Analysis implements BlockAnalysis {
  #quantities: readonly Quantity[] | undefined;
  #steps: readonly Step[] | undefined;
  // Each made by analysing the block again, on its first read: the quantities by the same solve,
  // the steps by the same solve recording them. Separately, so that a surface reading the given
  // shapes (inline results) does not make every step's text and LaTeX too.
  #makeQuantities: (() => readonly Quantity[]) | undefined;
  #makeSteps: (() => readonly Step[]) | undefined;
  #shapes: Shapes | undefined;
  #parameterSizes: ParameterSizes | undefined;
  #parameters: ParameterCount | undefined;

  constructor(
    readonly kind: CellKind,
    readonly options: BlockOptions,
    readonly range: Range,
    readonly fenceRange: Range,
    readonly sizes: Readonly<Record<string, number>>,
    readonly shapesOnly: boolean,
    readonly sequenceLength: number | undefined,
    quantities: readonly Quantity[] | (() => readonly Quantity[]),
    steps: readonly Step[] | (() => readonly Step[]),
    readonly checks: readonly CheckResult[],
    readonly diagnostics: readonly BlockDiagnostic[],
    parameterSizes: ParameterSizes,
    shapes: Shapes | undefined,
    readonly statements: readonly IndexedStatement[],
  ) {
    if (typeof quantities === 'function') this.#makeQuantities = quantities; else this.#quantities = quantities;
    if (typeof steps === 'function') this.#makeSteps = steps; else this.#steps = steps;
    this.#parameterSizes = parameterSizes;
    this.#shapes = shapes;
  }

  get quantities(): readonly Quantity[] {
    if (this.#quantities === undefined) {
      this.#quantities = this.#makeQuantities!();
      this.#makeQuantities = undefined;
    }
    return this.#quantities;
  }

  get steps(): readonly Step[] {
    if (this.#steps === undefined) {
      this.#steps = this.#makeSteps!();
      this.#makeSteps = undefined;
    }
    return this.#steps;
  }

  get parameters(): ParameterCount | undefined {
    const sizes = this.#parameterSizes;
    if (sizes) {
      const given = new Map<string, Matrix>();
      for (const q of this.quantities) if (q.origin === 'given') given.set(q.name, q.value);
      this.#parameters = countParameters({ ...sizes, value: (n) => given.get(n) });
      this.#parameterSizes = undefined;
    }
    return this.#parameters;
  }

  get shapes(): Shapes {
    return (this.#shapes ??= shapeTable(this.quantities));
  }

  toJSON(): BlockAnalysis {
    return plainAnalysis(this);
  }
}

/** Every quantity's [rows, cols], and the shapes the sizes imply for those without a value. */
export function shapeTable(quantities: readonly Quantity[], implied?: Record<string, readonly [number, number]>): Shapes {
  const shapes: Record<string, readonly [number, number]> = {};
  for (const q of quantities) shapes[q.name] = shapeOf(q.value.rows, q.value.cols);
  if (implied) Object.assign(shapes, implied);
  return shapes;
}

const shapeTuples = new Map<number, readonly [number, number]>();

/** One frozen [rows, cols] per shape, shared by every analysis (a note holds the same few shapes). */
function shapeOf(rows: number, cols: number): readonly [number, number] {
  if (rows > 0xffff || cols > 0xffff) return Object.freeze([rows, cols] as const);
  const key = rows * 0x10000 + cols;
  let t = shapeTuples.get(key);
  if (!t) {
    t = Object.freeze([rows, cols] as const);
    if (shapeTuples.size < 4096) shapeTuples.set(key, t);
  }
  return t;
}

/**
 * The plain object an analysis with getters stands for, fields in BlockAnalysis's order (the CLI,
 * tests and caches compare JSON).
 */
export function plainAnalysis(a: BlockAnalysis): BlockAnalysis {
  return {
    kind: a.kind, options: a.options, range: a.range, fenceRange: a.fenceRange, sizes: a.sizes,
    shapesOnly: a.shapesOnly, sequenceLength: a.sequenceLength, quantities: a.quantities, steps: a.steps,
    checks: a.checks, diagnostics: a.diagnostics, parameters: a.parameters, shapes: a.shapes, statements: a.statements,
  };
}
