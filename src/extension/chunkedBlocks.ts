// Finding the blocks of a huge note in pieces, so that the extension host can breathe between
// them. markdown-it over 5 MB takes a second or more (most of it inline parsing of prose); a
// block-only pass (inline rules off) finds the lines where a top-level block starts, and from
// such a line markdown-it's block parser starts afresh — no container, fence or HTML block is
// open there — so parsing the note in chunks cut at those lines finds exactly the blocks a
// parse of the whole note finds (test/unit/chunkedBlocks.test.ts checks it). Each chunk then
// goes through the shared findBlocks, with its fence lines shifted back to document lines.
// Pure (no VS Code): the analysis service uses it, the unit tests too.
import type { Block } from '../engine/types';
import { atLine, blockParser, findBlocks } from '../markdown/blocks';

/** Lines (0-based) where a top-level Markdown block starts, in order. */
export function topLevelStarts(text: string): number[] {
  const starts: number[] = [];
  for (const t of blockParser().parse(text, {})) {
    if (t.level !== 0 || !t.map || t.nesting < 0) continue;
    if (!starts.length || starts[starts.length - 1] < t.map[0]) starts.push(t.map[0]);
  }
  return starts;
}

export interface Chunk {
  /** First line of the chunk. */
  readonly start: number;
  /** One past its last line. */
  readonly end: number;
}

/** Chunks of about `maxChars` characters, cut only at top-level block starts. */
export function planChunks(lines: readonly string[], starts: readonly number[], maxChars = 64 * 1024): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let size = 0;
  let k = 0;
  for (let line = 0; line < lines.length; line++) {
    // `line` may start a new chunk when it starts a top-level block
    while (k < starts.length && starts[k] < line) k++;
    if (line > start && size >= maxChars && k < starts.length && starts[k] === line) {
      chunks.push({ start, end: line });
      start = line;
      size = 0;
    }
    size += lines[line].length + 1;
  }
  chunks.push({ start, end: lines.length });
  return chunks;
}

/** The blocks of one chunk, at their document lines. */
export function findBlocksIn(lines: readonly string[], chunk: Chunk): Block[] {
  const part = lines.slice(chunk.start, chunk.end);
  const blocks = findBlocks(part.join('\n'), part);
  return chunk.start === 0 ? blocks : blocks.map((b) => atLine(b, b.line + chunk.start));
}

/** All blocks, chunk by chunk (what the analysis service does between its pauses). */
export function findBlocksChunked(text: string, lines: readonly string[], maxChars?: number): Block[] {
  const out: Block[] = [];
  for (const chunk of planChunks(lines, topLevelStarts(text), maxChars)) out.push(...findBlocksIn(lines, chunk));
  return out;
}
