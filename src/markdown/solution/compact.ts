// The pieces that make a card a handout (CardOptions.compact) and mark where the author's work
// goes wrong: collapsed source and steps (`<details>`, which expand on click in the panel, the
// preview and a rendered page alike, with no script), checks as one line each, step marks.
import type { BlockAnalysis, CheckResult } from '../../engine/types';
import { elementLabel, formatNumber, formatOffBy } from '../../engine/format';
import { shapeText } from '../../engine/matrix';
import { escapeHtml } from './escape';
import { isKeyName } from './names';
import { jumpButton } from './cardParts';
import { renderMath } from './math';
import { notationOf } from './notation';
import type { StepMark } from './slips';
import type { StepLines } from './steps';

export function compactSource(pre: string): string {
  return `<details class="rnn-card__source-details"><summary>Block source</summary>${pre}</details>`;
}

/** A step as a one-line summary (`i_t = σ(W_i v + b_i)`) over its full working; the first wrong step starts open. */
export function compactStep(lines: StepLines, body: string, mark: StepMark | undefined): string {
  const summary = renderMath(`${lines.target} = ${lines.symbolic}`, false);
  const open = mark?.kind === 'first-wrong' ? ' open' : '';
  // Collapsed, a marked step still says so on its one line.
  const flag = !mark
    ? ''
    : mark.kind === 'inherits'
      ? ' <span class="rnn-step__flag rnn-step__mark--inherits">↳ inherits a slip</span>'
      : ` <span class="rnn-step__flag rnn-step__mark--wrong">✗ ${mark.kind === 'first-wrong' ? 'first wrong step' : 'wrong step'}</span>`;
  return `<details class="rnn-step__details"${open}><summary class="rnn-step__summary">${summary}${flag}</summary>${body}</details>`;
}

export function stepMarkClasses(mark: StepMark | undefined): string {
  if (!mark) return 'rnn-step';
  if (mark.kind === 'inherits') return 'rnn-step rnn-step--inherits';
  return `rnn-step rnn-step--wrong${mark.kind === 'first-wrong' ? ' rnn-step--first-wrong' : ''}`;
}

/** The line over a marked step: where the slip is, or which slipped quantity the step reads. */
export function markHtml(a: BlockAnalysis, mark: StepMark | undefined, first: number): string {
  if (!mark) return '';
  const n = notationOf(a);
  if (mark.kind === 'inherits') {
    const carried = mark.check ? `; your ${renderMath(n.latex(mark.check.name), false)} carries it forward` : '';
    return `<p class="rnn-step__mark rnn-step__mark--inherits">↳ uses the wrong ${renderMath(n.latex(mark.uses ?? ''), false)}${carried}</p>`;
  }
  const c = mark.check!;
  const name = isKeyName(c.name) ? renderMath(n.latex(c.name), false) : `<code>${escapeHtml(c.written)}</code>`;
  const title = mark.kind === 'first-wrong' ? 'First wrong step' : 'Wrong step';
  return (
    `<p class="rnn-step__mark rnn-step__mark--wrong"><span class="rnn-step__mark-icon" aria-hidden="true">✗</span> ` +
    `<strong>${title}</strong>: your ${name} (line ${first + c.range.start.line + 1}) differs from this result</p>`
  );
}

/**
 * One line per check: ✓ and the name (the Results table shows the value), or ✗, the name and its
 * first wrong element (stated, computed, how far off), with a count of the others.
 */
export function compactCheck(a: BlockAnalysis, c: CheckResult, name: string, line: number, interactive: boolean): string {
  const label = c.formula ? `${name} <span class="rnn-label">formula</span>` : name;
  const jump = interactive ? ` ${jumpButton(line)}` : '';
  if (c.pass) {
    const rounding = c.rounding.length ? ' <span class="rnn-check__note">within one unit, but not the rounded value</span>' : '';
    return `<li class="rnn-check rnn-check--pass rnn-check--line" data-check-line="${line}"><span class="rnn-check__mark" aria-label="passed">✓</span> ${label}${rounding}${jump}</li>`;
  }
  const { precision } = a.options;
  let detail: string;
  const m = c.mismatches[0];
  if (m) {
    const at = c.computed && c.computed.rows * c.computed.cols > 1 ? elementLabel(c.computed, m.row, m.col) : '';
    const off = Number.isFinite(m.units) ? `, ${formatOffBy(m.units)}` : '';
    const others = c.mismatches.length > 1 ? ` (+${c.mismatches.length - 1} more)` : '';
    detail = `${at}: stated ${m.written ?? formatNumber(m.stated, 12)}, computed ${formatNumber(m.computed, precision + 2)}${off}${others}`;
  } else if (c.stated && c.computed) {
    detail = `: stated ${shapeText(c.stated)}, computed ${shapeText(c.computed)}`;
  } else {
    detail = ': could not be evaluated';
  }
  const why = c.carriedForward ?? c.note ?? (c.convention ? `matches ${c.convention.label}` : '');
  return (
    `<li class="rnn-check rnn-check--fail rnn-check--line" data-check-line="${line}"><span class="rnn-check__mark" aria-label="failed">✗</span> ${label}` +
    `<span class="rnn-check__detail">${escapeHtml(detail)}</span>` +
    (why ? ` <span class="rnn-check__note">— ${escapeHtml(why)}</span>` : '') +
    `${jump}</li>`
  );
}
