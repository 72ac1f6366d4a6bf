// Moves an analysis by whole lines: a block that only shifted keeps its analysis.
import type { BlockAnalysis, BlockDiagnostic, BlockOptions, CellKind, CheckResult, ParameterCount, Quantity, Range, Step } from './types';

type Shapes = BlockAnalysis['shapes'];

/**
 * The analysis moved by `delta` lines: every Position ({ line, character }) inside it shifted.
 * Cheaper than the generic walk below (shiftPositions), which gives the same result: the
 * fields of BlockAnalysis that hold ranges (engine/types.ts) are shifted where they are, and
 * everything else (values, matrices, messages) is shared with the original — analyses are
 * immutable. An analysis with fields this code does not know goes through the generic walk, so
 * a new kind of range can never be left behind; bench/check-incremental.js compares the two.
 */
export function relocateAnalysis<T extends BlockAnalysis>(analysis: T, delta: number): T {
  if (analysis instanceof MovedAnalysis) return analysis.movedAgain(delta) as BlockAnalysis as T;
  for (const k in analysis) if (!KNOWN_FIELDS.has(k)) return shiftPositions(analysis, delta) as T;
  return new MovedAnalysis(analysis, delta) as BlockAnalysis as T;
}

/**
 * An Analysis moved by whole lines, each part moved when first read. After an Enter above
 * 1,000 blocks the editor reads every block's diagnostics (the Problems panel) but the
 * quantities, checks and steps only of the blocks it shows; moving another time starts again
 * from the original, so edits never stack up moves.
 */
export class MovedAnalysis implements BlockAnalysis {
  readonly range: Range;
  readonly fenceRange: Range;
  readonly #original: BlockAnalysis;
  readonly #delta: number;
  #quantities?: readonly Quantity[];
  #steps?: readonly Step[] | undefined;
  #checks?: readonly CheckResult[];
  #diagnostics?: readonly BlockDiagnostic[];

  constructor(original: BlockAnalysis, delta: number) {
    this.#original = original;
    this.#delta = delta;
    const r = mover(delta);
    this.range = r(original.range);
    this.fenceRange = r(original.fenceRange);
  }

  movedAgain(delta: number): MovedAnalysis {
    return new MovedAnalysis(this.#original, this.#delta + delta);
  }

  get kind(): CellKind { return this.#original.kind; }
  get options(): BlockOptions { return this.#original.options; }
  get sizes(): Readonly<Record<string, number>> { return this.#original.sizes; }
  get shapesOnly(): boolean { return this.#original.shapesOnly; }
  get sequenceLength(): number | undefined { return this.#original.sequenceLength; }
  get parameters(): ParameterCount | undefined { return this.#original.parameters; }
  get shapes(): Shapes { return this.#original.shapes; }
  get quantities(): readonly Quantity[] { return (this.#quantities ??= moveQuantities(this.#original, mover(this.#delta))); }
  get steps(): readonly Step[] | undefined { return (this.#steps ??= moveSteps(this.#original, mover(this.#delta))); }
  get checks(): readonly CheckResult[] { return (this.#checks ??= moveChecks(this.#original, mover(this.#delta))); }
  get diagnostics(): readonly BlockDiagnostic[] { return (this.#diagnostics ??= moveDiagnostics(this.#original, mover(this.#delta))); }

  toJSON(): BlockAnalysis {
    return {
      kind: this.kind, options: this.options, range: this.range, fenceRange: this.fenceRange, sizes: this.sizes,
      shapesOnly: this.shapesOnly, sequenceLength: this.sequenceLength, quantities: this.quantities, steps: this.steps,
      checks: this.checks, diagnostics: this.diagnostics, parameters: this.parameters, shapes: this.shapes,
    };
  }
}

type Mover = (x: Range) => Range;

function mover(delta: number): Mover {
  return (x) => moveRange(x, delta);
}

/** `r` moved by `delta` whole lines. */
export function moveRange(r: Range, delta: number): Range {
  return { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } };
}

function moveQuantities(a: BlockAnalysis, r: Mover): readonly Quantity[] {
  return a.quantities.map((q) => (q.range ? withRanges(q, r) : q));
}

function moveSteps(a: BlockAnalysis, r: Mover): readonly Step[] | undefined {
  return a.steps?.map((st) => (st.range ? withRanges(st, r) : st));
}

function moveChecks(a: BlockAnalysis, r: Mover): readonly CheckResult[] {
  return a.checks.map((c) => withRanges(c, r));
}

function moveDiagnostics(a: BlockAnalysis, r: Mover): readonly BlockDiagnostic[] {
  return a.diagnostics.map((d) => ({
    ...d,
    range: r(d.range),
    related: d.related.length ? d.related.map((x) => ({ ...x, range: r(x.range) })) : d.related,
    fixes: d.fixes.length ? d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: r(e.range) })) })) : d.fixes,
  }));
}

/**
 * A copy of a quantity, step or check with its `range` and `valueRange` moved, every other field
 * shared and the keys in their order. Built key by key: a spread of these objects (their shapes
 * vary with optional fields) was nine tenths of the cost of relocating an analysis.
 */
function withRanges<T extends object>(o: T, r: (x: Range) => Range): T {
  const out: Record<string, unknown> = {};
  const src = o as Record<string, unknown>;
  for (const k in src) {
    const v = src[k];
    out[k] = (k === 'range' || k === 'valueRange') && v ? r(v as Range) : v;
  }
  return out as T;
}

/** The fields of BlockAnalysis (types.ts); only those named in `relocateAnalysis` hold ranges. */
const KNOWN_FIELDS = new Set([
  'kind', 'options', 'range', 'fenceRange', 'sizes', 'shapesOnly', 'sequenceLength', 'quantities', 'steps', 'checks',
  'diagnostics', 'parameters', 'shapes',
]);

/** The generic walk: every { line, character } object anywhere in `value`, shifted. */
export function shiftPositions(value: unknown, delta: number): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  // Analyses keep parts behind getters: walk the plain object they stand for.
  if (value instanceof MovedAnalysis) return shiftPositions(value.toJSON(), delta);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const s = shiftPositions(v, delta);
      if (s !== v) { out ??= value.slice(); out[i] = s; }
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 2 && 'line' in obj && 'character' in obj) {
    return { line: (obj.line as number) + delta, character: obj.character };
  }
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]];
    if (v === null || typeof v !== 'object') continue;
    const s = shiftPositions(v, delta);
    if (s !== v) {
      if (!out) { out = {}; for (const k of keys) out[k] = obj[k]; }
      out[keys[i]] = s;
    }
  }
  return out ?? value;
}
