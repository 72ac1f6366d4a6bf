// The hover of a name in a block, as Markdown text: the same sections in the same order for every
// name (its check first when the name is a check's left side, then title, value, where it comes
// from, where it is used), each name as the note writes it with "(canonical: c)" beside it. On a
// failing check the failing elements, stated against computed, open the hover: they are what the
// reader came for and must be above the fold. No VS Code here: hover.ts wraps the text.
import type { AnalysisWithSteps, BlockAnalysis, CheckResult, ElementMismatch, Position, Quantity, Step } from '../engine/types';
import { elementLabel, formatAligned, formatNumber, formatOffBy } from '../engine/format';
import { gradientSummary } from '../markdown/solution/gradientText';
import { shapeText } from '../engine/matrix';
import { blockSpellings, spellFormula, type Spellings } from '../engine/spelling';
import { escapeMarkdown } from '../markdown/solution/escape';

/** Failing elements listed before `… N more off`. */
const FAILING_ROWS = 12;

/**
 * A code block whose fence is longer than any run of backticks in the text: LaTeX cells and
 * written names come from the note, and a fixed ``` fence would let a cell holding ``` close the
 * block and turn the rest into Markdown (links included).
 */
export function codeBlock(code: string): string {
  let longest = 0;
  for (const m of code.match(/`+/g) ?? []) longest = Math.max(longest, m.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `\n${fence}text\n${code}\n${fence}\n`;
}

/**
 * The hover of the name written `word` at `start` (block coordinates) that the engine resolved to
 * `resolved`; `fenceLine` is the document line of the block's fence (for "Given at line N").
 * Undefined when the name is nothing the block knows.
 */
export function nameHoverText(
  a: AnalysisWithSteps,
  fenceLine: number,
  word: string,
  resolved: string,
  start: Position,
): string | undefined {
  const check = a.checks.find((c) => c.range.start.line === start.line && c.range.start.character === start.character);
  const key = check && !check.formula && check.written.trim() === word ? check.name : resolved;
  const quantity =
    a.quantities.find((q) => q.range && q.range.start.line === start.line && q.range.start.character === start.character) ??
    a.quantities.find((q) => q.name === key);
  const spellings = blockSpellings(a);
  const sections: string[] = [];
  if (check) sections.push(checkSection(a, check), '\n\n---\n\n');
  if (quantity) {
    sections.push(quantitySections(a, quantity, word, fenceLine, spellings));
  } else if (Object.prototype.hasOwnProperty.call(a.sizes, key)) {
    sections.push(`**${escapeMarkdown(word)}** — size \`${a.sizes[key]}\``);
  } else if (a.shapes[key]) {
    const [rows, cols] = a.shapes[key];
    sections.push(`**${escapeMarkdown(word)}**${canonical(word, key)} · \`${shapeText({ rows, cols })}\``, usedIn(a, key, spellings));
  } else if (!check) {
    return undefined;
  }
  return sections.join('');
}

/** ` (canonical: c)` when the note writes the name otherwise. */
function canonical(word: string, key: string): string {
  return word === key ? '' : ` (canonical: ${escapeMarkdown(key)})`;
}

/** Title, value, origin ("Given at line N", "Computed by", "Assumed"), "Used in". */
function quantitySections(a: AnalysisWithSteps, q: Quantity, word: string, fenceLine: number, spellings: Spellings): string {
  const origin = q.origin === 'given' ? 'given' : q.origin === 'default' ? 'assumed' : 'computed';
  // A gradient says what it is and how large: "Jacobian ∂h_4/∂h_1, 2×2, ‖·‖ = 0.0123".
  const gradient = gradientSummary(q, a);
  const what = gradient ? escapeMarkdown(gradient) : `${escapeMarkdown(q.meaning)} · \`${shapeText(q.value)}\``;
  const out = [`**${escapeMarkdown(word)}** — ${what} · ${origin}${canonical(word, q.name)}`];
  out.push(codeBlock(formatAligned(q.value, a.options.precision, a.options.layout, undefined, q.places)));
  const step = a.steps.find((s) => s.target === q.name);
  if (step) out.push('Computed by', codeBlock(stepText(step, spellings)));
  else if (q.origin === 'given' && q.range) out.push(`Given at line ${fenceLine + q.range.start.line + 1}\n\n`);
  else if (q.origin === 'default') out.push('Assumed: not given in the block\n\n');
  else out.push('Computed by the block\n\n');
  out.push(usedIn(a, q.name, spellings, step));
  return out.join('');
}

