// "Did you mean": the names nearest an unknown one, by edit distance over the block's own names
// and the spellings its kind knows, each with a quick fix that writes it in the name's place.
import type { CellKind, Fix, Range } from '../types';
import { stateSpellings, weightNames } from '../parse/nameTables';
import { NOT_FINITE, NOT_FINITE_NOTE } from '../parse/pasted';

/** Past this length a name is not compared (a pasted paragraph is no typo of a name). */
const LONGEST = 40;
const MAX_SUGGESTIONS = 3;

export interface Suggestion {
  /** `did you mean \`b_y\`?`, or '' when nothing is near. */
  readonly question: string;
  /** The question in parentheses after a space, or ''. */
  readonly text: string;
  readonly fixes: readonly Fix[];
}

const NONE: Suggestion = { question: '', text: '', fixes: [] };

/** The nearest names to `written` among `blockNames` (as the note writes them) and the kind's spellings. */
export function didYouMean(written: string, range: Range, blockNames: Iterable<string>, kind: CellKind): Suggestion {
  if (NOT_FINITE.test(written.trim())) return { question: NOT_FINITE_NOTE, text: ` (${NOT_FINITE_NOTE})`, fixes: [] };
  const names = nearest(written, [...blockNames, ...stateSpellings(kind), ...weightNames(kind)]);
  if (!names.length) return NONE;
  const question = `did you mean ${names.map((n) => `\`${n}\``).join(' or ')}?`;
  return {
    question,
    text: ` (${question})`,
    fixes: names.map((n) => ({ title: `Change ${written} to ${n}`, kind: 'rename', edits: [{ range, newText: n }] })),
  };
}

/**
 * Candidates within a typo's distance, nearest first, the block's own first on ties: another
 * case for one letter (every letter is one edit from every other), 1 edit up to 3 characters,
 * 2 up to 6, else 3.
 */
export function nearest(written: string, candidates: readonly string[]): string[] {
  const w = written.trim();
  if (w.length === 0 || w.length > LONGEST) return [];
  const most = w.length === 1 ? 0 : w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  const scored: { name: string; d: number; order: number }[] = [];
  const seen = new Set<string>();
  candidates.forEach((name, order) => {
    if (seen.has(name) || name === w || name.length > LONGEST) return;
    seen.add(name);
    const d = distance(w.toLowerCase(), name.toLowerCase(), most);
    if (d <= most) scored.push({ name, d, order });
  });
  scored.sort((a, b) => a.d - b.d || a.order - b.order);
  return scored.slice(0, MAX_SUGGESTIONS).map((s) => s.name);
}

/** Levenshtein distance of a and b, or `most + 1` once it is over `most` (both are at most LONGEST long). */
function distance(a: string, b: string, most: number): number {
  if (Math.abs(a.length - b.length) > most) return most + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]);
    }
    if (best > most) return most + 1;
    prev = row;
  }
  return prev[b.length];
}
