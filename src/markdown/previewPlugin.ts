// The markdown-it plugin that turns `lstm` / `gru` / `rnn` fences into solution cards. A pure
// function of option callbacks (no VS Code): the built-in Markdown preview, the step panel's
// tests and `rnn-math render` all use it. It wraps the previous `fence` renderer and delegates
// to it for every other fence; it never throws (the preview would swallow the error silently).
import type MarkdownIt from 'markdown-it';
import type { Block, BlockAnalysis } from '../engine/types';
import { withSteps } from '../engine/analyze';
import { blockKind } from './blocks';
import { renderCard, renderErrorCard } from './solution/card';
import type { KatexMacros } from './solution/macros';
import { withMacros } from './solution/math';

/** What the plugin needs from an analysed document (DocumentAnalysis.blocks fits). */
export interface AnalyzedBlockLike {
  readonly block: Block;
  readonly analysis: BlockAnalysis;
}

export interface SolutionPluginOptions {
  /** Analyses the whole source being rendered (one call per render; may use a cache). */
  analyze(src: string): readonly AnalyzedBlockLike[] | { readonly blocks: readonly AnalyzedBlockLike[] };
  /** Whether the block's source is shown above its solution (default true). */
  showSource?(): boolean;
  /** A collapsed LaTeX (`align*`) export under each card (default true). */
  latexExport?(): boolean;
  /** The user's KaTeX macros for the cards (VS Code's `markdown.math.macros`; default none). */
  macros?(): KatexMacros | undefined;
  /** Handout cards: steps collapsed, checks one line each (`rnnMath.solution.compact`; default false). */
  compact?(): boolean;
  /** Renders a block in place of the solution card (a sheet's cards); default the solution card with its steps. */
  card?(analyzed: AnalyzedBlockLike, rootAttrs: string): string;
}

const META_KEY = 'rnnMath';

interface FenceMeta {
  analyzed?: AnalyzedBlockLike;
  error?: string;
}

export function solutionPlugin(md: MarkdownIt, options: SolutionPluginOptions): MarkdownIt {
  // 1. After block parsing, analyse the source once and hang each block's analysis on its fence
  //    token (the preview caches tokens across renders, so the analysis travels with them).
  md.core.ruler.push('rnn_math_analyze', (state) => {
    const fences = state.tokens.filter((t) => t.type === 'fence' && t.map && blockKind(t.info));
    if (!fences.length) return;
    let byLine: Map<number, AnalyzedBlockLike> | undefined;
    let error: string | undefined;
    try {
      const result = options.analyze(state.src);
      const list = Array.isArray(result) ? result : (result as { blocks: readonly AnalyzedBlockLike[] }).blocks;
      byLine = new Map(list.map((b) => [b.block.line, b]));
    } catch (e) {
      error = `RNN Math Notes could not analyse this note: ${e instanceof Error ? e.message : String(e)}`;
    }
    for (const t of fences) {
      const meta: FenceMeta = error ? { error } : { analyzed: byLine?.get(t.map![0]) };
      t.meta = { ...(t.meta ?? {}), [META_KEY]: meta };
    }
  });

  // 2. Render those fences as cards; everything else goes to the previous renderer.
  const previous = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx];
    const meta: FenceMeta | undefined = token.meta?.[META_KEY];
    if (!meta || !blockKind(token.info)) {
      return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts);
    }
    let attrs = '';
    let source: string | undefined;
    // A sheet's error card shows no source: a question sheet's would hold the answers.
    const errorSource = options.card ? undefined : token.content;
    try {
      attrs = self.renderAttrs(token);
      source = safeCall(options.showSource, true) ? token.content : undefined;
      if (meta.error) return renderErrorCard(meta.error, { rootAttrs: attrs, source: errorSource });
      if (!meta.analyzed) {
        return renderErrorCard('RNN Math Notes found no analysis for this block.', { rootAttrs: attrs, source: errorSource });
      }
      // The card shows the steps: the one block analysed with them.
      const analyzed = meta.analyzed;
      const card = options.card;
      if (card) return withMacros(safeMacros(options.macros), () => card(analyzed, attrs));
      return withMacros(safeMacros(options.macros), () =>
        renderCard(withSteps(analyzed.block, analyzed.analysis), {
          rootAttrs: attrs,
          source,
          language: token.info,
          latexExport: safeCall(options.latexExport, true),
          line: analyzed.block.line,
          compact: safeCall(options.compact, false),
        }),
      );
    } catch (e) {
      return renderErrorCard(`RNN Math Notes could not render this block: ${e instanceof Error ? e.message : String(e)}`, {
        rootAttrs: attrs,
        source: errorSource,
      });
    }
  };
  return md;
}

function safeCall(fn: (() => boolean) | undefined, fallback: boolean): boolean {
  try {
    return fn ? fn() !== false : fallback;
  } catch {
    return fallback;
  }
}

function safeMacros(fn: (() => KatexMacros | undefined) | undefined): KatexMacros | undefined {
  try {
    return fn?.();
  } catch {
    return undefined;
  }
}
