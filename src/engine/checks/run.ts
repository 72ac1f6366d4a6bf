// One `?=` check: its two sides compared (SPEC §6) and, when it fails, the message with its
// hints (another convention, error carried forward), its quick fixes and the inputs it used.
import type { Block, CheckResult, ElementMismatch, Fix, Matrix, RelatedLocation } from '../types';
import type { Solver } from '../solve';
import { setOptionEdit } from '../parse/options';
import { formatLiteral, formatNumber, formatUnits } from '../format';
import type { Diag } from '../diagnostics';
import { evaluateCheck, type CheckDef } from './evaluate';
import { compare } from './tolerance';
import { carried } from './carried';
import type { AlternativeSolvers } from './conventions';
import * as M from '../matrix';

export interface CheckContext {
  readonly block: Block;
  /** Every check of the block (error carried forward reads the author's stated inputs). */
  readonly checks: readonly CheckDef[];
  readonly solver: Solver;
  /** The block's solve with its steps, made when a failing check first asks. */
  readonly recorded: () => Solver;
  readonly alternatives: AlternativeSolvers;
  readonly diag: Diag;
}

export function runCheck(c: CheckDef, ctx: CheckContext): CheckResult {
  const { solver, diag } = ctx;
  const { options } = solver.setup;
  const ev = evaluateCheck(c, solver);
  if (ev.problem || !ev.computed || !ev.stated) {
    const p = ev.problem ?? { code: 'missing', message: `cannot check ${c.written}`, range: c.range };
    diag('error', p.code, p.range, p.message);
    return result(c, false, ev.stated, ev.computed, '', []);
  }
  const literal = c.rhs.literal;
  const computed = M.orientLike(ev.computed, options.layout);
  const stated = literal && M.isVector(ev.stated) ? M.orientLike(ev.stated, options.layout) : ev.stated;
  const cmp = compare(stated, computed, literal, options.tol);
  if (cmp.pass) return result(c, true, stated, computed, cmp.tolerance, cmp.mismatches);

  const fixes: Fix[] = [];
  if (literal && !cmp.shapeMismatch) {
    fixes.push({
      title: `Replace with the computed value ${formatLiteral(computed, options.precision)}`,
      kind: 'replace-check',
      edits: [{ range: c.valueRange, newText: replacementText(computed, c, options.precision) }],
    });
  }
  let message = cmp.shapeMismatch
    ? `check ${c.written}: the stated value is ${M.shapeText(stated)} but ${c.written} is ${M.shapeText(computed)}`
    : `check ${c.written}: ${describeMismatches(cmp.mismatches, computed, options.precision)}`;
  // The hints share one count (see analyze.ts): the convention is looked for first.
  const convention = cmp.shapeMismatch ? undefined : ctx.alternatives.find(c, stated, literal);
  let carriedForward: string | undefined;
  let note: string | undefined;
  if (c.key && !cmp.shapeMismatch) {
    const cf = carried(c, ctx.checks, solver, ctx.recorded(), ctx.alternatives.setup, stated, literal);
    if (cf?.consistent) {
      carriedForward = cf.message;
      message += `; ${cf.message}`;
    } else if (cf && !convention) {
      note = cf.message;
      message += `; ${cf.message}`;
    }
  }
  if (convention) {
    message += `; your ${c.written} matches ${convention.label}`;
    fixes.push({
      title: `Set ${convention.option}=${convention.value} for this block`,
      kind: 'set-option',
      edits: [setOptionEdit(ctx.block, convention.option, convention.value)],
    });
  }
  diag('error', 'check', c.valueRange, message, { fixes, related: operandsOf(c, ctx) });
  return { ...result(c, false, stated, computed, cmp.tolerance, cmp.mismatches), carriedForward, note, convention };
}

/** A check's result, fields in CheckResult's order; a failing one adds its hints after them. */
function result(
  c: CheckDef,
  pass: boolean,
  stated: Matrix | undefined,
  computed: Matrix | undefined,
  tolerance: string,
  mismatches: readonly ElementMismatch[],
): CheckResult {
  const formula = !c.rhs.literal;
  return {
    name: c.key ?? c.written,
    written: c.written,
    range: c.range,
    valueRange: c.valueRange,
    formula,
    pass,
    stated,
    computed,
    tolerance,
    mismatches,
  };
}

/** Where the note gives the operands of the step that computed the checked name. */
function operandsOf(c: CheckDef, ctx: CheckContext): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  if (c.key === undefined) return related;
  const recorded = ctx.recorded();
  const step = recorded.stepOf.get(c.key);
  if (step === undefined) return related;
  for (const o of recorded.steps[step].operands) {
    const r = ctx.solver.setup.givens.get(o.name)?.nameRange;
    if (r) related.push({ range: r, message: `${o.name} used in ${c.written}` });
  }
  return related;
}

function describeMismatches(ms: readonly ElementMismatch[], computed: Matrix, precision: number): string {
  const isVec = M.isVector(computed);
  const parts = ms.slice(0, 4).map((m) => {
    const where = isVec ? `element ${Math.max(m.row, m.col) + 1}` : `element (${m.row + 1}, ${m.col + 1})`;
    const units = Number.isFinite(m.units) ? ` (${formatUnits(m.units)} of the last written digit)` : '';
    return `${where} is ${m.written ?? formatNumber(m.stated, 10)} but computes to ${formatNumber(m.computed, Math.max(precision + 2, 6))}${units}`;
  });
  if (ms.length > 4) parts.push(`and ${ms.length - 4} more`);
  return parts.join(', ');
}

/** The computed value written like the stated one it replaces (a quick fix). */
function replacementText(m: Matrix, c: CheckDef, precision: number): string {
  const fmt = (x: number) => formatNumber(x, precision);
  // A number stated without brackets (`norm(g) ?= 5`) is replaced by a number.
  if (M.isScalar(m) && !/^\s*[[\\]/.test(c.rhs.source.text)) return fmt(m.data[0]);
  const row = (from: number, to: number, sep: string): string => {
    let out = '';
    for (let k = from; k < to; k++) out += (k > from ? sep : '') + fmt(m.data[k]);
    return out;
  };
  if (M.isVector(m)) return `[${row(0, m.data.length, c.rhs.literal!.oneDimensional || m.rows === 1 ? ', ' : '; ')}]`;
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++) rows.push(row(r * m.cols, (r + 1) * m.cols, ' '));
  return `[${rows.join('; ')}]`;
}
