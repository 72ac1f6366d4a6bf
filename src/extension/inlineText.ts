// What inline results show after the lines of a block: ✓ / ✗ after each check, and a faint shape
// after each given. No VS Code here: decorations.ts draws them.
import type { Range } from '../engine/types';
import type { AnalyzedBlock } from '../markdown/document';
import { formatInline } from '../engine/format';
import { shapeText } from '../engine/matrix';

export interface InlineResult {
  readonly kind: 'pass' | 'fail' | 'shape';
  readonly line: number;
  readonly character: number;
  readonly text: string;
}

/** What to show after which document line of one block. Pure: used by the decorator and by tests. */
export function inlineResults({ block, analysis: a }: AnalyzedBlock): InlineResult[] {
  const out: InlineResult[] = [];
  const p = a.options.precision;
  for (const c of a.checks) {
    // A check that could not be evaluated shows its error alone (the squiggle), no verdict.
    if (c.error) continue;
    const end = c.range.end;
    if (c.pass) {
      out.push({
        kind: 'pass',
        ...at(end, block.line),
        text: c.computed && !c.formula ? `✓ ${formatInline(c.computed, p, a.options.layout)}` : '✓',
      });
    } else if (c.computed) {
      const n = c.mismatches.length;
      const detail = n && c.stated ? ` (${n} element${n === 1 ? '' : 's'} off)` : '';
      out.push({ kind: 'fail', ...at(end, block.line), text: `✗ computed ${formatInline(c.computed, p, a.options.layout)}${detail}` });
    }
  }
  for (const s of a.statements) {
    if (s.kind !== 'given' && s.kind !== 'size') continue;
    const q =
      a.quantities.find((x) => x.origin === 'given' && x.range && sameStart(x.range, s.range)) ??
      a.quantities.find((x) => x.origin === 'given' && x.name === s.key);
    if (q) out.push({ kind: 'shape', ...at(s.range.end, block.line), text: shapeText(q.value) });
  }
  return out;
}

/** A position of the block whose fence is on document line `line`, in the document. */
function at(p: Range['end'], line: number): { line: number; character: number } {
  return { line: p.line + line, character: p.character };
}

function sameStart(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
