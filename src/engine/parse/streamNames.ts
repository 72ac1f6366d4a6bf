// The layer and direction a name writes (streams.ts): Coursera's bracket superscript `h^{[2]}_t`,
// `a^{[2]<t>}`, `W_f^{[2]}`; d2l's arrows `\overrightarrow{h}_t`, `\overleftarrow{h}_t` and its
// direction superscripts `W_{xh}^{(b)}`; the ASCII `h_bwd_t`, `h_fwd_t`, `W_f_bwd`. flatten
// (flatSpelling.ts) writes them all as `^[2]` (its own mark: a note writes `^{[2]}`), `_bwd` and `_fwd`.
import { splitTag } from '../streams';

/** The flat name without its marks, and what they say; undefined when it has none. */
export function streamMarks(flat: string): { rest: string; layer: number; backward: boolean } | undefined {
  let layer = 1;
  let backward = false;
  let marked = false;
  let rest = flat.replace(/\^\[(\d{1,2})\]/g, (_, n: string) => {
    layer = Number(n);
    marked = true;
    return '';
  });
  rest = rest.replace(/_(fwd|bwd)(?=_|$)/gi, (_, d: string) => {
    backward = d.toLowerCase() === 'bwd';
    marked = true;
    return '';
  });
  return marked && rest !== '' ? { rest, layer, backward } : undefined;
}

/** LaTeX of a tagged key (`h_3[2,bwd]` → `\overleftarrow{h}_{3}^{[2]}`) from its plain key's; undefined for a plain key. */
export function streamLatex(key: string, plain: (key: string) => string): string | undefined {
  const stream = splitTag(key);
  if (!stream) return undefined;
  // d2l's arrow over the letter, Coursera's bracket superscript after it.
  const inner = plain(stream.inner);
  const head = /^(?:\\[a-z]+\{[A-Za-z]\}|[A-Za-z]+)/.exec(inner)?.[0];
  const arrowed = stream.backward && head ? `\\overleftarrow{${head}}${inner.slice(head.length)}` : inner;
  return stream.layer > 1 ? `${arrowed}^{[${stream.layer}]}` : arrowed;
}
