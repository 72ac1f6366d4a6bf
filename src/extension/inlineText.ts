// What inline results show after the lines of a block: ✓ alone after a passing check (its value is
// on the line already), ✗ and the computed value after a failing one, short enough to stay in
// view in a split editor, and a faint shape after each given. No VS Code here: decorations.ts
// draws them.
import type { CheckResult, ElementMismatch, Layout, Range } from '../engine/types';
import type { AnalyzedBlock } from '../markdown/document';
import { elementLabel, formatInline, formatNumber } from '../engine/format';
import { sameShape, shapeText } from '../engine/matrix';

export interface InlineResult {
  readonly kind: 'pass' | 'fail' | 'shape';
  readonly line: number;
  readonly character: number;
  readonly text: string;
}

/**
 * Longest value shown whole after a failing check: with the step panel beside the editor a line
 * of the block plus this still fits (longer values show their first failing element instead).
 */
export const INLINE_VALUE_MAX = 24;

/** What to show after which document line of one block. Pure: used by the decorator and by tests. */
export function inlineResults({ block, analysis: a }: AnalyzedBlock): InlineResult[] {
  const out: InlineResult[] = [];
  for (const c of a.checks) {
    // A check that could not be evaluated shows its error alone (the squiggle), no verdict.
    if (c.error) continue;
    const where = at(c.range.end, block.line);
    if (c.pass) out.push({ kind: 'pass', ...where, text: c.rounding.length ? `✓ ⚠ ${roundingText(c, a.options.precision)}` : '✓' });
    else if (c.computed) out.push({ kind: 'fail', ...where, text: `✗ ${failText(c, a.options.precision, a.options.layout)}` });
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

/** The computed side of a failing check, short: the whole value when it fits, else its first failing element. */
function failText(c: CheckResult, precision: number, layout: Layout): string {
  const computed = c.computed!;
  if (!c.mismatches.length) {
    return c.stated && !sameShape(c.stated, computed)
      ? `is ${shapeText(computed)}, not ${shapeText(c.stated)}`
      : formatInline(computed, precision, layout);
  }
  // Enough digits that no failing element looks like the stated number it differs from.
  const p = Math.max(...c.mismatches.map((m) => distinctPrecision(m, precision)));
  const whole = formatInline(computed, p, layout, INLINE_VALUE_MAX + 1);
  if (whole.length <= INLINE_VALUE_MAX) return whole;
  const m = c.mismatches[0];
  const more = c.mismatches.length > 1 ? ` (${c.mismatches.length} off)` : '';
  return `${elementLabel(computed, m.row, m.col)}=${formatNumber(m.computed, p)}${more}`;
}

/** `0.6548 rounds to 0.7` for the first element of a passing check that is not the rounded value. */
function roundingText(c: CheckResult, precision: number): string {
  const m = c.rounding[0];
  const decimals = m.written?.split('.')[1]?.length ?? 0;
  const label = c.computed && c.computed.rows * c.computed.cols > 1 ? `${elementLabel(c.computed, m.row, m.col)}=` : '';
  return `${label}${formatNumber(m.computed, precision)} rounds to ${m.computed.toFixed(decimals)}`;
}

/** The precision (at least `precision`, at most 6 more) at which the computed element does not read as the stated one. */
function distinctPrecision(m: ElementMismatch, precision: number): number {
  let p = precision;
  while (p < precision + 6 && Number(formatNumber(m.computed, p)) === m.stated) p++;
  return p;
}
