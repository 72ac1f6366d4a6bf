// What a block's keys stand for: sizes, weights or vectors, the cell's outputs, and the one key a
// name has in a single step or in a sequence (h_0 is h_prev in one step, bare h the last step's).
import type { CellKind } from './types';
import { TARGETS } from './cells';
import { splitTag } from './streams';
import { splitKey } from './solve/keys';

/** Bare capitals given a whole number: the sizes (E only when it is a number, else the embedding; K the classes). */
export const SIZE_KEYS = new Set(['H', 'D', 'V', 'T', 'E', 'K']);

/** Cell quantities that are vectors, so oriented by the layout, whatever their name suggests. */
export const VECTOR_BASES = new Set([
  'x',
  'h',
  'c',
  'f',
  'i',
  'o',
  'g',
  'r',
  'z',
  'n',
  'a',
  'y',
  'logits',
  'e',
  'onehot',
  'h_prev',
  'c_prev',
]);

const WEIGHT = /^[WUE]|^(weight|kernel|recurrent)/;

/** Whether a given is a weight (kept as written) rather than a vector oriented by the layout. */
export function isWeightName(key: string): boolean {
  return WEIGHT.test(key);
}

const OUTPUTS: Record<CellKind, readonly string[]> = { lstm: ['c', 'h'], gru: ['h'], rnn: ['h'] };

/** In a sequence, h_prev is h_0 and bare results are the last step's; in one step, h_0 is h_prev. */
export function canonicalKey(kind: CellKind, key: string, T: number | undefined): string {
  const stream = splitTag(key);
  if (stream) {
    const inner = canonicalKey(kind, stream.inner, T);
    if (!stream.backward || T === undefined) return inner + stream.tag;
    // A backward stream starts after the last step (h_0 or h_prev is ←h_{T+1}) and ends at step 1 (bare h).
    const { base, t } = splitKey(inner);
    const bare = t === T && inner !== stream.inner;
    const initial = t === 0;
    return (bare ? `${base}_1` : initial ? `${base}_${T + 1}` : inner) + stream.tag;
  }
  if (T === undefined) {
    if (key === 'h_0') return 'h_prev';
    if (key === 'c_0' && kind === 'lstm') return 'c_prev';
    return key;
  }
  if (key === 'h_prev') return 'h_0';
  if (key === 'c_prev' && kind === 'lstm') return 'c_0';
  if (key === 'y' || key === 'logits' || TARGETS[kind].includes(key)) return `${key}_${T}`;
  return key;
}

/** What the cell computes at every step (the output layer's y when W_y is given). */
export function outputsOf(kind: CellKind, T: number | undefined, withOutputLayer: boolean): string[] {
  const bases = withOutputLayer ? [...OUTPUTS[kind], 'y'] : [...OUTPUTS[kind]];
  if (T === undefined) return bases;
  const out: string[] = [];
  for (let t = 1; t <= T; t++) for (const b of bases) out.push(`${b}_${t}`);
  return out;
}

export function article(kind: CellKind): string {
  return kind === 'lstm' ? 'an' : 'a';
}
