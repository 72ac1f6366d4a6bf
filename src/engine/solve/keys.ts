// The keys of a block's quantities: `h` for a single step, `h_3` at step 3 of a sequence,
// `h_prev` / `h_0` before the first step.

/** `h_3` → { base: 'h', t: 3 }; `h_prev` → { base: 'h_prev' }. */
export function splitKey(key: string): { base: string; t?: number } {
  // /^([a-z]+)_(\d+)$/ by hand (onehot is one of [a-z]+): a solve splits keys thousands of times.
  const u = key.lastIndexOf('_');
  if (u < 1 || u === key.length - 1) return { base: key };
  for (let i = 0; i < u; i++) {
    const c = key.charCodeAt(i);
    if (c < 97 || c > 122) return { base: key };
  }
  for (let i = u + 1; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) return { base: key };
  }
  return { base: key.slice(0, u), t: Number(key.slice(u + 1)) };
}

export function at(base: string, t: number | undefined): string {
  return t === undefined ? base : `${base}_${t}`;
}

/** The key of `base` one step before t: `h_2` at step 3, `h_prev` in a single step. */
export function prevKey(base: string, t: number | undefined): string {
  return t === undefined ? `${base}_prev` : at(base, t - 1);
}
