// The BlockAnalysis the engine hands out. Three of its parts are made when first read: the steps
// (each formula with its operands, for the step panel, the preview and hovers), the parameter
// count and the table of shapes. A note's analysis keeps 1,000 blocks alive, and their steps were a third of the objects
// it kept (garbage-collection time is most of the cost of keeping them); most blocks' steps are
// never shown.
import type { BlockAnalysis, BlockDiagnostic, BlockOptions, CellKind, CheckResult, ParameterCount, Quantity, Range, Step } from './types';

export type Shapes = Readonly<Record<string, readonly [number, number]>>;

export class Analysis implements BlockAnalysis {
  #steps: readonly Step[] | undefined;
  #makeSteps: (() => readonly Step[]) | undefined;
  #shapes: Shapes | undefined;
  #makeShapes: (() => Shapes) | undefined;
  #parameters: ParameterCount | undefined;
  #makeParameters: (() => ParameterCount | undefined) | undefined;

  constructor(
    readonly kind: CellKind,
    readonly options: BlockOptions,
    readonly range: Range,
    readonly fenceRange: Range,
    readonly sizes: Readonly<Record<string, number>>,
    readonly shapesOnly: boolean,
    readonly sequenceLength: number | undefined,
    readonly quantities: readonly Quantity[],
    steps: readonly Step[] | (() => readonly Step[]),
    readonly checks: readonly CheckResult[],
    readonly diagnostics: readonly BlockDiagnostic[],
    parameters: ParameterCount | undefined | (() => ParameterCount | undefined),
    shapes: Shapes | (() => Shapes),
  ) {
    if (typeof steps === 'function') this.#makeSteps = steps; else this.#steps = steps;
    if (typeof parameters === 'function') this.#makeParameters = parameters; else this.#parameters = parameters;
    if (typeof shapes === 'function') this.#makeShapes = shapes; else this.#shapes = shapes;
  }

  get parameters(): ParameterCount | undefined {
    if (this.#makeParameters) {
      this.#parameters = this.#makeParameters();
      this.#makeParameters = undefined;
    }
    return this.#parameters;
  }

  get steps(): readonly Step[] {
    if (this.#steps === undefined) {
      this.#steps = this.#makeSteps!();
      this.#makeSteps = undefined;
    }
    return this.#steps;
  }

  get shapes(): Shapes {
    if (this.#shapes === undefined) {
      this.#shapes = this.#makeShapes!();
      this.#makeShapes = undefined;
    }
    return this.#shapes;
  }

  toJSON(): BlockAnalysis {
    return plainAnalysis(this);
  }
}

/**
 * The plain object an analysis with getters stands for, fields in BlockAnalysis's order (the CLI,
 * tests and caches compare JSON).
 */
export function plainAnalysis(a: BlockAnalysis): BlockAnalysis {
  return {
    kind: a.kind, options: a.options, range: a.range, fenceRange: a.fenceRange, sizes: a.sizes,
    shapesOnly: a.shapesOnly, sequenceLength: a.sequenceLength, quantities: a.quantities, steps: a.steps,
    checks: a.checks, diagnostics: a.diagnostics, parameters: a.parameters, shapes: a.shapes,
  };
}
