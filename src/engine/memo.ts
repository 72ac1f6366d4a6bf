// Notes repeat the same few names, spellings and keys in every block: the work done on one
// (regexes, string building) is remembered instead of done again.

/** Keys longer than this are computed each time (not worth keeping). */
const LONGEST_KEY = 64;
/** A memo this full is emptied rather than grown, so memory stays bounded whatever a note holds. */
const MOST_KEYS = 5000;

/** `compute(key)`, remembered in `memo`. */
export function remembered<T>(memo: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = memo.get(key);
  if (value === undefined) {
    value = compute(key);
    if (key.length <= LONGEST_KEY) {
      if (memo.size >= MOST_KEYS) memo.clear();
      memo.set(key, value);
    }
  }
  return value;
}
