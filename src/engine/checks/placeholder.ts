// A check left to fill in: `h ?=` with nothing after it (what the snippets write), or `h ?= []`
// (what they wrote before). It is an exercise's blank, not a slip: an info that names the shape
// the answer has, with the fix that writes the computed value in place (Insert results makes the
// same edit for every placeholder of the block).
import type { Range } from '../types';
import type { Expression } from '../expr';
import type { Solver } from '../solve';
import type { Diag } from '../diagnostics';
import { formatLiteral } from '../format';
import * as M from '../matrix';
import { evaluateCheck } from './evaluate';

/** Whether a check's right side (its code, comments removed) is a placeholder: blank, or `[ ]`. */
export function isPlaceholder(rhs: string): boolean {
  const t = rhs.trim();
  return t === '' || (t.startsWith('[') && t.endsWith(']') && t.slice(1, -1).trim() === '');
}

export interface PlaceholderDef {
  readonly lhs: Expression;
  readonly written: string;
  /** Canonical name when the left side is a single name. */
  readonly key?: string;
  /** The whole statement (where the info goes). */
  readonly range: Range;
  /** What the fill replaces: from just after `?=` to the end of `[ ]`, or nothing (it is inserted there). */
  readonly fill: Range;
}

/**
 * The info of one placeholder, with the fix that fills it; when its left side cannot be computed,
 * the error a check of it would give (the blank cannot be filled either).
 */
export function reportPlaceholder(p: PlaceholderDef, solver: Solver, diag: Diag): void {
  const ev = evaluateCheck(p, solver);
  if (ev.problem || !ev.computed) {
    const problem = ev.problem ?? { code: 'missing', message: `cannot fill ${p.written}: it is not computed`, range: p.range };
    diag('error', problem.code, problem.range, problem.message);
    return;
  }
  const { precision, layout } = solver.setup.options;
  const value = formatLiteral(ev.computed, precision, layout);
  diag(
    'info',
    'placeholder',
    p.range,
    `${p.written} ?= is left to fill in (${p.written} is ${M.shapeText(M.orientLike(ev.computed, layout))}); Insert results writes the computed value`,
    { fixes: [{ title: `Fill in ${p.written} ?= ${value}`, kind: 'insert-results', edits: [{ range: p.fill, newText: ` ${value}` }] }] },
  );
}
