// `Insert results`: fills the block's placeholders (`h ?=`, left to fill in) with the computed
// values where they stand, and appends a check (`name ?= value`) for every other computed result
// the note does not check yet, just before the closing fence, so the note records the answers.
// No VS Code here (the unit tests run it in Node).
import type { BlockAnalysis, Position, TextEdit } from '../engine/types';
import { canonicalKey } from '../engine/keys';
import { fenceCloserLine, inDocument } from '../markdown/blocks';
import type { AnalyzedBlock } from '../markdown/document';
import { formatLiteral } from '../engine/format';

/**
 * Edits (in document coordinates) that fill the block's placeholders (`h ?=`) in place and append
 * a check for each computed result that has neither a check nor a placeholder; empty when there
 * is nothing to add. `lines` are the document's.
 */
export function insertResultsEdits(ab: AnalyzedBlock, lines: readonly string[]): TextEdit[] {
  const { block, analysis: a } = ab;
  const fills = placeholderFills(a).map((e) => ({ range: inDocument(e.range, block.line), newText: e.newText }));
  const checked = new Set(a.checks.filter((c) => !c.formula).map((c) => c.name));
  for (const name of placeholderNames(a)) checked.add(name);
  const results = a.quantities.filter((q) => q.origin === 'computed' && !checked.has(q.name));
  if (!results.length) return fills;

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
    return [
      ...fills,
      { range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: body.join('\n') + '\n' },
    ];
  }
  const end = { line: last, character: closing.length };
  return [...fills, { range: { start: end, end }, newText: '\n' + body.join('\n') }];
}

/** The engine's fill of each placeholder (in the block's coordinates). */
function placeholderFills(a: BlockAnalysis): TextEdit[] {
  return a.diagnostics.flatMap((d) =>
    d.code === 'placeholder' ? d.fixes.flatMap((f) => (f.kind === 'insert-results' ? f.edits : [])) : [],
  );
}

/** The quantities the placeholders stand for (`c ?=` → c, `h_t ?=` in a 3-step sequence → h_3). */
function placeholderNames(a: BlockAnalysis): string[] {
  return a.diagnostics.flatMap((d) => {
    if (d.code !== 'placeholder') return [];
    const s = a.statements.find((x) => x.kind === 'check' && samePosition(x.range.start, d.range.start));
    return s?.key ? [canonicalKey(a.kind, s.key, a.sequenceLength)] : [];
  });
}

function samePosition(p: Position, q: Position): boolean {
  return p.line === q.line && p.character === q.character;
}

/** A closing fence line (three or more of one fence character): [line, its quote/space prefix], or null. */
export function closingFence(line: string): [string, string] | null {
  const closer = fenceCloserLine(line);
  return closer && closer.run >= 3 ? [line, line.slice(0, closer.prefix)] : null;
}
