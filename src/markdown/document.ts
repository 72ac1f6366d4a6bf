// Analyses a whole Markdown document, re-using the analysis of every block whose text did not
// change (a keystroke re-analyses one block). Shared by the editor, the CLI and the benchmark.
//
// The full path finds the blocks again (the fence scanner, or markdown-it) and takes unchanged
// ones from the cache: 5–30 ms on the bench's 20,000-line note, over SPEC §10's 5 ms for a
// keystroke. So the two edits that budget is about skip it, because they provably leave every
// fence, list, quote and HTML block where it was:
//   1. typing inside one line of a block's content, after the line's first character, when that
//      character is not a fence character: container prefixes, indentation and fences are
//      untouched, so only that block's text changes (it alone is analysed again);
//   2. adding or removing blank lines (Enter / Backspace on an empty line) outside blocks,
//      where a run of blank lines stays a run of blank lines: every block keeps its text and
//      analysis, and later blocks get a new fence line (positions inside a block count from it).
// Anything else (typing in prose too) takes the full path. bench/check-incremental.js checks the
// two against the full path on random edits.
import { analyzeBlock } from '../engine/analyze';
import type { AnalysisSettings, Block, BlockAnalysis, BlockLine } from '../engine/types';
import { atLine, findBlocks, splitLines } from './blocks';

/** A block and its analysis; positions in the analysis count lines from `block.line`. */
export interface AnalyzedBlock {
  readonly block: Block;
  readonly analysis: BlockAnalysis;
}

export interface DocumentAnalysis {
  readonly blocks: readonly AnalyzedBlock[];
  /** How many blocks were analysed afresh (the rest came from the cache). */
  readonly analyzed: number;
}

/** The last analysed text and what was found in it, for the incremental paths. */
interface Snapshot {
  text: string;
  lines: string[];
  /** Offset of each line's first character in `text`. */
  starts: number[];
  out: AnalyzedBlock[];
  keys: string[];
}

export class DocumentAnalyzer {
  // Keyed by the block's raw text (fences included) and its column layout, so an unchanged
  // block that only moved up or down keeps its analysis.
  private cache = new Map<string, BlockAnalysis>();
  private last?: Snapshot;
  /** How the last `analyze` found the blocks (for the benchmark and tests). */
  path: 'full' | 'same' | 'block-line' | 'blank-lines' = 'full';

  constructor(
    private settings: AnalysisSettings = {},
    private readonly maxEntries = 5000,
  ) {}

  /** New settings invalidate every cached analysis. */
  setSettings(settings: AnalysisSettings): void {
    this.settings = settings;
    this.cache.clear();
    this.last = undefined;
  }

  analyze(text: string): DocumentAnalysis {
    const last = this.last;
    if (last) {
      if (last.text === text) {
        this.path = 'same';
        return { blocks: last.out.slice(), analyzed: 0 };
      }
      const quick = this.incremental(last, text);
      if (quick) return quick;
    }
    this.path = 'full';
    return this.full(text);
  }

  clear(): void {
    this.cache.clear();
    this.last = undefined;
  }

  /**
   * One block's analysis, from the cache or made now, for a caller that finds the blocks itself
   * (the editor's cooperative pass over a huge note, chunk by chunk); `retain` ends such a pass.
   */
  analysisOf(block: Block): { analysis: BlockAnalysis; fresh: boolean } {
    const key = cacheKey(block);
    const hit = this.cache.get(key);
    if (hit) return { analysis: hit, fresh: false };
    const analysis = analyzeBlock(block, this.settings);
    if (this.cache.size < 2 * this.maxEntries) this.cache.set(key, analysis);
    return { analysis, fresh: true };
  }

  /** Keeps only these blocks' analyses (the text they came from is the latest one). */
  retain(blocks: readonly AnalyzedBlock[]): void {
    this.last = undefined;
    this.rebuildCache(
      blocks,
      blocks.map((b) => cacheKey(b.block)),
    );
  }

  private full(text: string): DocumentAnalysis {
    const lines = splitLines(text);
    const blocks = findBlocks(text, lines);
    const next = new Map<string, BlockAnalysis>();
    const out: AnalyzedBlock[] = [];
    const keys: string[] = [];
    let analyzed = 0;
    for (const block of blocks) {
      const key = cacheKey(block);
      let analysis = this.cache.get(key) ?? next.get(key);
      if (!analysis) {
        analysis = analyzeBlock(block, this.settings);
        analyzed++;
      }
      if (next.size < this.maxEntries) next.set(key, analysis);
      out.push({ block, analysis });
      keys.push(key);
    }
    // Only the blocks of the latest text are kept: memory follows the document, not its history.
    this.cache = next;
    this.last = { text, lines, starts: lineStarts(text, lines), out, keys };
    return { blocks: out.slice(), analyzed };
  }

