// Analyses a whole Markdown document, re-using the analysis of every block whose text did not
// change (a keystroke re-analyses one block). Shared by the editor, the CLI and the benchmark.
import { analyzeBlock } from '../engine/analyze';
import { relocateAnalysis } from '../engine/relocate';
import type { AnalysisSettings, Block, BlockAnalysis } from '../engine/types';
import { findBlocks, splitLines } from './blocks';

export interface AnalyzedBlock {
  readonly block: Block;
  readonly analysis: BlockAnalysis;
}

export interface DocumentAnalysis {
  readonly blocks: readonly AnalyzedBlock[];
  /** How many blocks were analysed afresh (the rest came from the cache). */
  readonly analyzed: number;
}

interface CacheEntry { block: Block; analysis: BlockAnalysis }

export class DocumentAnalyzer {
  // Keyed by the block's raw text (fences included) and its column layout, so an unchanged
  // block that only moved up or down is relocated instead of re-analysed.
  private cache = new Map<string, CacheEntry>();

  constructor(private settings: AnalysisSettings = {}, private readonly maxEntries = 5000) {}

  /** New settings invalidate every cached analysis. */
  setSettings(settings: AnalysisSettings): void {
    this.settings = settings;
    this.cache.clear();
  }

  analyze(text: string): DocumentAnalysis {
    const lines = splitLines(text);
    const blocks = findBlocks(text, lines);
    const next = new Map<string, CacheEntry>();
    const out: AnalyzedBlock[] = [];
    let analyzed = 0;
    for (const block of blocks) {
      const key = cacheKey(block);
      const hit = this.cache.get(key) ?? next.get(key);
      let analysis: BlockAnalysis;
      if (hit) {
        const delta = block.range.start.line - hit.block.range.start.line;
        analysis = delta === 0 ? hit.analysis : relocateAnalysis(hit.analysis, delta);
      } else {
        analysis = analyzeBlock(block, this.settings);
        analyzed++;
      }
      if (next.size < this.maxEntries) next.set(key, { block, analysis });
      out.push({ block, analysis });
    }
    // Only the blocks of the latest text are kept: memory follows the document, not its history.
    this.cache = next;
    return { blocks: out, analyzed };
  }

  clear(): void {
    this.cache.clear();
  }
}

function cacheKey(block: Block): string {
  let columns = '';
  for (const l of block.lines) columns += l.character + ',';
  return columns + '\u0000' + block.raw;
}

/** One-shot analysis without a cache (CLI, render). */
export function analyzeDocument(text: string, settings: AnalysisSettings = {}): DocumentAnalysis {
  return new DocumentAnalyzer(settings).analyze(text);
}
