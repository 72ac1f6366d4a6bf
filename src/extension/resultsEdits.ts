// `Insert results`: appends a check (`name ?= value`) for every computed result of a block that
// the note does not check yet, just before the closing fence, so the note records the answers.
// No VS Code here (the unit tests run it in Node).
import type { Fix, TextEdit } from '../engine/types';
import { fenceCloserLine, inDocument } from '../markdown/blocks';
import type { AnalyzedBlock } from '../markdown/document';
import { formatLiteral } from '../engine/format';

/** The engine's own insert-results fix for the block, when it offers one. */
function engineFix({ analysis }: AnalyzedBlock): Fix | undefined {
  for (const d of analysis.diagnostics) {
    const fix = d.fixes.find((f) => f.kind === 'insert-results');
    if (fix) return fix;
  }
  return undefined;
}

/**
 * Edits (in document coordinates) that append the block's unchecked computed results; empty when
 * there is nothing to add. `lines` are the document's.
 */
export function insertResultsEdits(ab: AnalyzedBlock, lines: readonly string[]): TextEdit[] {
  const { block, analysis: a } = ab;
  const fix = engineFix(ab);
  if (fix) return fix.edits.map((e) => ({ range: inDocument(e.range, block.line), newText: e.newText }));
  const checked = new Set(a.checks.filter((c) => !c.formula).map((c) => c.name));
  const results = a.quantities.filter((q) => q.origin === 'computed' && !checked.has(q.name));
  if (!results.length) return [];

  const last = block.line + block.range.end.line;
  const closing = lines[last] ?? '';
  const fence = closingFence(closing);
  const hasClosingFence = last > block.line && fence !== null;
  // Content lines carry the block's prefix (indentation, `> ` in quotes): reuse the first one's.
  const sample = block.lines.find((l) => l.text.trim() !== '') ?? block.lines[0];
  const prefix = sample ? (lines[block.line + sample.line] ?? '').slice(0, sample.character) : (fence?.[1] ?? '');
  const previous = hasClosingFence ? (lines[last - 1] ?? '') : closing;
  const separate = previous.slice(prefix.length).trim() !== '';
  const body = [
    ...(separate ? [prefix.trimEnd()] : []),
    `${prefix}# results`,
    ...results.map((q) => `${prefix}${q.name} ?= ${formatLiteral(q.value, a.options.precision, a.options.layout)}`),
  ];
  if (hasClosingFence) {
    return [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: body.join('\n') + '\n' }];
  }
  const end = { line: last, character: closing.length };
  return [{ range: { start: end, end }, newText: '\n' + body.join('\n') }];
}

/** A closing fence line (three or more of one fence character): [line, its quote/space prefix], or null. */
export function closingFence(line: string): [string, string] | null {
  const closer = fenceCloserLine(line);
  return closer && closer.run >= 3 ? [line, line.slice(0, closer.prefix)] : null;
}
