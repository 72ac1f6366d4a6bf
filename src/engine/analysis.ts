// The BlockAnalysis the engine hands out: plain data, made here only. A solved block's
// quantities, parameter count and shape table are listed from its solve.
import type {
  Block,
  BlockAnalysis,
  BlockDiagnostic,
  BlockOptions,
  CellKind,
  CheckResult,
  GradientReport,
  IndexedStatement,
  Matrix,
  ParameterCount,
  Quantity,
  Step,
} from './types';
import { meaning } from './parse/nameTables';
import { gradientMeaning } from './grad/gradient';
import { splitKey, type GivenDef, type Solver } from './solve';
import { countParameters, type ParamInput } from './params';
import { placesOf } from './format';
import { impliedShapes } from './layout';
import { sortDiagnostics } from './diagnostics';
import { formulaOutput } from './solve/perStepRead';

/** What a block's solve adds to the analysis (an analysis stopped by a limit has none of it). */
export interface Solved {
  readonly sizes: Readonly<Record<string, number>>;
  readonly shapesOnly?: boolean;
  readonly sequenceLength?: number;
  readonly quantities?: readonly Quantity[];
  readonly checks?: readonly CheckResult[];
  readonly parameters?: ParameterCount;
  readonly gradients?: GradientReport;
  readonly shapes?: Readonly<Record<string, readonly [number, number]>>;
  readonly statements?: readonly IndexedStatement[];
}

/**
 * The one maker of a BlockAnalysis, its fields in the type's order (the CLI and tests compare
 * JSON). `steps` is undefined unless the caller asked for them.
 */
export function makeAnalysis(
  block: Block,
  options: BlockOptions,
  diagnostics: readonly BlockDiagnostic[],
  solved: Solved,
  steps: readonly Step[] | undefined,
): BlockAnalysis {
  return {
    kind: block.kind,
    options,
    range: block.range,
    fenceRange: block.fenceRange,
    sizes: solved.sizes,
    shapesOnly: solved.shapesOnly ?? false,
    sequenceLength: solved.sequenceLength,
    quantities: solved.quantities ?? [],
    steps,
    checks: solved.checks ?? [],
    diagnostics: sortDiagnostics(diagnostics),
    parameters: solved.parameters,
    ...(solved.gradients ? { gradients: solved.gradients } : {}),
    shapes: solved.shapes ?? {},
    statements: solved.statements ?? [],
  };
}

/** The quantities, parameter count and shapes of a solved block. */
export function solvedParts(
  solver: Solver,
  options: BlockOptions,
  sizes: Readonly<Record<string, number>>,
  shapesOnly: boolean,
): Pick<Solved, 'quantities' | 'parameters' | 'shapes'> & {
  readonly vocabularyHead: boolean;
  readonly countWith: (change: Partial<ParamInput>) => number | undefined;
} {
  const { kind, givens } = solver.setup;
  const shapes: Record<string, readonly [number, number]> = {};
  const quantities = listQuantities(kind, givens, solver, shapes);
  const H = solver.H ?? sizes.H,
    D = solver.D ?? sizes.D ?? sizes.E;
  const { values, origins } = solver;
  const input: ParamInput = {
    kind,
    layout: options.layout,
    bias: options.bias,
    H,
    D,
    V: sizes.V ?? vocabulary(solver),
    K: sizes.K,
    embedding: sizes.E !== undefined || givens.has('onehot') || givens.has('E'),
    noHead: options.out === 'none',
    formulaHead: formulaOutput(solver.setup),
    framework: options.params,
    resetAfter: kind === 'gru' && options.reset === 'after',
    layers: options.layers,
    bidirectional: options.bidirectional,
    value: (n) => (origins.get(n) === 'given' ? values.get(n) : undefined),
  };
  const counted = countParameters(input);
  const parameters = counted.count;
  // The count under other options: what a failing `params ?=` check compares its number with.
  const countWith = (change: Partial<ParamInput>) => countParameters({ ...input, ...change }).count?.total;
  if (shapesOnly) Object.assign(shapes, impliedShapes(kind, options, H, D, sizes.V, sizes.K));
  return { quantities, parameters, shapes, vocabularyHead: counted.head === 'vocabulary', countWith };
}

/**
 * Every given, default and computed quantity, and its shape in `shapes`: givens in the note's
 * order, then what the solve computed in the order it did (the steps' order), then what it assumed.
 */
function listQuantities(
  kind: CellKind,
  givens: ReadonlyMap<string, GivenDef>,
  solver: Solver,
  shapes: Record<string, readonly [number, number]>,
): Quantity[] {
  const { values, origins } = solver;
  const quantities: Quantity[] = [];
  const push = (key: string, value: Matrix, origin: Quantity['origin'], g: GivenDef | undefined) => {
    const { base, t } = splitKey(key);
    quantities.push({
      name: key,
      base,
      step: t,
      meaning: (g && gradientMeaning(g.expr, solver)) ?? meaning(kind, key, base),
      origin,
      value,
      range: g?.nameRange,
      written: g?.written,
      places: g && placesOf(g.expr.literal, value),
    });
    shapes[key] = [value.rows, value.cols];
  };
  // Givens and defaults are marked as read; whatever the solve derived is computed.
  for (const [key, g] of givens) {
    const value = values.get(key);
    if (value) push(key, value, origins.get(key) ?? 'computed', g);
  }
  // A given with a value is in solver.values too: the later passes skip the givens.
  const defaults: string[] = [];
  for (const [key, value] of values) {
    if (givens.has(key)) continue;
    const origin = origins.get(key);
    if (origin === 'default') defaults.push(key);
    else push(key, value, origin ?? 'computed', undefined);
  }
  for (const key of defaults) push(key, values.get(key)!, 'default', undefined);
  return quantities;
}

function vocabulary(solver: Solver): number | undefined {
  const W = solver.values.get('W_y');
  if (!W) return undefined;
  return solver.layout === 'row' ? W.cols : W.rows;
}
