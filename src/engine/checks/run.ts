// One `?=` check: its two sides compared (SPEC §6) and, when it fails, the message with its
// hints (another convention, error carried forward), its quick fixes and the inputs it used.
import type { Block, CheckResult, ConventionHint, ElementMismatch, Fix, Matrix, Range } from '../types';
import type { Solver, SolveSetup } from '../solve';
import { setOptionEdit } from '../parse/options';
import { formatLiteral, formatNumber, formatOffBy, formatWritten, placesOf } from '../format';
import type { Diag } from '../diagnostics';
import { evaluateCheck, type CheckDef } from './evaluate';
import { compare, type Comparison } from './tolerance';
import { carried } from './hints';
import * as M from '../matrix';
import { exampleUnit } from '../solve/batch';
import { firstSpellings, spell, spellFormula, type Spellings } from '../spelling';

export interface CheckContext {
  readonly block: Block;
  /** Every check of the block (error carried forward reads the author's stated inputs). */
  readonly checks: readonly CheckDef[];
  readonly solver: Solver;
  /** The setup of every hint's re-solve (against the hints' shared count). */
  readonly hintSetup: () => SolveSetup;
  /** The first other convention under which a stated value holds (hints.ts). */
  readonly convention: (c: CheckDef, stated: Matrix) => ConventionHint | undefined;
  readonly diag: Diag;
}

export function runCheck(c: CheckDef, ctx: CheckContext): CheckResult {
  const { solver, diag } = ctx;
  const { options } = solver.setup;
  const ev = evaluateCheck(c, solver);
  if (ev.problem || !ev.computed || !ev.stated) {
    const p = ev.problem ?? { code: 'missing', message: `cannot check ${c.written}`, range: c.range };
    diag('error', p.code, p.range, p.message, p.fixes?.length ? { fixes: p.fixes } : {});
    // Its diagnostic is the verdict: not also a failed check (counted once, shown once).
    return result(c, ev.stated, ev.computed, undefined, { error: true });
  }
  // A side the check computes itself (a formula) is no value of the solve's: its NaN or ∞ is said here.
  for (const [side, value, formula] of [['left', ev.computed, !c.key] as const, ['right', ev.stated, !c.rhs.literal] as const]) {
    if (formula && !M.allFinite(value))
      diag(
        'warning',
        'numeric',
        c.range,
        `the ${side} side of this check computes to NaN or ∞; check the expression and the values it reads`,
      );
  }
  const literal = c.rhs.literal;
  const computed = M.orientLike(ev.computed, options.layout);
  const stated = literal && M.isVector(ev.stated) ? M.orientLike(ev.stated, options.layout) : ev.stated;
  const cmp = compare(stated, computed, literal, options.tol);
  if (cmp.pass) {
    if (cmp.rounding.length) diag('warning', 'rounding', c.valueRange, roundingMessage(c.written, cmp.rounding, computed));
    return result(c, stated, computed, cmp);
  }

  const fixes: Fix[] = [];
  if (literal && !cmp.shapeMismatch) {
    const value = formatLiteral(computed, options.precision);
    fixes.push({
      title: `Replace with the computed value ${value}`,
      kind: 'replace-check',
      edits: [{ range: c.valueRange, newText: replacementText(computed, c, options.precision, value) }],
    });
  }
  let message = cmp.shapeMismatch
    ? `check ${c.written}: the stated value is ${M.shapeText(stated)} but ${c.written} is ${M.shapeText(computed)}`
    : `check ${c.written}: ${describeMismatches(cmp.mismatches, computed, options.precision, exampleUnit(solver, c.key, computed))}`;
  // The hints share one count (see analyze.ts): the convention is looked for first.
  const convention = cmp.shapeMismatch ? undefined : ctx.convention(c, stated);
  const inputs = stepInputs(c, ctx);
  const spellings = noteSpellings(ctx);
  const cf = c.key && !cmp.shapeMismatch ? carried(c, inputs, stated, ctx, spellings) : undefined;
  // "This step is where it goes wrong" is said only when no other convention explains the value.
  const carriedForward = cf?.consistent ? cf.message : undefined;
  const note = cf && !cf.consistent && !convention ? cf.message : undefined;
  if (carriedForward ?? note) message += `; ${carriedForward ?? note}`;
  const spelled = convention && { ...convention, label: spellLabel(convention.label, spellings) };
  if (spelled) {
    message += `; your ${c.written} matches ${spelled.label}`;
    fixes.push({
      title: `Set ${spelled.option}=${spelled.value} for this block`,
      kind: 'set-option',
      edits: [setOptionEdit(ctx.block, spelled.option, spelled.value)],
    });
  }
  // Where the note gives the operands of the step that computed the checked name.
  const related: { range: Range; message: string }[] = [];
  for (const name of inputs) {
    const range = solver.setup.givens.get(name)?.nameRange;
    if (range) related.push({ range, message: `${spell(spellings, name)} used in ${c.written}` });
  }
  diag('error', 'check', c.valueRange, message, { fixes, related });
  const carriedFrom = cf?.consistent ? cf.from : undefined;
  return result(c, stated, computed, cmp, { carriedForward, carriedFrom, note, convention: spelled });
}

