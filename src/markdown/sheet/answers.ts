// What a question sheet asks of one block: an answer per `?=` check (or, in a block without
// checks, per computed result), each with the shape its box takes. Only shapes and names leave
// this module, never a value: the sheet must not carry the answers in any form.
import type { BlockAnalysis, BlockDiagnostic, CheckResult, Matrix } from '../../engine/types';
import { orientLike } from '../../engine/matrix';
import { isVectorName } from '../solution/steps';

export type AnswerKind = 'values' | 'written';

export interface Answer {
  /** The canonical name when the left side is a name (`c`), else the expression as written (`c[1]`). */
  readonly name: string;
  /** How the author wrote the left side (`C_t`). */
  readonly written: string;
  /** `values`: a grid of boxes; `written`: a lined box for an equation (a formula check). */
  readonly kind: AnswerKind;
  readonly rows: number;
  readonly cols: number;
  /** Block-relative line of the check (or the result's statement), for messages. */
  readonly line?: number;
}

/** The answers a block's question card asks for, in the order the author wrote them. */
export function blockAnswers(a: BlockAnalysis): Answer[] {
  const blanks = a.diagnostics.filter((d) => d.code === 'placeholder').map((d) => placeholderAnswer(d, a));
  if (a.checks.length || blanks.length) {
    const asked = [...a.checks.map((c) => checkAnswer(c, a)), ...blanks.filter((b) => b !== undefined)];
    return asked.sort((x, y) => (x.line ?? 0) - (y.line ?? 0));
  }
  // Nothing asked explicitly: every result the solution card would list becomes a question.
  return a.quantities
    .filter((q) => q.origin === 'computed' && (a.sequenceLength === undefined || q.step === undefined || q.step === a.sequenceLength))
    .map((q) => ({
      name: q.name,
      written: q.written ?? q.name,
      kind: 'values' as const,
      ...shape(q.name, q.value, a),
      line: q.range?.start.line,
    }));
}

function checkAnswer(c: CheckResult, a: BlockAnalysis): Answer {
  const value = c.computed ?? c.stated;
  const dims = value ? shape(c.name, value, a) : { rows: 1, cols: 1 };
  return { name: c.name, written: c.written || c.name, kind: c.formula ? 'written' : 'values', ...dims, line: c.range.start.line };
}

/**
 * A blank left to fill in (`h ?=`): the engine reports it as an info, not a check, whose message
 * names it and its shape as the layout orients it (checks/placeholder.ts: `h ?= is left to fill
 * in (h is 4×1); …`). Undefined when the left side could not be computed (that is an error).
 */
function placeholderAnswer(d: BlockDiagnostic, a: BlockAnalysis): Answer | undefined {
  const cut = d.message.indexOf(' ?= is left to fill in (');
  if (cut < 0) return undefined;
  const written = d.message.slice(0, cut);
  const shape = / is (\d{1,9})×(\d{1,9})\)/.exec(d.message.slice(cut));
  if (!shape) return undefined;
  // the canonical name of the result it asks for, so the label is the card's (`C_t` → c, which the note's notation writes C_t)
  const name = a.quantities.find((q) => q.written === written || q.name === written)?.name ?? written;
  return { name, written, kind: 'values', rows: Number(shape[1]), cols: Number(shape[2]), line: d.range.start.line };
}

/** The box grid follows the card: vectors in the layout's orientation, matrices as they are. */
function shape(name: string, value: Matrix, a: BlockAnalysis): { rows: number; cols: number } {
  const m = isVectorName(name) ? orientLike(value, a.options.layout) : value;
  return { rows: m.rows, cols: m.cols };
}
