// What of a block a variant changes, read once from the note's own analysis: the givens written
// as numbers (with their role and how they were written), and the checks whose answers are
// recomputed. Positions are the document's (line, column), so edits apply to the note's lines.
import type { BlockAnalysis, Block, CellKind, Range, VarySpec } from '../engine/types';
import { readLiteral, type ReadLiteral } from './literalText';
import { roleOf, type GivenRole } from './givens';

export interface GivenPlan {
  readonly range: Range;
  readonly written: ReadLiteral;
  readonly role: GivenRole;
}

export interface CheckPlan {
  /** The check's left side as the note writes it (`C_t`), the key's column name. */
  readonly label: string;
  /** The canonical name the engine checks (`c`). */
  readonly name: string;
  readonly range: Range;
  /** The answer as written, when it is numbers: recomputed in every variant. Else (a formula) kept as written. */
  readonly written?: ReadLiteral;
  readonly text: string;
}

export interface BlockPlan {
  readonly block: Block;
  readonly kind: CellKind;
  /** 1-based, in document order: the `b1` of the key's columns. */
  readonly index: number;
  /** The first line of the prose above the block (just past the previous block). */
  readonly proseStart: number;
  readonly vary?: VarySpec;
  readonly precision: number;
  readonly givens: readonly GivenPlan[];
  readonly checks: readonly CheckPlan[];
  /** Why the block cannot be varied (it does not evaluate), when it cannot. */
  readonly problem?: string;
}

/** A range of the block as the document's: its lines count from the fence. */
function inDocument(block: Block, r: Range): Range {
  return {
    start: { line: block.line + r.start.line, character: r.start.character },
    end: { line: block.line + r.end.line, character: r.end.character },
  };
}

/** The text of a document range over `lines`. */
export function textOf(lines: readonly string[], r: Range): string {
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  const parts = [lines[r.start.line].slice(r.start.character)];
  for (let l = r.start.line + 1; l < r.end.line; l++) parts.push(lines[l]);
  parts.push(lines[r.end.line].slice(0, r.end.character));
  return parts.join('\n');
}

export function planBlock(block: Block, analysis: BlockAnalysis, index: number, lines: readonly string[], proseStart: number): BlockPlan {
  const { options } = analysis;
  const base: Omit<BlockPlan, 'givens' | 'checks'> = {
    block,
    kind: block.kind,
    index,
    proseStart,
    vary: options.vary,
    precision: options.precision,
  };
  const broken = analysis.diagnostics.find((d) => d.severity === 'error' && d.code !== 'check');
  if (broken) {
    const at = `line ${block.line + broken.range.start.line + 1}`;
    return { ...base, givens: [], checks: [], problem: `${at}: ${broken.message}` };
  }
  const givens: GivenPlan[] = [];
  for (const s of analysis.statements) {
    if (s.kind !== 'given' || !s.valueRange || !s.key) continue;
    const quantity = analysis.quantities.find((q) => q.name === s.key && q.origin === 'given');
    if (!quantity) continue;
    const range = inDocument(block, s.valueRange);
    const written = readLiteral(textOf(lines, range));
    if (written) givens.push({ range, written, role: roleOf(block.kind, quantity.base, options.act) });
  }
  const checks: CheckPlan[] = analysis.checks.map((c) => {
    const range = inDocument(block, c.valueRange);
    const text = textOf(lines, range).trim();
    const written = c.formula ? undefined : readLiteral(text);
    return { label: c.written, name: c.name, range, text, ...(written ? { written } : {}) };
  });
  return { ...base, givens, checks };
}
