// The card's "Gradient through time" section: the verdict, the recurrent weight's largest
// singular value, the engine's explanation, a table of ‖∂h_T/∂h_k‖ over k (the non-visual form)
// and the log-scale chart beside it.
import type { GradientReport, GradientSeries } from '../../engine/types';
import { escapeAttribute, escapeHtml } from './escape';
import { clampNotes, chartGeometry, renderGradientChart } from './gradientChart';
import { numberLatex } from '../../engine/format';
import { normText } from './gradientText';
import { renderMath } from './math';
import { nameToLatex } from './names';

/** Rows of the table before the middle is elided (the first and last half are kept: k = 0 and k = T matter most). */
export const MAX_GRADIENT_ROWS = 200;

const VERDICTS = new Set(['vanishing', 'exploding', 'neither']);

export function renderGradients(report: GradientReport, precision: number): string {
  const verdict = VERDICTS.has(report.verdict) ? report.verdict : 'neither';
  const sigma = renderMath(
    `\\sigma_{\\max}(${nameToLatex(report.recurrentName)}) = ${numberLatex(normText(report.recurrentNorm, precision))}`,
    false,
  );
  const summary =
    `<p class="rnn-gradients__summary"><span class="rnn-badge rnn-gradients__verdict rnn-gradients__verdict--${verdict}">${verdict}</span> ` +
    `${sigma} <span class="rnn-label">largest singular value of the recurrent weight</span></p>`;
  const explanation = report.explanation ? `<p class="rnn-gradients__explanation">${escapeHtml(report.explanation)}</p>` : '';
  const notes = clampNotes(chartGeometry(report));
  const chart = report.series.some((s) => s.points.length)
    ? `<figure class="rnn-gradients__chart">${renderGradientChart(report)}` +
      (notes.length ? `<figcaption>${notes.map((n) => `<p class="rnn-note">${escapeHtml(n)}</p>`).join('')}</figcaption>` : '') +
      `</figure>`
    : '';
  const body = `<div class="rnn-gradients__body">${gradientTable(report.series, precision)}${chart}</div>`;
  return `<section class="rnn-section rnn-section--gradients"><h4 class="rnn-section__title">Gradient through time</h4>${summary}${explanation}${body}</section>`;
}

/** One row per k, one column per series; a long sequence keeps its first and last rows. */
export function gradientTable(series: readonly GradientSeries[], precision: number): string {
  if (!series.length) return '';
  const byK = new Map<number, (number | undefined)[]>();
  series.forEach((s, i) => {
    for (const p of s.points) {
      if (!byK.has(p.k))
        byK.set(
          p.k,
          series.map(() => undefined),
        );
      byK.get(p.k)![i] = p.norm;
    }
  });
  const ks = [...byK.keys()].sort((x, y) => x - y);
  if (!ks.length) return '';
  const head = series.map((s) => `<th scope="col">${s.latex ? renderMath(s.latex, false) : escapeHtml(s.label)}</th>`).join('');
  const row = (k: number) =>
    `<tr><th scope="row">${escapeHtml(String(k))}</th>${byK
      .get(k)!
      .map((v) => `<td class="rnn-value">${v === undefined ? '' : escapeHtml(normText(v, precision))}</td>`)
      .join('')}</tr>`;
  const half = MAX_GRADIENT_ROWS / 2;
  const rows =
    ks.length <= MAX_GRADIENT_ROWS
      ? ks.map(row)
      : [
          ...ks.slice(0, half).map(row),
          `<tr class="rnn-more"><td colspan="${series.length + 1}">… k = ${ks[half]}…${ks[ks.length - half - 1]}: ${ks.length - 2 * half} rows not shown (the chart has every k)</td></tr>`,
          ...ks.slice(-half).map(row),
        ];
  const name = `${series.map((s) => s.label).join(', ')} for each k`;
  // A scrollable region: T = 50 is 51 rows beside a chart of a dozen lines of text.
  return (
    `<div class="rnn-gradients__table" role="region" tabindex="0" aria-label="${escapeAttribute(name)}">` +
    `<table class="rnn-table"><thead><tr><th scope="col">k</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}
