// Shared helpers for the engine tests: fixtures from test/fixtures/engine/, one analysis per block.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument, type AnalyzedBlock } from '../../../src/markdown/document';
import { analyzeBlock, withSteps } from '../../../src/engine/analyze';
import { clock, safetyNet } from '../../../src/engine/budget';
import { findBlocks } from '../../../src/markdown/blocks';
import { RULES } from '../../../src/cli/formats/rules';
import type {
  AnalysisSettings,
  AnalysisWithSteps,
  BlockAnalysis,
  BlockDiagnostic,
  DiagnosticCode,
  Matrix,
  Range,
} from '../../../src/engine/types';

/** The repository root (tests run compiled from out/test/unit/engine/). */
export const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'test', 'fixtures'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
  return dir;
})();

export function fixture(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'engine', name), 'utf8');
}

/** Analyses Markdown text and returns its blocks' analyses. */
export function analyze(markdown: string, settings: AnalysisSettings = {}): BlockAnalysis[] {
  return analyzeDocument(markdown, settings).blocks.map((b) => b.analysis);
}

/** Analyses Markdown text and returns its blocks' analyses with their steps. */
export function analyzeWithSteps(markdown: string, settings: AnalysisSettings = {}): AnalysisWithSteps[] {
  return analyzeDocument(markdown, settings).blocks.map((b) => withSteps(b.block, b.analysis));
}

/** The only (or the `index`th) block of a text with its analysis (whose lines count from `block.line`). */
export function located(markdown: string, index = 0): AnalyzedBlock {
  const blocks = analyzeDocument(markdown).blocks;
  assert.ok(blocks.length > index, `expected at least ${index + 1} block(s), found ${blocks.length}`);
  return blocks[index];
}

/** The analysis of the only (or the `index`th) block of a text. */
export function block(markdown: string, index = 0, settings: AnalysisSettings = {}): BlockAnalysis {
  const blocks = analyze(markdown, settings);
  assert.ok(blocks.length > index, `expected at least ${index + 1} block(s), found ${blocks.length}`);
  return blocks[index];
}

/** A fenced block from its kind, info options and lines. */
export function md(kind: string, lines: readonly string[], info = ''): string {
  return ['```' + kind + (info ? ' ' + info : ''), ...lines, '```', ''].join('\n');
}

export function range(l1: number, c1: number, l2: number, c2: number): Range {
  return { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } };
}

export function diagnostics(a: BlockAnalysis, code: DiagnosticCode): BlockDiagnostic[] {
  return a.diagnostics.filter((d) => d.code === code);
}

/** The only diagnostic with this code (fails when there are none or several). */
export function only(a: BlockAnalysis, code: DiagnosticCode): BlockDiagnostic {
  const ds = diagnostics(a, code);
  assert.strictEqual(
    ds.length,
    1,
    `expected one ${code} diagnostic, got ${ds.length}: ${JSON.stringify(a.diagnostics.map((d) => `${d.code}: ${d.message}`))}`,
  );
  return ds[0];
}

export function value(a: BlockAnalysis, name: string): Matrix {
  const q = a.quantities.find((x) => x.name === name);
  assert.ok(q, `no quantity ${name}; have ${a.quantities.map((x) => x.name).join(', ')}`);
  return q.value;
}

export function rows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/**
 * The first block's analysis under a safety net of `net` ms read from the clock `now`, checked
 * well-formed. A test of the net passes a fake clock; every other test reads `byCounts`.
 */
export function analyseWithClock(markdown: string, net: number, now: () => number): BlockAnalysis {
  const saved = { ms: safetyNet.ms, now: clock.now };
  safetyNet.ms = net;
  clock.now = now;
  try {
    const [b] = findBlocks(markdown);
    const a = analyzeBlock(b);
    assertWellFormed(a);
    return a;
  } finally {
    safetyNet.ms = saved.ms;
    clock.now = saved.now;
  }
}

/**
 * The first block's analysis by the counted limits alone: the safety net's deadline never comes,
 * so the verdict is the same on a loaded machine as on an idle one (no test depends on the clock).
 */
