// The weight layout: inferred from the given shapes when the fence does not say, and the shapes
// a block of sizes alone implies in it.
import type { Block, BlockOptions, CellKind, Matrix } from './types';
import type { GivenDef } from './solve';
import { setOptionEdit } from './parse/options';
import { GATES, TARGETS } from './cells';
import { gateNames } from './cells/forms';
import type { ReadBlock } from './read';
import type { Diag } from './diagnostics';
import * as M from './matrix';

/** The fence's options with what the givens imply: the row layout, and GRU reset-after for packed weights. */
export function inferOptions(block: Block, options: BlockOptions, read: ReadBlock, diag: Diag): BlockOptions {
  const { kind } = block;
  const { givens } = read;
  if (options.layoutInferred && inferLayout(kind, givens, read.canon, read.T) === 'row') {
    options = { ...options, layout: 'row' };
    const range = block.infoRange.start.character < block.infoRange.end.character ? block.infoRange : block.fenceRange;
    const fix = { title: 'Add layout=row to the block', kind: 'set-option', edits: [setOptionEdit(block, 'layout', 'row')] } as const;
    diag('info', 'option', range, 'layout inferred as row (v·W) from the weight shapes: only that layout fits', { fixes: [fix] });
  }
  if (kind === 'gru' && !options.explicit.includes('reset')) {
    const packedAfter = givens.has('weight_ih') || givens.get('bias')?.expr.literal?.value.rows === 2;
    if (packedAfter) options = { ...options, reset: 'after' };
  }
  return options;
}

/** Row when every weight whose shape tells the layouts apart fits v·W only. */
function inferLayout(
  kind: CellKind,
  givens: ReadonlyMap<string, GivenDef>,
  canon: (k: string) => string,
  T: number | undefined,
): 'row' | 'column' {
  const lit = (k: string): Matrix | undefined => givens.get(canon(k))?.expr.literal?.value;
  const len = (k: string): number | undefined => {
    const m = lit(k);
    return m && M.isVector(m) ? M.length(m) : undefined;
  };
  // A batch input (a matrix x) has D rows in the column layout and D columns in the row layout.
  const X = lit(T ? 'x_1' : 'x');
  const batch = X !== undefined && !M.isVector(X);
  const Dc = batch ? X.rows : len(T ? 'x_1' : 'x'),
    Dr = batch ? X.cols : Dc;
  let H = len('h_prev') ?? len('c_prev');
  for (const k of GATES[kind]) H ??= len(gateNames(kind, k).b);
  if (H === undefined || Dc === undefined || Dr === undefined) return 'column';
  let fitsColumn = 0,
    fitsRow = 0,
    informative = 0;
  // A weight's column-layout shape with the input size each layout reads (its row shape is the transpose).
  const score = (name: string, rows: number, colsOf: (D: number) => number) => {
    const m = lit(name);
    const cc = colsOf(Dc),
      cr = colsOf(Dr);
    if (!m || (rows === cc && rows === cr && cc === cr)) return;
    informative++;
    if (m.rows === rows && m.cols === cc) fitsColumn++;
    if (m.rows === cr && m.cols === rows) fitsRow++;
  };
  for (const k of GATES[kind]) {
    // W is applied to [h_prev; x], or to x alone beside a Wikipedia-style U (the RNN has no U).
    const { W, Wx, U } = gateNames(kind, k);
    score(W, H, (D) => (givens.has(U) ? D : H + D));
    score(Wx, H, (D) => D);
  }
  return informative > 0 && fitsRow === informative && fitsColumn < informative ? 'row' : 'column';
}

/** The shapes the sizes imply for quantities without a value (a block of sizes alone). */
export function impliedShapes(
  kind: CellKind,
  layout: BlockOptions['layout'],
  H?: number,
  D?: number,
  V?: number,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  const row = layout === 'row';
  const vec = (n: number): [number, number] => (row ? [1, n] : [n, 1]);
  if (D !== undefined) {
    out.x = vec(D);
    out.e = vec(D);
  }
  if (V !== undefined) {
    out.onehot = vec(V);
    out.y = vec(V);
  }
  if (H !== undefined) {
    out.h_prev = vec(H);
    out.h = vec(H);
    if (kind === 'lstm') out.c_prev = vec(H);
    for (const t of TARGETS[kind]) out[t] = vec(H);
  }
  if (H !== undefined && D !== undefined) {
    if (kind === 'rnn') {
      out.W_x = row ? [D, H] : [H, D];
      out.W_h = [H, H];
    } else for (const k of GATES[kind]) out[`W_${k}`] = row ? [H + D, H] : [H, H + D];
  }
  if (V !== undefined && D !== undefined) out.E = row ? [V, D] : [D, V];
  if (V !== undefined && H !== undefined) out.W_y = row ? [H, V] : [V, H];
  return out;
}
