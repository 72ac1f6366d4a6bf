// The keys of a block's quantities: `h` for a single step, `h_3` at step 3 of a sequence,
// `h_prev` / `h_0` before the first step.

/** `h_3` → { base: 'h', t: 3 }; `h_prev` → { base: 'h_prev' }. */
export function splitKey(key: string): { base: string; t?: number } {
  const m = /^([a-z]+)_(\d+)$/.exec(key); // (onehot is one of [a-z]+)
  return m ? { base: m[1], t: Number(m[2]) } : { base: key };
}

export function at(base: string, t: number | undefined): string {
  return t === undefined ? base : `${base}_${t}`;
}

/** The key of `base` one step before t: `h_2` at step 3, `h_prev` in a single step. */
export function prevKey(base: string, t: number | undefined): string {
  return t === undefined ? `${base}_prev` : at(base, t - 1);
}