export function byCounts(markdown: string): BlockAnalysis {
  return analyseWithClock(markdown, Number.POSITIVE_INFINITY, () => Date.now());
}

/** A case of a committed float64 reference fixture: a block and the values PyTorch computes from it. */
export interface ReferenceCase {
  readonly id: string;
  readonly about: string;
  readonly kind: 'lstm' | 'gru' | 'rnn';
  readonly layout?: 'column' | 'row';
  readonly markdown: string;
  /** Each quantity's reference value as rows of numbers. */
  readonly expected: Readonly<Record<string, number[][]>>;
}

/** SPEC §10: every value within 1e-12 relative of its float64 reference. */
export const REFERENCE_REL = 1e-12;

/**
 * The cases of test/fixtures/reference/<file>, written by scripts/make-fixtures.py or
 * scripts/fixtures/*.py and committed (references are never computed at test time).
 */
export function referenceCases<C = ReferenceCase>(file: string): C[] {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'reference', file), 'utf8')).cases;
}

export interface Tolerance {
  readonly rel?: number;
  /** Below this magnitude the difference is measured absolutely: 1 by default, ~0 for relative only. */
  readonly floor?: number;
}

/** Where `m` is not its reference `want`: its shape, or each entry farther than `rel` relative. */
export function referenceDifferences(
  name: string,
  m: Matrix,
  want: readonly (readonly number[])[],
  { rel = REFERENCE_REL, floor = 1 }: Tolerance = {},
): string[] {
  const cols = want[0]?.length ?? 0;
  if (m.rows !== want.length || m.cols !== cols) return [`${name}: shape ${m.rows}×${m.cols}, reference ${want.length}×${cols}`];
  return want.flatMap((row, r) =>
    row.flatMap((ref, k) => {
      const got = m.data[r * cols + k];
      return Math.abs(got - ref) <= rel * Math.max(floor, Math.abs(ref))
        ? []
        : [`${name}[${r}][${k}] = ${got}, reference ${ref} (diff ${(got - ref).toExponential(2)})`];
    }),
  );
}

/** Where the block's quantities are not the case's expected values (a missing quantity included). */
export function referenceProblems(a: BlockAnalysis, expected: ReferenceCase['expected'], tolerance: Tolerance = {}): string[] {
  return Object.entries(expected).flatMap(([name, want]) => {
    const q = a.quantities.find((x) => x.name === name);
    if (!q) return [`${name}: missing (quantities: ${a.quantities.map((x) => x.name).join(' ')})`];
    return referenceDifferences(name, q.value, want, tolerance);
  });
}

/** Every diagnostic of a block is well-formed: known code, range inside the block, message. */
export function assertWellFormed(a: BlockAnalysis): void {
  const codes = Object.keys(RULES);
  for (const d of a.diagnostics) {
    assert.ok(codes.includes(d.code), `unknown code ${d.code}`);
    assert.ok(['error', 'warning', 'info'].includes(d.severity), `severity ${d.severity}`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, 'message');
    assertInside(d.range, a.range, `${d.code}: ${d.message}`);
    for (const r of d.related) assertInside(r.range, a.range, `related of ${d.code}: ${r.message}`);
    for (const f of d.fixes) for (const e of f.edits) assertInside(e.range, a.range, `fix ${f.title}`);
  }
  for (const c of a.checks) {
    assertInside(c.range, a.range, `check ${c.written}`);
    assertInside(c.valueRange, a.range, `check value ${c.written}`);
  }
}

export function assertInside(r: Range, outer: Range, what: string): void {
  const before = (a: { line: number; character: number }, b: { line: number; character: number }) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  assert.ok(Number.isInteger(r.start.line) && Number.isInteger(r.start.character) && r.start.character >= 0, `range integers (${what})`);
  assert.ok(before(r.start, r.end), `range start ≤ end (${what}): ${JSON.stringify(r)}`);
  assert.ok(
    r.start.line >= outer.start.line && r.end.line <= outer.end.line,
    `range inside the block (${what}): ${JSON.stringify(r)} not in ${JSON.stringify(outer)}`,
  );
}
