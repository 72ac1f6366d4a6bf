// The step panel's tab title. A tab beside a half-width editor shows about 25 characters, so the
// title names the block the way the reader does: by the section it is under ("Steps · Question 2"),
// or, when that section holds other blocks too or there is none, by kind and number ("Steps · LSTM
// 2"). The file and line are in the panel's own header. No VS Code here.
import type { CellKind } from '../engine/types';

/** Longest section heading kept whole in the title; longer ones are cut with …. */
export const TITLE_HEADING_MAX = 18;

export interface TitledBlock {
  readonly kind: CellKind;
  /** The document line of the block's fence. */
  readonly line: number;
}

/** The title of the panel showing `blocks[index]` of a note whose lines are `lines`. */
export function panelTitle(lines: readonly string[], blocks: readonly TitledBlock[], index: number): string {
  const headings = headingLines(lines, blocks[blocks.length - 1]?.line ?? 0);
  const under = (line: number) => {
    let h: { line: number; text: string } | undefined;
    for (const x of headings) if (x.line < line) h = x;
    return h;
  };
  const own = under(blocks[index].line);
  const alone = own && blocks.every((b, i) => i === index || under(b.line) !== own);
  if (own && alone && own.text) return `Steps · ${trim(own.text)}`;
  const sameKind = blocks.filter((b) => b.kind === blocks[index].kind).length;
  const number = sameKind > 1 ? ` ${blocks.slice(0, index + 1).filter((b) => b.kind === blocks[index].kind).length}` : '';
  return `Steps · ${blocks[index].kind.toUpperCase()}${number}`;
}

/** ATX headings before line `upTo`, outside fenced code (a block's `# solution` is a comment, not a heading). */
function headingLines(lines: readonly string[], upTo: number): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  for (let i = 0; i < Math.min(lines.length, upTo); i++) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(lines[i]);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && !lines[i].slice(open[0].length).trim()) fence = undefined;
      continue;
    }
    if (open) {
      fence = open[1];
      continue;
    }
    const h = /^ {0,3}#{1,6}(?:[ \t]|$)/.exec(lines[i]);
    if (h) out.push({ line: i, text: headingText(lines[i].slice(h[0].length)) });
  }
  return out;
}

/** A heading's text without the closing #s an ATX heading may end with. */
function headingText(rest: string): string {
  const t = rest.trim();
  let end = t.length;
  while (end > 0 && t[end - 1] === '#') end--;
  return end === t.length || end === 0 || t[end - 1] === ' ' ? t.slice(0, end).trim() : t;
}

function trim(text: string): string {
  return text.length <= TITLE_HEADING_MAX ? text : text.slice(0, TITLE_HEADING_MAX - 1).trimEnd() + '…';
}