/**
 * Steps that read `name`, with their formulas and shape arithmetic, or a line saying none does.
 * A step's operand may be a stack (`[h_prev; x]`): the name is looked for among its names.
 */
function usedIn(a: AnalysisWithSteps, name: string, spellings: Spellings, except?: Step): string {
  const reads = (s: Step) => s.operands.some((o) => o.name === name || namesIn(o.name).includes(name));
  const uses = a.steps.filter((s) => s !== except && reads(s));
  if (!uses.length) return 'Used in: no step of this block';
  const shown = uses.slice(0, 4);
  const title = uses.length === 1 ? 'Used in' : `Used in ${uses.length} steps`;
  return title + codeBlock(shown.map((s) => stepText(s, spellings)).join('\n\n') + (uses.length > shown.length ? '\n…' : ''));
}

function namesIn(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [];
}

/**
 * The hover of a check's stated value: on a failing check its verdict and failing elements first
 * (what the reader pointed at the number for), then the stated value and its shape.
 */
export function checkValueHoverText(a: BlockAnalysis, c: CheckResult): string {
  const head = c.pass ? '' : `${checkSection(a, c)}\n\n---\n\n`;
  const computed = c.computed ? ` · computed \`${shapeText(c.computed)}\`` : '';
  const stated = c.stated ? codeBlock(formatAligned(c.stated, a.options.precision + 2, a.options.layout)) : '';
  return `${head}stated value of **${escapeMarkdown(c.written.trim())}** · \`${c.stated ? shapeText(c.stated) : '?'}\`${computed}${stated}`;
}

function stepText(s: Step, spellings: Spellings): string {
  const t = s.time !== undefined ? `t = ${s.time}: ` : '';
  return `${t}${spellFormula(s.text, spellings)}\n${s.shapes}`;
}

/** The verdict, then the elements off (or not the rounded value), stated vs computed, then the hints. */
function checkSection(a: BlockAnalysis, c: CheckResult): string {
  const out: string[] = [];
  if (c.error) return '⚠ this check cannot be evaluated (see the problem it reports)';
  const total = c.computed ? c.computed.rows * c.computed.cols : 0;
  const off = c.mismatches.length;
  const count = !c.pass && off ? ` · ${off} of ${total} element${total === 1 ? '' : 's'} off` : '';
  out.push(`${c.pass ? '✓ check passes' : '✗ check fails'}${count} · tolerance ${escapeMarkdown(c.tolerance)}`);
  if (!c.stated || !c.computed) {
    out.push(c.computed ? '\n\nThe stated side could not be evaluated.' : '\n\nThe checked value could not be computed.');
    return out.join('');
  }
  if (!c.pass && !off) out.push(`\n\nshapes differ: stated ${shapeText(c.stated)}, computed ${shapeText(c.computed)}`);
  const rows = c.pass ? c.rounding : c.mismatches;
  if (rows.length) out.push(codeBlock(elementTable(a, c, rows)));
  for (const hint of [c.note, c.carriedForward]) if (hint) out.push(`\n\n${escapeMarkdown(hint)}`);
  if (c.convention) out.push(`\n\nMatches ${escapeMarkdown(c.convention.label)}.`);
  return out.join('');
}

/** One row per element: where, stated as written, computed at two extra digits, and by how much it is off. */
function elementTable(a: BlockAnalysis, c: CheckResult, elements: readonly ElementMismatch[]): string {
  const p = a.options.precision + 2;
  const rows: string[][] = [['', 'stated', 'computed', '']];
  for (const m of elements.slice(0, FAILING_ROWS)) {
    rows.push([
      elementLabel(c.computed, m.row, m.col),
      m.written ?? formatNumber(m.stated, p),
      formatNumber(m.computed, p),
      c.pass ? `⚠ rounds to ${m.computed.toFixed(m.written?.split('.')[1]?.length ?? 0)}; within one unit` : `✗ ${formatOffBy(m.units)}`,
    ]);
  }
  const widths = [0, 1, 2].map((j) => Math.max(...rows.map((r) => r[j].length)));
  const lines = rows.map((r) => [r[0].padEnd(widths[0]), r[1].padStart(widths[1]), r[2].padStart(widths[2]), r[3]].join('   ').trimEnd());
  if (elements.length > FAILING_ROWS) lines.push(`… ${elements.length - FAILING_ROWS} more off`);
  return lines.join('\n');
}
