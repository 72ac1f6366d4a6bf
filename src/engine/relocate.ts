// Moves an analysis by whole lines: a block that only shifted keeps its analysis.
import type { BlockAnalysis, Range, Step } from './types';
import { Analysis } from './analysis';

/**
 * The analysis moved by `delta` lines: every Position ({ line, character }) inside it shifted.
 * Cheaper than the generic walk below (shiftPositions), which gives the same result: the
 * fields of BlockAnalysis that hold ranges (engine/types.ts) are shifted where they are, and
 * everything else (values, matrices, messages) is shared with the original — analyses are
 * immutable. An analysis with fields this code does not know goes through the generic walk, so
 * a new kind of range can never be left behind; bench/check-incremental.js compares the two.
 */
export function relocateAnalysis<T extends BlockAnalysis>(analysis: T, delta: number): T {
  for (const k in analysis) if (!KNOWN_FIELDS.has(k)) return shiftPositions(analysis, delta) as T;
  const r = (x: Range): Range => ({ start: { line: x.start.line + delta, character: x.start.character }, end: { line: x.end.line + delta, character: x.end.character } });
  const a = analysis as BlockAnalysis;
  const quantities = a.quantities.map((q) => (q.range ? withRanges(q, r) : q));
  const moveSteps = (): readonly Step[] => a.steps.map((st) => (st.range ? withRanges(st, r) : st));
  const checks = a.checks.map((c) => withRanges(c, r));
  const diagnostics = a.diagnostics.map((d) => ({
    ...d,
    range: r(d.range),
    related: d.related.length ? d.related.map((x) => ({ ...x, range: r(x.range) })) : d.related,
    fixes: d.fixes.length ? d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: r(e.range) })) })) : d.fixes,
  }));
  if (a instanceof Analysis) {
    // Its steps stay unmade until read: moving a block must not make them.
    return new Analysis(a.kind, a.options, r(a.range), r(a.fenceRange), a.sizes, a.shapesOnly, a.sequenceLength, quantities,
      moveSteps, checks, diagnostics, () => a.parameters, () => a.shapes) as BlockAnalysis as T;
  }
  const out: Record<string, unknown> = { ...a };
  out.range = r(a.range);
  out.fenceRange = r(a.fenceRange);
  out.quantities = quantities;
  out.steps = moveSteps();
  out.checks = checks;
  out.diagnostics = diagnostics;
  return out as T;
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
  // An Analysis keeps parts behind getters: walk the plain object it stands for.
  if (value instanceof Analysis) return shiftPositions(value.toJSON(), delta);
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
