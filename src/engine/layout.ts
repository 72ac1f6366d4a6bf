// The weight layout: inferred from the given shapes when the fence does not say, and the shapes
// a block of sizes alone implies in it.
import type { Block, BlockOptions, CellKind, Matrix, Range } from './types';
import type { GivenDef } from './solve';
import { setOptionEdit } from './parse/options';
import { GATES, TARGETS } from './cells';
import { gateNames } from './cells/forms';
import type { ReadBlock } from './read';
import type { Diag } from './diagnostics';
import * as M from './matrix';
import { canonicalKey } from './keys';

/**
 * The fence's options with what the givens imply: the row layout (inferred from shapes, or
 * Keras' packed kernels, which are row layout), GRU reset-after for packed weights or Keras'
 * count, and whose parameter count the packed names are.
 */
export function inferOptions(block: Block, options: BlockOptions, read: ReadBlock, diag: Diag): BlockOptions {
  const { kind } = block;
  const { givens } = read;
  const range = block.infoRange.start.character < block.infoRange.end.character ? block.infoRange : block.fenceRange;
  const keras = givens.has('kernel') || givens.has('recurrent_kernel');
  if (options.layoutInferred && (keras || inferLayout(kind, givens, read.T) === 'row')) {
    options = { ...options, layout: 'row' };
    const fix = { title: 'Add layout=row to the block', kind: 'set-option', edits: [setOptionEdit(block, 'layout', 'row')] } as const;
    const why = keras ? "Keras' kernel and recurrent_kernel are applied as x·kernel" : 'only that layout fits';
    diag('info', 'assumed', range, `layout inferred as row (v·W) from the weight shapes: ${why}`, { fixes: [fix] });
  }
  const bias = givens.get('bias')?.expr.literal?.value;
  if (kind === 'gru' && !options.explicit.includes('reset')) {
    const packedAfter = givens.has('weight_ih') || bias?.rows === 2;
    const kerasDefault = options.params === 'keras' && !(bias && (bias.rows === 1 || bias.cols === 1));
    if (packedAfter || kerasDefault) options = { ...options, reset: 'after' };
    if (kerasDefault && !packedAfter) {
      const fix = { title: 'Add reset=before to the block', kind: 'set-option', edits: [setOptionEdit(block, 'reset', 'before')] } as const;
      const message =
        "reset=after taken from params=keras (Keras' GRU has reset_after=True, bias 2×3H); write reset=before for reset_after=False";
      diag('info', 'assumed', range, message, { fixes: [fix] });
    }
  }
  if (options.params === undefined) options = inferFramework(block, options, read, range, diag);
  return options;
}

/** PyTorch's packed names mean its count (bias_ih and bias_hh), said when the count depends on it; Keras' mean one bias. */
function inferFramework(block: Block, options: BlockOptions, read: ReadBlock, range: Range, diag: Diag): BlockOptions {
  const { givens } = read;
  if (TORCH.some((n) => givens.has(n))) {
    if (options.bias && !(givens.has('bias_ih') && givens.has('bias_hh'))) {
      const fix = { title: 'Add params=keras to the block', kind: 'set-option', edits: [setOptionEdit(block, 'params', 'keras')] } as const;
      const message =
        "parameters counted as PyTorch's (bias_ih and bias_hh, two per gate), from the names weight_ih…; write params=keras for one bias per gate";
      diag('info', 'assumed', range, message, { fixes: [fix] });
    }
    return { ...options, params: 'pytorch' };
  }
  if (givens.has('kernel') || givens.has('recurrent_kernel')) return { ...options, params: 'keras' };
  return options;
}

const TORCH = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'];

/** Row when every weight whose shape tells the layouts apart fits v·W only. */
function inferLayout(kind: CellKind, givens: ReadonlyMap<string, GivenDef>, T: number | undefined): 'row' | 'column' {
  // Canonical names here (the block's canon reads written names: an RNN's bare W may be W_h).
  const lit = (k: string): Matrix | undefined => givens.get(canonicalKey(kind, k, T))?.expr.literal?.value;
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
    const { W, Wx, Wh, U } = gateNames(kind, k);
    // W is on x alone beside a recurrent U_k, or a W_hk without its W_xk (the mixed split names).
    score(W, H, (D) => (givens.has(U) || (givens.has(Wh) && !givens.has(Wx)) ? D : H + D));
    score(Wx, H, (D) => D);
  }
  return informative > 0 && fitsRow === informative && fitsColumn < informative ? 'row' : 'column';
}

/** The shapes the sizes imply for quantities without a value (a block of sizes alone). */
export function impliedShapes(
  kind: CellKind,
  options: Pick<BlockOptions, 'layout' | 'out' | 'bidirectional'>,
  H?: number,
  D?: number,
  V?: number,
  K?: number,
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  const row = options.layout === 'row';
  const vec = (n: number): [number, number] => (row ? [1, n] : [n, 1]);
  if (D !== undefined) {
    out.x = vec(D);
    out.e = vec(D);
  }
  if (V !== undefined) out.onehot = vec(V);
  const classes = options.out === 'none' ? undefined : (K ?? V);
  if (classes !== undefined) out.y = vec(classes);
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
  // The output layer reads every direction's h.
  const width = H === undefined ? undefined : options.bidirectional ? 2 * H : H;
  if (classes !== undefined && width !== undefined) out.W_y = row ? [width, classes] : [classes, width];
  return out;
}