  /** The cache as `full` would leave it for these blocks (later duplicates win, size-capped). */
  private rebuildCache(out: readonly AnalyzedBlock[], keys: readonly string[]): void {
    const next = new Map<string, BlockAnalysis>();
    for (let k = 0; k < out.length; k++) {
      if (next.size < this.maxEntries) next.set(keys[k], out[k].analysis);
    }
    this.cache = next;
  }

  private incremental(last: Snapshot, text: string): DocumentAnalysis | undefined {
    const old = last.text;
    // The changed span: old[p, oldEnd) became text[p, newEnd).
    const p = commonPrefix(old, text);
    const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
    const oldEnd = old.length - s,
      newEnd = text.length - s;
    const removed = old.slice(p, oldEnd),
      inserted = text.slice(p, newEnd);
    if (!/[\r\n]/.test(removed) && !/[\r\n]/.test(inserted)) return this.lineEdit(last, text, p, oldEnd, inserted);
    if (/^[ \n]*$/.test(removed) && /^[ \n]*$/.test(inserted)) return this.blankLines(last, text, p, oldEnd, inserted);
    return undefined;
  }

  /** Case 1: an edit within one line, inside one block's content. */
  private lineEdit(last: Snapshot, text: string, p: number, oldEnd: number, inserted: string): DocumentAnalysis | undefined {
    if (inserted.includes('\u0000')) return undefined;
    const L = lineAt(last.starts, p);
    const k = blockAt(last.out, L);
    if (k < 0) return undefined;
    const old = last.out[k].block;
    const first = old.line;
    if (L <= first) return undefined;
    const idx = L - first - 1;
    const bl = old.lines[idx];
    if (!bl || bl.line !== L - first) return undefined;
    const oldLine = last.lines[L];
    // markdown-it's content line must be the document line past its prefix (no tab expansion).
    if (oldLine.slice(bl.character) !== bl.text) return undefined;
    const lead = bl.text.length - bl.text.trimStart().length;
    const firstChar = bl.text.charAt(lead);
    // The edit must start after the content's first non-space character, which is no fence character.
    if (firstChar === '' || firstChar === '`' || firstChar === '~' || /\s/.test(firstChar)) return undefined;
    const lineStart = last.starts[L];
    if (p - lineStart <= bl.character + lead) return undefined;
    const newLine = oldLine.slice(0, p - lineStart) + inserted + oldLine.slice(oldEnd - lineStart);

    const lines = last.lines;
    lines[L] = newLine;
    const delta = inserted.length - (oldEnd - p);
    if (delta !== 0) for (let j = L + 1; j < last.starts.length; j++) last.starts[j] += delta;
    const lastLine = old.range.end.line;
    const range = L - first === lastLine ? { start: old.range.start, end: { line: lastLine, character: newLine.length } } : old.range;
    const raw = lines.slice(first, first + lastLine + 1).join('\n');
    const blockLines: BlockLine[] = old.lines.slice();
    blockLines[idx] = { line: bl.line, character: bl.character, text: newLine.slice(bl.character) };
    const block: Block = {
      kind: old.kind,
      info: old.info,
      line: first,
      fenceRange: old.fenceRange,
      infoRange: old.infoRange,
      range,
      lines: blockLines,
      raw,
    };
    const key = cacheKey(block);
    let analysis = this.cache.get(key);
    let analyzed = 0;
    if (!analysis) {
      analysis = analyzeBlock(block, this.settings);
      analyzed = 1;
    }
    this.path = 'block-line';
    last.out[k] = { block, analysis };
    last.keys[k] = key;
    last.text = text;
    this.rebuildCache(last.out, last.keys);
    return { blocks: last.out.slice(), analyzed };
  }

