// Finds the `lstm` / `gru` / `rnn` fences of a Markdown document with markdown-it, the parser
// VS Code's preview uses, so the editor, the preview and the CLI agree on what a block is.
import type MarkdownIt from 'markdown-it';
import type { Block, BlockLine, CellKind, Range } from '../engine/types';
import { isSpace } from '../engine/parse/statements';

let parser: MarkdownIt | undefined;
const KIND = /^\s*(lstm|gru|rnn)(?=$|[\s{])/i;

/** Splits text into lines the way VS Code counts them (\n, \r\n or \r). */
export function splitLines(text: string): string[] {
  // Without a carriage return, splitting on the one character is twice as fast as the regex.
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

export function blockKind(info: string): CellKind | undefined {
  const m = KIND.exec(info);
  if (!m) return undefined;
  // The constant, not a fresh lower-cased copy that every block's analysis would keep.
  const kind = m[1].toLowerCase();
  return kind === 'lstm' ? 'lstm' : kind === 'gru' ? 'gru' : 'rnn';
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
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

/** What findBlocks reads of a markdown-it fence token. */
interface FenceToken {
  readonly type: string;
  readonly info: string;
  readonly markup: string;
  readonly map: [number, number] | null;
  readonly content: string;
}

/** Spaces and tabs before a line's first other character, as a column (tabs to the next multiple of 4) and an index. */
function indentOf(line: string): { column: number; at: number } {
  let column = 0,
    at = 0;
  for (; at < line.length; at++) {
    const c = line.charCodeAt(at);
    if (c === 32) column++;
    else if (c === 9) column += 4 - (column % 4);
    else break;
  }
  return { column, at };
}

/** Whether `line` closes a fence of `len` `marker` characters opened at column 0 (markdown-it's rule). */
function closesFence(line: string, marker: number, len: number): boolean {
  const { column, at } = indentOf(line);
  if (column >= 4 || line.charCodeAt(at) !== marker) return false;
  let end = at;
  while (line.charCodeAt(end) === marker) end++;
  if (end - at < len) return false;
  for (; end < line.length; end++) {
    const c = line.charCodeAt(end);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/**
 * The fence tokens markdown-it would give, found from the lines themselves when that is provably
 * the same; undefined sends the note to markdown-it. It is the same when every fence marker (```
 * or ~~~) outside a fence starts a line at column 0 and no line starts a quote (`>`) or HTML (`<`):
 * then every fence is at the top level (a fence line ends a list item, a paragraph, a link
 * definition or indented code, and cannot continue any of them), and lists, headings and prose
 * cannot change where one starts or ends. markdown-it's block pass over a 20,000-line note was
 * ~10 ms; this is a look at each line's first characters. test/unit/fenceScan.test.ts compares
 * the two on generated notes.
 */
export function scanFences(text: string, lines: readonly string[]): FenceToken[] | undefined {
  if (text.includes('\r') || text.includes('\0')) return undefined;
  // markdown-it's lines: a final line break does not start another line, and a last line of only
  // spaces and tabs (no line break after it) is not a line either.
  const lineMax = /^[ \t]*$/.test(lines[lines.length - 1]) ? lines.length - 1 : lines.length;
  const out: FenceToken[] = [];
  for (let i = 0; i < lineMax; i++) {
    const line = lines[i];
    const c0 = line.charCodeAt(0);
    if (c0 === 96 || c0 === 126) {
      // ` ~
      let len = 1;
      while (line.charCodeAt(len) === c0) len++;
      if (len >= 3) {
        const info = line.slice(len);
        if (c0 === 96 && info.includes('`')) return undefined;
        let j = i + 1;
        while (j < lineMax && !closesFence(lines[j], c0, len)) j++;
        out.push({ type: 'fence', info, markup: line.slice(0, len), map: [i, j < lineMax ? j + 1 : lineMax], content: '' });
        i = j; // past the closing line (or the end)
        continue;
      }
    }
    if (line.includes('```') || line.includes('~~~')) return undefined;
    const first = line.charCodeAt(indentOf(line).at);
    if (first === 62 || first === 60) return undefined; // > <
  }
  return out;
}

export function findBlocks(text: string, lines: readonly string[] = splitLines(text)): Block[] {
  // A UTF-8 byte order mark is not part of the first line (editors do not show it, and with it a
  // fence on line 1 is not a fence): columns on line 1 count from the character after it.
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    lines = lines.length && lines[0].charCodeAt(0) === 0xfeff ? [lines[0].slice(1), ...lines.slice(1)] : lines;
  }
  const blocks: Block[] = [];
  const tokens: readonly FenceToken[] = scanFences(text, lines) ?? blockParser().parse(text, {});
  // markdown-it turns NUL into U+FFFD in content: then only its content text is exact.
  const linesExact = !text.includes('\0');
  for (const token of tokens) {
    if (token.type !== 'fence' || !token.map) continue;
    const kind = blockKind(token.info);
    if (!kind) continue;
    const [first, endExclusive] = token.map;
    const fenceLine = lines[first] ?? '';
    const last = Math.min(endExclusive, lines.length) - 1;
    // A fence at column 0 is in no container: markdown-it's own rule says whether its last line
    // closes it (four spaces of indentation make that line content).
    const atColumn0 = fenceLine.startsWith(token.markup);
    const closed =
      last > first &&
      (atColumn0
        ? closesFence(lines[last] ?? '', token.markup.charCodeAt(0), token.markup.length)
        : isClosingFence(lines[last], token.markup));
    const contentEnd = closed ? last : last + 1;
    const blockLines: BlockLine[] = [];
    if (linesExact && atColumn0) {
      // A fence at column 0 is outside any list or quote: its content lines are the document's.
      for (let i = first + 1; i < contentEnd; i++) blockLines.push({ line: i - first, character: 0, text: lines[i] });
    } else {
      const contentTexts = token.content.split('\n');
      if (contentTexts.length && contentTexts[contentTexts.length - 1] === '') contentTexts.pop();
      for (let i = 0; i < contentTexts.length && first + 1 + i < contentEnd; i++) {
        blockLines.push(locate(lines[first + 1 + i] ?? '', contentTexts[i], 1 + i));
      }
    }
    const infoStart = fenceLine.indexOf(token.markup) + token.markup.length;
    const kindMatch = /^\s*(lstm|gru|rnn)/i.exec(fenceLine.slice(infoStart));
    const optionsStart = infoStart + (kindMatch ? kindMatch[0].length : 0);
    // Lines count from the fence (line 0); equal positions are one object (analyses are immutable).
    const fenceStart = { line: 0, character: 0 },
      fenceEnd = { line: 0, character: fenceLine.length };
    const infoEnd = fenceLine.trimEnd().length;
    const info = token.info.replace(KIND, '').trim();
    const fenceRange = { start: fenceStart, end: fenceEnd };
    const infoRange = {
      start: { line: 0, character: optionsStart },
      end: infoEnd === fenceLine.length ? fenceEnd : { line: 0, character: infoEnd },
    };
    const range = { start: fenceStart, end: { line: last - first, character: (lines[last] ?? '').length } };
    const raw = lines.slice(first, last + 1).join('\n');
    blocks.push({ kind, info, line: first, fenceRange, infoRange, range, lines: blockLines, raw });
  }
  return blocks;
}

/** The same block with its fence on document line `line` (nothing inside it changes). */
export function atLine(block: Block, line: number): Block {
  if (block.line === line) return block;
  // Field by field, not a spread: an Enter above 1,000 blocks moves all of them (bench section 4).
  const { kind, info, fenceRange, infoRange, range, lines, raw } = block;
  return { kind, info, line, fenceRange, infoRange, range, lines, raw };
}

/** A range inside a block (lines from its fence) in document coordinates, for a block whose fence is on `line`. */
export function inDocument(r: Range, line: number): Range {
  return {
    start: { line: r.start.line + line, character: r.start.character },
    end: { line: r.end.line + line, character: r.end.character },
  };
}

/**
 * A line that could close a fence: any quote markers and white space (`prefix` characters), a run
 * of `run` backticks or tildes (`marker`), then only white space; undefined for any other line.
 * A loop over the characters (the regular expression it replaces, `^(\s*>)*\s*`, nested two
 * quantifiers over the same characters).
 */
export function fenceCloserLine(line: string): { prefix: number; marker: number; run: number } | undefined {
  const n = line.length;
  let i = 0;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c !== 62 && !isSpace(c)) break; // >
  }
  const marker = line.charCodeAt(i);
  if (marker !== 96 && marker !== 126) return undefined; // ` ~
  let end = i;
  while (end < n && line.charCodeAt(end) === marker) end++;
  for (let k = end; k < n; k++) if (!isSpace(line.charCodeAt(k))) return undefined;
  return { prefix: i, marker, run: end - i };
}

/** Whether `line` closes a fence opened with `markup`: its character, at least as many of them. */
function isClosingFence(line: string | undefined, markup: string): boolean {
  const closer = line === undefined ? undefined : fenceCloserLine(line);
  return closer !== undefined && closer.marker === markup.charCodeAt(0) && closer.run >= markup.length;
}

// markdown-it strips block-quote markers and indentation from the content; the content line is
// then a suffix of the document line, which gives its exact column. `line` counts from the fence.
function locate(source: string, text: string, line: number): BlockLine {
  if (source.endsWith(text)) return { line, character: source.length - text.length, text };
  const trimmed = text.trimStart();
  const at = trimmed ? source.lastIndexOf(trimmed) : -1;
  if (at >= 0) return { line, character: at, text: trimmed };
  return { line, character: 0, text };
}
