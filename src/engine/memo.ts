// Notes repeat the same few names, spellings and keys in every block: the work done on one
// (regexes, string building) is remembered instead of done again.

/** Keys longer than this are computed each time (not worth keeping). */
const LONGEST_KEY = 64;
/** A memo this full is emptied rather than grown, so memory stays bounded whatever a note holds. */
const MOST_KEYS = 5000;

export function remembered<T>(memo: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    if (key.length > LONGEST_KEY) return compute(key);
    // The kept key (and what is computed from it) must not be a slice of the note's text.
    const own = detached(key);
    value = compute(own);
    if (memo.size >= MOST_KEYS) memo.clear();
    memo.set(own, value);
  }
  return value;
}

/**
 * A copy of `s` that is not a slice of a longer string. V8 makes a substring of 13 or more
 * characters a view of its parent, so a module-level cache keeping one would keep the whole
 * document it was cut from alive, long after the document closed.
 */
function detached(s: string): string {
  return s.length < 13 ? s : Array.from(s).join('');
}
