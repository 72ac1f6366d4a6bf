// KaTeX with bounded, untrusting options. Never throws: a bad formula renders as KaTeX's error text.
import type Katex from 'katex';
import type { KatexOptions } from 'katex';
import { escapeHtml } from './escape';

let loaded: typeof Katex | undefined;
/**
 * KaTeX is loaded with the first formula, not when the extension activates (the bundles load it
 * from dist/katex.js: esbuild.js).
 */
function katex(): typeof Katex {
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

/** Longest LaTeX source handed to KaTeX (a huge matrix is elided long before this). */
const MAX_LATEX = 200_000;

export function renderMath(latex: string, display: boolean): string {
  if (latex.length > MAX_LATEX) {
    return `<span class="rnn-math-error">${escapeHtml(`formula too long to typeset (${latex.length} characters)`)}</span>`;
  }
  try {
    return katex().renderToString(latex, { ...KATEX_OPTIONS, displayMode: display });
  } catch (e) {
    return `<span class="rnn-math-error">${escapeHtml(e instanceof Error ? e.message : String(e))}</span>`;
  }
}

/**
 * A KaTeX stand-in for other markdown-it math plugins (the `render` command's `$…$` prose math):
 * whatever options they pass, trust stays off and expansion stays bounded.
 */
export const safeKatex = {
  renderToString(latex: string, options?: KatexOptions): string {
    return katex().renderToString(String(latex).slice(0, MAX_LATEX), { ...options, ...KATEX_OPTIONS, displayMode: !!options?.displayMode });
  },
} as typeof Katex;