  /** Case 2: blank lines added or removed outside blocks (only spaces and line breaks changed). */
  private blankLines(last: Snapshot, text: string, p: number, oldEnd: number, inserted: string): DocumentAnalysis | undefined {
    const { lines, starts } = last;
    const a = lineAt(starts, p),
      b = lineAt(starts, oldEnd);
    const oldWindow = lines.slice(a, b + 1);
    // (A paste of thousands of blank lines takes the full path: the splices below spread arrays.)
    if (b - a > 4096 || inserted.length > 4096) return undefined;
    const newWindow = (old(last, starts[a], p) + inserted + old(last, oldEnd, starts[b] + lines[b].length)).split('\n');
    // Non-blank lines must be the same, in the same order; only runs of blank lines change.
    const oldRuns = runs(oldWindow),
      newRuns = runs(newWindow);
    if (oldRuns.nonBlank.length !== newRuns.nonBlank.length) return undefined;
    for (let j = 0; j < oldRuns.nonBlank.length; j++) if (oldRuns.nonBlank[j] !== newRuns.nonBlank[j]) return undefined;
    const isBlank = (line: number) => line >= 0 && line < lines.length && /^ *$/.test(lines[line]);
    // Line shifts: after each run of blank lines, lines move by the change in its length.
    const shifts: { at: number; delta: number }[] = [];
    let cursor = a; // old line index where the current run starts
    for (let r = 0; r < oldRuns.lengths.length; r++) {
      const kOld = oldRuns.lengths[r],
        kNew = newRuns.lengths[r];
      if (kOld !== kNew) {
        const atStart = r === 0 && a === 0;
        const atEnd = r === oldRuns.lengths.length - 1 && b === lines.length - 1;
        const outside = (r === 0 && isBlank(a - 1) ? 1 : 0) + (r === oldRuns.lengths.length - 1 && isBlank(b + 1) ? 1 : 0);
        // A run of n ≥ 1 blank lines means the same as any other run of ≥ 1 (CommonMark);
        // at the very start or end of the document blank lines mean nothing.
        if (!atStart && !atEnd && (kOld + outside === 0 || kNew + outside === 0)) return undefined;
        // Blank lines inside a block are its content: that is an edit of the block.
        const inside = blockAt(last.out, cursor);
        if (inside >= 0 && last.out[inside].block.line < cursor) return undefined;
        shifts.push({ at: cursor + kOld, delta: kNew - kOld });
      }
      cursor += kOld + 1; // past the run and the non-blank line after it
    }
    if (!shifts.length) return undefined;
    // An unclosed block runs to the end of the document: blank lines after its start are content.
    const tail = last.out[last.out.length - 1];
    if (tail && !closed(tail.block) && shifts.some((sh) => sh.at > tail.block.line)) return undefined;

    // Apply: the new lines and line offsets, then every block after a shift moves down or up.
    lines.splice(a, b - a + 1, ...newWindow);
    const windowStarts: number[] = [];
    for (let j = 0, at = starts[a]; j < newWindow.length; j++) {
      windowStarts.push(at);
      at += newWindow[j].length + 1;
    }
    const grow = text.length - last.text.length;
    for (let j = b + 1; j < starts.length; j++) starts[j] += grow;
    starts.splice(a, b - a + 1, ...windowStarts);
    last.text = text;
    const out = last.out;
    for (let k = 0; k < out.length; k++) {
      const first = out[k].block.line;
      let delta = 0;
      for (const sh of shifts) if (first >= sh.at) delta += sh.delta;
      if (delta !== 0) out[k] = { block: atLine(out[k].block, first + delta), analysis: out[k].analysis };
    }
    this.rebuildCache(out, last.keys);
    this.path = 'blank-lines';
    return { blocks: out.slice(), analyzed: 0 };
  }
}

// Common prefix and suffix by 4 kB chunks (string equality runs at memcmp speed), then by
// character: a keystroke in a 400 kB note costs a fraction of a millisecond.
const CHUNK = 4096;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** Whether the block ends with its closing fence (else it runs to the end of its container). */
function closed(block: Block): boolean {
  return block.lines.length === block.range.end.line - block.range.start.line - 1;
}

function old(last: Snapshot, from: number, to: number): string {
  return last.text.slice(from, to);
}

/** Lengths of the blank runs around and between the non-blank lines of a window. */
function runs(window: readonly string[]): { nonBlank: string[]; lengths: number[] } {
  const nonBlank: string[] = [];
  const lengths: number[] = [0];
  for (const l of window) {
    if (/^ *$/.test(l)) lengths[lengths.length - 1]++;
    else {
      nonBlank.push(l);
      lengths.push(0);
    }
  }
  return { nonBlank, lengths };
}

/**
 * The cache key of a block: its raw text (fences included) and the columns its content lines
 * start at. A block whose lines all start at column 0 (outside lists and quotes: most) is keyed by
 * its raw text alone, which the block already holds; a raw text never starts like a column list
 * (`0,2,…` then NUL), so the two kinds of key cannot meet.
 */
export function cacheKey(block: Block): string {
  if (block.lines.length > 0 && block.lines.every((l) => l.character === 0)) return block.raw;
  let columns = '';
  for (const l of block.lines) columns += l.character + ',';
  return columns + '\u0000' + block.raw;
}

function lineStarts(text: string, lines: readonly string[]): number[] {
  const starts = new Array<number>(lines.length);
  let at = 0;
  for (let j = 0; j < lines.length; j++) {
    starts[j] = at;
    at += lines[j].length;
    // the line break: \r\n, \r or \n (splitLines)
    if (text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10) at += 2;
    else at += 1;
  }
  return starts;
}

/** The line holding offset `offset` (binary search over line starts). */
function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0,
    hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Index of the block whose lines (fence to fence) hold document line `line`, or −1. */
export function blockAt(out: readonly AnalyzedBlock[], line: number): number {
  let lo = 0,
    hi = out.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = out[mid].block;
    if (line < b.line) hi = mid - 1;
    else if (line > b.line + b.range.end.line) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** One-shot analysis without a cache (CLI, render). */
export function analyzeDocument(text: string, settings: AnalysisSettings = {}): DocumentAnalysis {
  return new DocumentAnalyzer(settings).analyze(text);
}
