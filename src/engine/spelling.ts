// The note's own names for the quantities: every surface says `C_t` or `\tilde{H}_t` where the note
// wrote them so, and keeps the canonical keys (`c`, `n`) for JSON and for "(canonical: c)".
import type { BlockAnalysis } from './types';

/** Canonical key → how the note first wrote it. Keys the note never wrote are absent. */
export type Spellings = ReadonlyMap<string, string>;

/** The first spelling of each key among `entries` (in the note's order); blank spellings are skipped. */
export function firstSpellings(entries: Iterable<readonly [key: string | undefined, written: string | undefined]>): Spellings {
  const out = new Map<string, string>();
  for (const [key, written] of entries) {
    const w = written?.trim();
    if (key && w && !out.has(key)) out.set(key, w);
  }
  return out;
}

/**
 * A block's spellings: the names its statements write, in order (a computed `C_t` is first written
 * in its check), then the givens a statement does not name itself (the gates of a packed weight).
 */
export function blockSpellings(a: Pick<BlockAnalysis, 'statements' | 'quantities'>): Spellings {
  return firstSpellings([
    ...a.statements.flatMap((s) => s.names.map((n) => [n.key, n.written] as const)),
    ...a.quantities.map((q) => [q.name, q.written] as const),
  ]);
}

/** `name` as the note writes it, or the canonical name when the note never wrote it. */
export function spell(spellings: Spellings, name: string): string {
  return spellings.get(name) ?? name;
}

/**
 * A formula in canonical names (`h = z ⊙ h_prev + (1 − z) ⊙ n`) with each name the note wrote in
 * its spelling (`H_t = Z_t ⊙ H_{t-1} + (1 − Z_t) ⊙ \tilde{H}_t`). Only whole names are replaced, so
 * `W_hz` is not touched by a spelling of `z`.
 */
export function spellFormula(text: string, spellings: Spellings): string {
  if (!spellings.size) return text;
  return text.replace(/[A-Za-z][A-Za-z0-9_]*/g, (name) => spellings.get(name) ?? name);
}
