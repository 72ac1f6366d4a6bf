// A markdown-it rule that leaves prose giving an answer away off a question sheet: the
// paragraph's (or heading's, table cell's) text, or the whole formula or code block, becomes one
// `rnn_withheld` token, which the HTML sheet and the LaTeX sheet each render as a short note.
import type MarkdownIt from 'markdown-it';
import type { AnalyzedBlockLike } from '../previewPlugin';
import { escapeHtml } from '../solution/escape';
import { LeakFinder, type AnswerLeak } from './leaks';

export const WITHHELD = 'rnn_withheld';
export const WITHHELD_NOTE = '(withheld from the question sheet: it gives an answer away)';

/** Prose left off a question sheet because it gives an answer away. */
export interface WithheldProse extends AnswerLeak {
  /** Document line (0-based) of the withheld paragraph, heading, formula or code block. */
  readonly line: number;
}

/** Tokens whose text is printed as is: formulas, code and other fences. */
const BLOCK_TEXT = new Set(['math_block', 'math_block_eqno', 'code_block', 'fence']);

/**
 * Runs after the solution plugin's analysis (its rule is pushed first): `blocks()` is that
 * analysis. Every leak found is appended to `found`.
 */
export function withholdPlugin(md: MarkdownIt, blocks: () => readonly AnalyzedBlockLike[], found: WithheldProse[]): void {
  md.core.ruler.push('rnn_sheet_withhold', (state) => {
    const analysed = blocks();
    if (!analysed.length) return;
    const finder = new LeakFinder(analysed);
    state.tokens.forEach((t, k) => {
      if ((t.type === 'fence' && t.meta?.rnnMath) || (t.type !== 'inline' && !BLOCK_TEXT.has(t.type))) return;
      const leak = finder.find(t.content);
      if (!leak) return;
      found.push({ ...leak, line: t.map?.[0] ?? 0 });
      const stub = new state.Token(WITHHELD, '', 0);
      if (t.type === 'inline') t.children = [stub];
      else {
        stub.block = true;
        stub.map = t.map;
        state.tokens[k] = stub;
      }
    });
  });
  md.renderer.rules[WITHHELD] = (tokens, idx) =>
    tokens[idx].block
      ? `<p class="rnn-withheld">${escapeHtml(WITHHELD_NOTE)}</p>\n`
      : `<span class="rnn-withheld">${escapeHtml(WITHHELD_NOTE)}</span>`;
}
