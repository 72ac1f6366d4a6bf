// The card's checks: each stated value against the computed one, its mismatches and notes.
import type { BlockAnalysis } from '../../engine/types';
import { escapeAttribute, escapeHtml } from './escape';
import { isKeyName } from './names';
import { elementLabel, formatNumber, formatOffBy } from '../../engine/format';
import { renderMath } from './math';
import { notationOf } from './notation';
import { valueLatex } from './steps';
import { compactCheck } from './compact';
import { renderDiagnostics, type Owners } from './cardDiagnostics';
import { jumpButton, section } from './cardParts';
import type { CardOptions } from './card';

export function renderChecks(a: BlockAnalysis, owners: Owners, options: CardOptions): string {
  if (!a.checks.length) return '';
  const { precision, layout } = a.options;
  const items = a.checks.map((c) => {
    const status = c.pass ? 'pass' : 'fail';
    const mark = c.pass ? '✓' : '✗';
    const label = isKeyName(c.name) ? renderMath(notationOf(a).latex(c.name), false) : `<code>${escapeHtml(c.written || c.name)}</code>`;
    const line = c.range.start.line + (options.line ?? 0);
    if (options.compact) return compactCheck(a, c, label, line, options.interactive === true);
    const stated = c.stated
      ? renderMath(valueLatex(c.name, c.stated, layout, precision, undefined, c.places), false)
      : '<span class="rnn-missing">could not be evaluated</span>';
    const computed = c.computed
      ? renderMath(valueLatex(c.name, c.computed, layout, precision + 1), false)
      : '<span class="rnn-missing">could not be computed</span>';
    const jump = options.interactive ? jumpButton(line) : '';
    const mismatches = c.mismatches.length
      ? `<ul class="rnn-mismatches">${c.mismatches
          .slice(0, 50)
          .map(
            (m) =>
              `<li>${escapeHtml(label0(c.name))}${elementLabel(c.computed ?? c.stated, m.row, m.col)}: stated ${escapeHtml(m.written ?? formatNumber(m.stated, 12))}, computed ${escapeHtml(formatNumber(m.computed, precision + 2))} (${escapeHtml(formatOffBy(m.units))})</li>`,
          )
          .join('')}` +
        (c.mismatches.length > 50 ? `<li>… ${c.mismatches.length - 50} more</li>` : '') +
        `</ul>`
      : '';
    const notes: string[] = [];
    if (c.carriedForward) notes.push(`<p class="rnn-note rnn-note--carried">${escapeHtml(c.carriedForward)}</p>`);
    else if (c.note) notes.push(`<p class="rnn-note rnn-note--carried">${escapeHtml(c.note)}</p>`);
    if (c.convention) {
      notes.push(
        `<p class="rnn-note rnn-note--convention">Matches ${escapeHtml(c.convention.label)}: set <code>${escapeHtml(`${c.convention.option}=${c.convention.value}`)}</code> on the fence line.</p>`,
      );
    }
    const kind = c.formula ? '<span class="rnn-label">formula</span>' : '';
    if (c.pass) {
      return (
        `<li class="rnn-check rnn-check--pass" data-check-line="${line}" title="${escapeAttribute(`tolerance: ${c.tolerance ?? ''}`)}">` +
        `<div class="rnn-check__head"><span class="rnn-check__mark" aria-label="passed">${mark}</span> ${label} ${kind}` +
        `<span class="rnn-check__values">${stated}</span>${jump}</div>` +
        notes.join('') +
        renderDiagnostics(options.line ?? 0, owners.byCheck.get(c)) +
        `</li>`
      );
    }
    return (
      `<li class="rnn-check rnn-check--${status}" data-check-line="${line}">` +
      `<div class="rnn-check__head"><span class="rnn-check__mark" aria-label="failed">${mark}</span> ${label} ${kind}` +
      ` <span class="rnn-check__tol">${escapeHtml(c.tolerance ?? '')}</span>${jump}</div>` +
      `<div class="rnn-check__values"><span class="rnn-label">${c.formula ? 'your formula gives' : 'stated'}</span> ${stated} <span class="rnn-label">computed</span> ${computed}</div>` +
      mismatches +
      notes.join('') +
      renderDiagnostics(options.line ?? 0, owners.byCheck.get(c)) +
      `</li>`
    );
  });
  return section('checks', 'Checks', `<ul class="rnn-checks">${items.join('')}</ul>`);
}

function label0(name: string): string {
  return isKeyName(name) ? name : 'value';
}
