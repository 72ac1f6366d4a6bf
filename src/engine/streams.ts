// The layers and directions of a stacked or bidirectional block (layers=N, bidirectional), each
// a "stream" of states: layer 1 forward keeps the plain keys (h_3, W_f, weight_ih), every other
// stream tags its keys, `h_3[2]`, `W_f[bwd]`, `weight_ih[2,bwd]`. The tag is a key's last part,
// so a tagged key never collides with a plain one, and the time of a backward state is the
// sequence's own (h_1[bwd] is ←h_1, computed last).
import type { BlockOptions, CellKind } from './types';

export interface Stream {
  readonly layer: number;
  readonly backward: boolean;
  /** '' (layer 1 forward), `[2]`, `[bwd]`, `[2,bwd]`. */
  readonly tag: string;
}

export function tagOf(layer: number, backward: boolean): string {
  if (layer === 1) return backward ? '[bwd]' : '';
  return backward ? `[${layer},bwd]` : `[${layer}]`;
}

/** Every stream of the block but layer 1 forward (that one is the block's own solve), layer by layer, forward first. */
export function streamsOf(options: Pick<BlockOptions, 'layers' | 'bidirectional'>): Stream[] {
  const out: Stream[] = [];
  for (let layer = 1; layer <= options.layers; layer++) {
    for (const backward of options.bidirectional ? [false, true] : [false]) {
      if (layer > 1 || backward) out.push({ layer, backward, tag: tagOf(layer, backward) });
    }
  }
  return out;
}

/** `h_3[2,bwd]` → h_3 of layer 2, backward; undefined for a plain key. */
export function splitTag(key: string): { inner: string; layer: number; backward: boolean; tag: string } | undefined {
  if (!key.endsWith(']')) return undefined;
  const open = key.lastIndexOf('[');
  if (open < 1) return undefined;
  const [n, dir, ...more] = key.slice(open + 1, -1).split(',');
  const bare = n === 'bwd' && dir === undefined;
  if (more.length || !(bare || (/^\d{1,2}$/.test(n) && (dir === undefined || dir === 'bwd')))) return undefined;
  const layer = bare ? 1 : Number(n);
  const backward = bare || dir === 'bwd';
  return { inner: key.slice(0, open), layer, backward, tag: tagOf(layer, backward) };
}

const STEP = /^([a-z]+)_(\d+)$/;

/**
 * A backward stream runs t = T … 1 from its own initial state: its solve is a forward one over
 * the reversed sequence, whose step τ is the sequence's step T + 1 − τ (its h_0 is ←h_{T+1}).
 * The map is its own inverse; forward streams and single steps keep their times.
 */
export function flipTime(key: string, backward: boolean, T: number | undefined): string {
  if (!backward || T === undefined) return key;
  const m = STEP.exec(key);
  if (!m) return key;
  const t = Number(m[2]);
  return t <= T + 1 ? `${m[1]}_${T + 1 - t}` : key;
}

/**
 * How a note may write a tagged key (every spelling here reads back to the key): `h_3^{[2]}`,
 * `h_bwd_3`, `W_f^{[2]}`, `W_f_bwd`, and PyTorch's `weight_ih_l1_reverse` for its packed weights.
 */
export function displayKey(key: string): string {
  const s = splitTag(key);
  if (!s) return key;
  const torch = /^(weight|bias)_(ih|hh)$/.exec(s.inner);
  if (torch) return `${s.inner}_l${s.layer - 1}${s.backward ? '_reverse' : ''}`;
  const layer = s.layer > 1 ? `^{[${s.layer}]}` : '';
  if (!s.backward) return s.inner + layer;
  const step = STEP.exec(s.inner);
  return (step ? `${step[1]}_bwd_${step[2]}` : `${s.inner}_bwd`) + layer;
}

/** A stream's name in a sentence: "layer 2", "the backward direction", "layer 2's backward direction". */
export function streamName(s: Pick<Stream, 'layer' | 'backward'>): string {
  if (!s.backward) return `layer ${s.layer}`;
  return s.layer === 1 ? 'the backward direction' : `layer ${s.layer}'s backward direction`;
}

const STATES: Record<CellKind, readonly string[]> = { lstm: ['h', 'c'], gru: ['h'], rnn: ['h'] };

/** The states every stream computes at every step (h, and an LSTM's c), in the sequence's times. */
export function streamOutputs(kind: CellKind, T: number | undefined, options: Pick<BlockOptions, 'layers' | 'bidirectional'>): string[] {
  const out: string[] = [];
  for (const st of streamsOf(options)) {
    if (T === undefined) for (const b of STATES[kind]) out.push(b + st.tag);
    else for (let t = 1; t <= T; t++) for (const b of STATES[kind]) out.push(`${b}_${t}${st.tag}`);
  }
  return out;
}