/** Per block, made when its first check fails: a block of many failing checks reads its names once. */
const spellingsOf = new WeakMap<CheckContext, Spellings>();

/** How the note writes each name it gives or checks: a failing check's message uses the note's names. */
function noteSpellings(ctx: CheckContext): Spellings {
  let s = spellingsOf.get(ctx);
  if (!s) {
    const givens = [...ctx.solver.setup.givens.values()].map((g) => [g.key, g.written] as const);
    s = firstSpellings([...givens, ...ctx.checks.map((r) => [r.key, r.written] as const)]);
    spellingsOf.set(ctx, s);
  }
  return s;
}

/** A convention's label with its formula (after `: `) in the note's names; the option text stays as typed. */
function spellLabel(label: string, spellings: Spellings): string {
  const at = label.indexOf(': ');
  return at < 0 ? label : label.slice(0, at + 2) + spellFormula(label.slice(at + 2), spellings);
}

/**
 * A check's result, fields in CheckResult's order, a failing one's hints after them. Every result
 * has every field (absent ones undefined, which JSON leaves out): one object shape, as spreading
 * the hints onto a result measured ~10 % of the Q2 block's time.
 */
function result(
  c: CheckDef,
  stated: Matrix | undefined,
  computed: Matrix | undefined,
  cmp?: Comparison,
  hints: Pick<CheckResult, 'error' | 'carriedForward' | 'carriedFrom' | 'note' | 'convention'> = {},
): CheckResult {
  return {
    name: c.key ?? c.written,
    written: c.written,
    range: c.range,
    valueRange: c.valueRange,
    formula: !c.rhs.literal,
    pass: cmp?.pass ?? false,
    stated,
    computed,
    tolerance: cmp?.tolerance ?? '',
    mismatches: cmp?.mismatches ?? [],
    rounding: cmp?.rounding ?? [],
    places: placesOf(c.rhs.literal, stated),
    points: c.points,
    error: hints.error,
    carriedForward: hints.carriedForward,
    carriedFrom: hints.carriedFrom,
    note: hints.note,
    convention: hints.convention,
  };
}

/** The names the step that computed `c`'s name read (none for a formula, or a name no step computed). */
function stepInputs(c: CheckDef, ctx: CheckContext): readonly string[] {
  return (c.key !== undefined && ctx.solver.reads.get(c.key)) || [];
}

/** `check R_t: element 1: 0.6548 rounds to 0.7; 0.6 is within the one-unit tolerance`. */
function roundingMessage(written: string, rs: readonly ElementMismatch[], computed: Matrix): string {
  const isVec = M.isVector(computed);
  const parts = rs.slice(0, 4).map((m) => {
    const where = M.isScalar(computed) ? '' : isVec ? `element ${Math.max(m.row, m.col) + 1}: ` : `element (${m.row + 1}, ${m.col + 1}): `;
    const decimals = m.written?.split('.')[1]?.length ?? 0;
    const shown = formatNumber(m.computed, Math.max(decimals + 2, 4));
    return `${where}${shown} rounds to ${formatWritten(m.computed, decimals, decimals)}; ${m.written ?? formatNumber(m.stated, 10)} is within the one-unit tolerance`;
  });
  if (rs.length > 4) parts.push(`and ${rs.length - 4} more`);
  return `check ${written}: ${parts.join(', ')}`;
}

/** `batch` names an element of a batch quantity by its example and unit. */
function describeMismatches(
  ms: readonly ElementMismatch[],
  computed: Matrix,
  precision: number,
  batch: ((row: number, col: number) => string) | undefined,
): string {
  const isVec = M.isVector(computed);
  const parts = ms.slice(0, 4).map((m) => {
    const where = batch ? batch(m.row, m.col) : isVec ? `element ${Math.max(m.row, m.col) + 1}` : `element (${m.row + 1}, ${m.col + 1})`;
    const units = Number.isFinite(m.units) ? ` (${formatOffBy(m.units)})` : '';
    return `${where} is ${m.written ?? formatNumber(m.stated, 10)} but computes to ${formatNumber(m.computed, Math.max(precision + 2, 6))}${units}`;
  });
  if (ms.length > 4) parts.push(`and ${ms.length - 4} more`);
  return parts.join(', ');
}

/** The computed value written like the stated one it replaces (a quick fix); `literal` is formatLiteral's. */
function replacementText(m: Matrix, c: CheckDef, precision: number, literal: string): string {
  // A number stated without brackets (`norm(g) ?= 5`) is replaced by a number, a vector stated as
  // one line (`[1, 2]`) by one line, whichever way the layout turns it.
  if (M.isScalar(m) && !/^\s*[[\\]/.test(c.rhs.source.text)) return formatNumber(m.data[0], precision);
  if (M.isScalar(m) || (M.isVector(m) && c.rhs.literal!.oneDimensional))
    return `[${Array.from(m.data, (x) => formatNumber(x, precision)).join(', ')}]`;
  return literal;
}
