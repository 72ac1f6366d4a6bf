// A question's prose often repeats a given ("the one-hot vector [0 1 0 0]", the weight matrix as
// a LaTeX display above the block): a variant that changed the block but not the prose would
// hand the student two different matrices. So a literal in the prose between the previous block
// and this one whose numbers are exactly a given's old ones is rewritten to its new ones, in
// the prose's own notation. Numbers in running text (an answer quoted in a sentence) are not
// literals and stay as written.
import type { Matrix } from '../engine/types';
import { scanLiteral } from '../engine/parse/literals';
import { formatNumber } from '../engine/format';
import type { BlockPlan } from './plan';
import { readLiteral, writeLiteral } from './literalText';
import type { Edit } from './edits';

/** The prose read above a block, at most: a literal is repeated near its question. */
const MAX_PROSE = 20_000;

export function proseEdits(plan: BlockPlan, lines: readonly string[], drawn: readonly { from: Matrix; to: Matrix }[]): Edit[] {
  const changed = drawn.filter((d) => d.from !== d.to && d.from.data.length >= 2);
  if (!changed.length) return [];
  const edits: Edit[] = [];
  let chars = 0;
  for (let line = plan.block.line - 1; line >= plan.proseStart && chars < MAX_PROSE; line--) {
    const text = lines[line];
    chars += text.length + 1;
    for (let at = 0; at < text.length; at++) {
      const c = text[at];
      if (c !== '[' && !(c === '\\' && text.startsWith('\\begin{', at))) continue;
      const scan = scanLiteral(text, at);
      if (!scan || 'error' in scan) continue;
      const match = changed.find((d) => sameNumbers(d.from, scan.value));
      const style = match && readLiteral(text.slice(at, scan.end))?.style;
      if (match && style) {
        const to: Matrix = { rows: scan.value.rows, cols: scan.value.cols, data: match.to.data };
        edits.push({
          range: { start: { line, character: at }, end: { line, character: scan.end } },
          text: writeLiteral(to, style, (x) => formatNumber(x, 6)),
        });
      }
      at = scan.end - 1;
    }
  }
  return edits;
}

/** The same numbers in the same order (a vector of either orientation). */
function sameNumbers(a: Matrix, b: Matrix): boolean {
  const vectors = (a.rows === 1 || a.cols === 1) && (b.rows === 1 || b.cols === 1);
  if (!vectors && (a.rows !== b.rows || a.cols !== b.cols)) return false;
  return a.data.length === b.data.length && a.data.every((v, k) => v === b.data[k]);
}
