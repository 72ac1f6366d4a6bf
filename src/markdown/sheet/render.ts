// A note as an exam sheet's body HTML. The question sheet: the prose and, for each block, its
// givens and empty answer boxes (questionCard.ts), with any prose that gives an answer away
// withheld (leaks.ts). The solution sheet: the solution cards, as the preview shows them.
import { withSteps } from '../../engine/analyze';
import { analyzeDocument, type DocumentAnalysis } from '../document';
import { notesMarkdownIt } from '../notesMarkdown';
import { solutionPlugin } from '../previewPlugin';
import { renderCard, type CardOptions } from '../solution/card';
import type { KatexMacros } from '../solution/macros';
import { withMacros, withMathBudget } from '../solution/math';
import { renderQuestionCard } from './questionCard';
import { withholdPlugin, type WithheldProse } from './withhold';

export type { WithheldProse };

export type SheetKind = 'questions' | 'solutions';
export const SHEET_KINDS: readonly SheetKind[] = ['questions', 'solutions'];

/**
 * The solution sheet's cards: the one place they are configured. No source (the card has the
 * givens and checks) and no collapsed LaTeX export (print shows only its summary).
 */
export const SOLUTION_CARD_OPTIONS: CardOptions = { latexExport: false };

export interface SheetOptions {
  readonly macros?: KatexMacros;
  /** The solution sheet as a handout (`--compact`): the cards' steps collapsed, checks one line each. */
  readonly compact?: boolean;
  /** Print prose that gives an answer away as written (default: withheld, and reported). */
  readonly keepProse?: boolean;
  /** Analyses the note (default analyzeDocument; the editor passes its cached analysis). */
  readonly analyze?: (text: string) => DocumentAnalysis;
}

export interface RenderedSheet {
  readonly html: string;
  readonly blocks: number;
  /** Blocks with an error other than a failed check (the question sheet shows no diagnostics). */
  readonly blocksWithErrors: number;
  readonly withheld: readonly WithheldProse[];
}

export function renderSheet(text: string, kind: SheetKind, options: SheetOptions = {}): RenderedSheet {
  let doc: DocumentAnalysis = { blocks: [], analyzed: 0 };
  const withheld: WithheldProse[] = [];
  let bySection = false;
  const md = notesMarkdownIt();
  solutionPlugin(md, {
    analyze: (src) => (doc = (options.analyze ?? analyzeDocument)(src)),
    card:
      kind === 'questions'
        ? (b, attrs) => renderQuestionCard(b.analysis, { rootAttrs: attrs })
        : (b, attrs) =>
            renderCard(withSteps(b.block, b.analysis), {
              ...SOLUTION_CARD_OPTIONS,
              compact: options.compact === true,
              rootAttrs: attrs,
              line: b.block.line,
            }),
  });
  md.core.ruler.push('rnn_sheet_sections', (state) => {
    bySection = state.tokens.some((t) => t.type === 'heading_open' && t.tag === 'h2');
  });
  if (kind === 'questions' && !options.keepProse) withholdPlugin(md, () => doc.blocks, withheld);
  const body = withMathBudget(() => withMacros(options.macros, () => md.render(text.replace(/^\uFEFF/, ''))));
  const classes = ['rnn-sheet', `rnn-sheet--${kind}`, bySection ? 'rnn-sheet--by-section' : 'rnn-sheet--by-block'];
  const candidate =
    kind === 'questions'
      ? '<div class="rnn-sheet__candidate"><span>Name</span><span class="rnn-sheet__blank"></span><span>ID</span><span class="rnn-sheet__blank rnn-sheet__blank--short"></span></div>\n'
      : '';
  return {
    html: `<div class="${classes.join(' ')}">\n${candidate}${body}</div>\n`,
    blocks: doc.blocks.length,
    blocksWithErrors: doc.blocks.filter((b) => b.analysis.diagnostics.some((d) => d.severity === 'error' && d.code !== 'check')).length,
    withheld,
  };
}
