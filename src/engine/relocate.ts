// Moves an analysis by whole lines: a block that only shifted keeps its analysis.
import type { BlockAnalysis, Position } from './types';

export function relocateAnalysis<T extends BlockAnalysis>(analysis: T, delta: number): T {
  return shift(analysis, delta) as T;
}

function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, delta));
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (isPosition(value)) return { line: value.line + delta, character: value.character };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = shift(v, delta);
  return out;
}

function isPosition(v: object): v is Position {
  const keys = Object.keys(v);
  return keys.length === 2 && 'line' in v && 'character' in v;
}
