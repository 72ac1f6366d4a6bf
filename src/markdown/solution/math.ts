// KaTeX with bounded, untrusting options. Never throws: a bad formula renders as KaTeX's error text.
import type Katex from 'katex';
import type { KatexOptions } from 'katex';
import { escapeHtml } from './escape';
import type { KatexMacros } from './macros';

let loaded: typeof Katex | undefined;
/**
 * KaTeX is loaded with the first formula, not when the extension activates (the bundles load it
 * from dist/katex.js: esbuild.js).
 */
function katex(): typeof Katex {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
  return (loaded ??= require('katex') as typeof Katex);
}

export const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore' as const,
  maxExpand: 200,
  maxSize: 25,
  output: 'htmlAndMathml' as const,
};

/**
 * Longest formula of a card handed to KaTeX. KaTeX takes roughly 5–15 ms per 1,000 characters
 * (measured on this project's formulas and on repeated runs such as `x+x+…`, `\frac{a}{b}+…`:
 * ~20 ms at 2,000 characters, ~120 ms at 8,000); a card's own formulas are elided matrices, at
 * most ~3,500 characters for H = 32 (12×10 shown), so this only stops a hostile expression.
 */
export const MAX_LATEX = 12_000;
/** Longest formula of the prose (`$…$`, `$$…$$`) handed to KaTeX: ~20–40 ms of typesetting. */
export const MAX_PROSE_LATEX = 4_000;
/** Most formula text of the prose typeset on one page (`withMathBudget`); the rest is shown as source. */
export const MAX_PAGE_PROSE_LATEX = 50_000;

/** How much of a long formula is echoed in a card (its full source is the block's). */
const ECHO = 300;

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/** A formula not typeset: its source as escaped text and a short note why. */
function notTypeset(latex: string, why: string, echo = latex.length): string {
  const shown = latex.length > echo ? `${latex.slice(0, echo)}…` : latex;
  return `<code class="rnn-math-source">${escapeHtml(shown)}</code> <span class="rnn-math-error">${escapeHtml(`(${why})`)}</span>`;
}

function tooLong(latex: string, max: number): string {
  return `formula not typeset: ${grouped(latex.length)} characters, more than ${grouped(max)}`;
}

/** The user's macros for what is being rendered now (undefined: none; see withMacros). */
let currentMacros: KatexMacros | undefined;

/**
 * Runs `render` (a card, a panel, a page) with the user's KaTeX macros applied to every formula
 * renderMath and safeKatex typeset meanwhile (undefined: the macros already in force); nested
 * calls restore the outer macros.
 */
export function withMacros<T>(macros: KatexMacros | undefined, render: () => T): T {
  if (macros === undefined) return render();
  const outer = currentMacros;
  currentMacros = Object.keys(macros).length ? macros : undefined;
  try {
    return render();
  } finally {
    currentMacros = outer;
  }
}

/** A fresh copy per formula: KaTeX writes `\gdef`s into the object it is given. */
function macroOption(): { macros?: Record<string, string> } {
  return currentMacros ? { macros: { ...currentMacros } } : {};
}

export function renderMath(latex: string, display: boolean): string {
  if (latex.length > MAX_LATEX) return notTypeset(latex, tooLong(latex, MAX_LATEX), ECHO);
  try {
    return katex().renderToString(latex, { ...KATEX_OPTIONS, ...macroOption(), displayMode: display });
  } catch (e) {
    return `<span class="rnn-math-error">${escapeHtml(errorLine(e))}</span>`;
  }
}

function errorLine(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).split('\n', 1)[0];
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The prose formula text one page may still typeset (undefined: no page is being rendered). */
let pageBudget: { remaining: number; readonly total: number } | undefined;

/**
 * Runs `render` (one page: `md.render(…)`) with at most `total` characters of prose formulas
 * typeset by safeKatex; formulas past it are shown as escaped source text.
 */
export function withMathBudget<T>(render: () => T, total = MAX_PAGE_PROSE_LATEX): T {
  const outer = pageBudget;
  pageBudget = { remaining: total, total };
  try {
    return render();
  } finally {
    pageBudget = outer;
  }
}

/**
 * A KaTeX stand-in for other markdown-it math plugins (the `render` command's `$…$` prose math):
 * whatever options they pass, trust stays off and expansion stays bounded; a formula longer than
 * MAX_PROSE_LATEX, or past the page's budget, is shown as its escaped source with a short note;
 * never throws (KaTeX itself can: a stack overflow on deeply nested braces).
 */
export const safeKatex = {
  renderToString(latex: string, options?: KatexOptions): string {
    const src = String(latex);
    if (src.length > MAX_PROSE_LATEX) return notTypeset(src, tooLong(src, MAX_PROSE_LATEX));
    if (pageBudget) {
      if (src.length > pageBudget.remaining) {
        return notTypeset(
          src,
          `formula not typeset: the page already has ${grouped(pageBudget.total - pageBudget.remaining)} characters of formulas, the most one page typesets is ${grouped(pageBudget.total)}`,
        );
      }
      pageBudget.remaining -= src.length;
    }
    try {
      return katex().renderToString(src, { ...options, ...KATEX_OPTIONS, ...macroOption(), displayMode: !!options?.displayMode });
    } catch (e) {
      return `<span class="rnn-math-error">${escapeHtml(errorLine(e))}</span>`;
    }
  },
} as typeof Katex;
