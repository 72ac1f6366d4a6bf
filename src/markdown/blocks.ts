// Finds the `lstm` / `gru` / `rnn` fences of a Markdown document with markdown-it, the parser
// VS Code's preview uses, so the editor, the preview and the CLI agree on what a block is.
import type MarkdownIt from 'markdown-it';
import type { Block, BlockLine, CellKind } from '../engine/types';

let parser: MarkdownIt | undefined;
const KIND = /^\s*(lstm|gru|rnn)(?=$|[\s{])/i;

/** Splits text into lines the way VS Code counts them (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function blockKind(info: string): CellKind | undefined {
  const m = KIND.exec(info);
  return m ? (m[1].toLowerCase() as CellKind) : undefined;
}

/**
 * markdown-it with block rules only: fences are block tokens, and the inline pass (emphasis,
 * links, entities in every paragraph of prose) was most of the parse time and never changes
 * what a block is. Required when first needed: in the extension, markdown-it is dist/markdown-it.js
 * (esbuild.js), so loading the extension does not run its module code (about a third of the time
 * to load dist/extension.js); the first analysis, right after activation, loads it.
 */
export function blockParser(): MarkdownIt {
  if (!parser) {
    const MarkdownItClass = require('markdown-it') as typeof MarkdownIt;
    parser = new MarkdownItClass('commonmark');
    parser.core.ruler.disable(['inline', 'text_join'], true);
    parser.core.ruler.at('normalize', normalize);
  }
  return parser;
}

/**
 * markdown-it's own normalize rule (CR and CRLF to LF, NUL to U+FFFD), skipped when there is
 * nothing to change: its two replaces copied the whole document on every parse.
 */
function normalize(state: { src: string }): void {
  const src = state.src;
  if (src.indexOf('\r') >= 0 || src.indexOf('\0') >= 0) state.src = src.replace(/\r\n?|\n/g, '\n').replace(/\0/g, '\uFFFD');
}

export function findBlocks(text: string, lines: readonly string[] = splitLines(text)): Block[] {
  const blocks: Block[] = [];
  const tokens = blockParser().parse(text, {});
  // markdown-it turns NUL into U+FFFD in content: then only its content text is exact.
  const linesExact = !text.includes('\0');
  for (const token of tokens) {
    if (token.type !== 'fence' || !token.map) continue;
    const kind = blockKind(token.info);
    if (!kind) continue;
    const [first, endExclusive] = token.map;
    const fenceLine = lines[first] ?? '';
    const last = Math.min(endExclusive, lines.length) - 1;
    const closed = last > first && isClosingFence(lines[last], token.markup);
    const contentEnd = closed ? last : last + 1;
    const blockLines: BlockLine[] = [];
    if (linesExact && fenceLine.startsWith(token.markup)) {
      // A fence at column 0 is outside any list or quote: its content lines are the document's.
      for (let line = first + 1; line < contentEnd && line < lines.length; line++) blockLines.push({ line, character: 0, text: lines[line] });
    } else {
      const contentTexts = token.content.split('\n');
      if (contentTexts.length && contentTexts[contentTexts.length - 1] === '') contentTexts.pop();
      for (let i = 0; i < contentTexts.length && first + 1 + i < contentEnd; i++) {
        const line = first + 1 + i;
        blockLines.push(locate(lines[line] ?? '', contentTexts[i], line));
      }
    }
    const infoStart = fenceLine.indexOf(token.markup) + token.markup.length;
    const kindMatch = /^\s*(lstm|gru|rnn)/i.exec(fenceLine.slice(infoStart));
    const optionsStart = infoStart + (kindMatch ? kindMatch[0].length : 0);
    blocks.push({
      kind,
      info: token.info.replace(KIND, '').trim(),
      fenceRange: { start: { line: first, character: 0 }, end: { line: first, character: fenceLine.length } },
      infoRange: { start: { line: first, character: optionsStart }, end: { line: first, character: fenceLine.trimEnd().length } },
      range: { start: { line: first, character: 0 }, end: { line: last, character: (lines[last] ?? '').length } },
      lines: blockLines,
      raw: lines.slice(first, last + 1).join('\n'),
    });
  }
  return blocks;
}

function isClosingFence(line: string | undefined, markup: string): boolean {
  if (line === undefined) return false;
  const stripped = line.replace(/^(\s*>)*\s*/, '');
  return stripped.startsWith(markup[0].repeat(markup.length)) && /^([`~])\1*\s*$/.test(stripped);
}

// markdown-it strips block-quote markers and indentation from the content; the content line is
// then a suffix of the document line, which gives its exact column.
function locate(source: string, text: string, line: number): BlockLine {
  if (source.endsWith(text)) return { line, character: source.length - text.length, text };
  const trimmed = text.trimStart();
  const at = trimmed ? source.lastIndexOf(trimmed) : -1;
  if (at >= 0) return { line, character: at, text: trimmed };
  return { line, character: 0, text };
}
