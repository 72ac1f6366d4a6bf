// What a stacked or bidirectional block is told about its layers and directions before it is
// solved: a given of a layer or direction the fence does not declare is unused (with the option
// that declares it), and a declared one without weights names exactly what to give.
import type { Block, BlockOptions } from './types';
import type { GivenDef } from './solve';
import type { Diag } from './diagnostics';
import { setOptionEdit } from './parse/options';
import { displayKey, splitTag, streamName, streamsOf } from './streams';
import { MAX_CELL_STEPS } from './budget';

/** The cell's weights, as opposed to the output layer's (W_y, b_y) and the embedding (E). */
const CELL_WEIGHT = /^(?:W|U|b|weight_|bias|kernel|recurrent_kernel)(?!_y$)/;

/** Notes on the block's streams; returns the tags of the declared streams that have no weights (their states are not computed). */
export function noteStreams(block: Block, options: BlockOptions, givens: ReadonlyMap<string, GivenDef>, diag: Diag): Set<string> {
  const declared = streamsOf(options);
  const tags = new Set(declared.map((s) => s.tag));
  const weighted = new Set<string>();
  for (const [key, g] of givens) {
    const s = splitTag(key);
    if (!s) continue;
    if (CELL_WEIGHT.test(s.inner)) weighted.add(s.tag);
    if (tags.has(s.tag)) continue;
    const layers = Math.max(options.layers, s.layer);
    const option = s.layer > options.layers ? `layers=${layers}` : 'bidirectional';
    const has = s.layer > options.layers ? `layers=${options.layers}` : 'no backward direction';
    const fix = s.layer > options.layers ? setOptionEdit(block, 'layers', String(layers)) : setOptionEdit(block, 'bidirectional', 'true');
    diag(
      'warning',
      'unknown-name',
      g.nameRange,
      `${g.written} is ${streamName(s)}'s ${s.inner}${torchLayer(g.written, s.layer)}, but this block has ${has}, so it is not used; add ${option} to the fence to compute it`,
      { fixes: [{ title: `Add ${option} to the block`, kind: 'set-option', edits: [fix] }] },
    );
  }
  // The first layer's weights, as the block writes them, are what every other stream needs.
  const own = [...givens.keys()].filter((k) => !splitTag(k) && CELL_WEIGHT.test(k) && k !== 'b_y');
  const weightless = new Set<string>();
  if (own.length === 0) return weightless;
  for (const st of declared) {
    if (weighted.has(st.tag)) continue;
    weightless.add(st.tag);
    const give = own.map((k) => displayKey(k + st.tag)).join(', ');
    const x =
      st.layer > 1
        ? `; its input x is layer ${st.layer - 1}'s h${options.bidirectional ? ' of both directions (2H wide)' : ' (H wide)'}`
        : '';
    diag('error', 'missing', block.fenceRange, `${streamName(st)} has no weights, so its states are not computed: give ${give}${x}`);
  }
  return weightless;
}

/** PyTorch numbers its layers from 0: said beside a state_dict name's layer. */
function torchLayer(written: string, layer: number): string {
  // linear: a match starts only at `_l`, whose digits and optional `_reverse` must then end the name.
  return layer > 1 && /_l\d+(?:_reverse)?$/i.test(written) ? ` (PyTorch's _l${layer - 1} is layer ${layer} counted from 1)` : '';
}

/** A `limit` error when the block's steps over all its layers and directions are more than one block may run. */
export function overCellSteps(block: Block, options: BlockOptions, T: number | undefined, diag: Diag): boolean {
  const streams = options.layers * (options.bidirectional ? 2 : 1);
  if (T === undefined || streams === 1 || T * streams <= MAX_CELL_STEPS) return false;
  const which = `${options.layers} layer${options.layers === 1 ? '' : 's'}${options.bidirectional ? ' × 2 directions' : ''}`;
  const most = Math.floor(MAX_CELL_STEPS / streams);
  const message = `the block runs ${(T * streams).toLocaleString('en')} cell steps (T = ${T} × ${which}), over the limit of ${MAX_CELL_STEPS.toLocaleString('en')}; split the sequence into blocks of at most ${most} steps, or fewer layers`;
  diag('error', 'limit', block.fenceRange, message);
  return true;
}
