// The card's tables: givens, results, shapes, the sequence over t, and the parameter count.
import type { BlockAnalysis, Quantity } from '../../engine/types';
import { escapeAttribute, escapeHtml } from './escape';
import { shapeText } from '../../engine/matrix';
import { renderMath } from './math';
import { notationOf } from './notation';
import { valueLatex } from './steps';
import { renderDiagnostics, type Owners } from './cardDiagnostics';
import { MAX_TABLE_ROWS, more, section } from './cardParts';

function quantityLatex(a: BlockAnalysis, q: Quantity): string {
  return notationOf(a).latex(q.name, q.step);
}

/**
 * The givens table, labelled in the note's notation. With `owners` (the solution card) the
 * diagnostics on a given's line follow it, numbered from the block's first line `first`; the
 * question sheet passes none, so no diagnostic reaches it.
 */
export function renderGivens(a: BlockAnalysis, owners?: Owners, first = 0): string {
  const givens = a.quantities.filter((q) => q.origin === 'given' || q.origin === 'default');
  if (!givens.length) return '';
  const { precision, layout } = a.options;
  const rows = givens.slice(0, MAX_TABLE_ROWS).map((q) => {
    const title = [q.meaning, q.written && q.written !== q.name ? `written ${q.written}` : ''].filter(Boolean).join(' — ');
    const note = q.origin === 'default' ? '<span class="rnn-assumed">assumed</span>' : '';
    return (
      `<tr class="rnn-given rnn-given--${q.origin}"><th scope="row" title="${escapeAttribute(title)}">${renderMath(`${quantityLatex(a, q)} =`, false)}</th>` +
      `<td class="rnn-value">${renderMath(valueLatex(q.name, q.value, layout, precision, undefined, q.places), false)}</td>` +
      `<td class="rnn-shape">${shapeText(q.value)}${note}</td></tr>`
    );
  });
  // Diagnostics on a given's line, right under the givens.
  const diags = owners
    ? renderDiagnostics(
        first,
        givens.flatMap((q) => owners.byGiven.get(q) ?? []),
      )
    : '';
  return section(
    'givens',
    'Givens',
    `<table class="rnn-table rnn-grid rnn-givens"><thead><tr><th>name</th><th>value</th><th>shape</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(givens.length)}${diags}`,
  );
}

export function renderResults(a: BlockAnalysis): string {
  const computed = a.quantities.filter((q) => q.origin === 'computed');
  if (!computed.length) return '';
  const { precision, layout } = a.options;
  const rows = computed
    .slice(0, MAX_TABLE_ROWS)
    .map(
      (q) =>
        `<tr class="rnn-result"><th scope="row" title="${escapeAttribute(q.meaning ?? '')}">${renderMath(`${quantityLatex(a, q)} =`, false)}</th>` +
        `<td class="rnn-value">${renderMath(valueLatex(q.name, q.value, layout, precision), false)}</td>` +
        `<td class="rnn-shape">${shapeText(q.value)}</td></tr>`,
    );
  return section(
    'results',
    'Results',
    `<table class="rnn-table rnn-grid rnn-results"><thead><tr><th>name</th><th>value</th><th>shape</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(computed.length)}`,
  );
}

export function renderShapes(a: BlockAnalysis): string {
  const entries = Object.entries(a.shapes ?? {});
  if (!entries.length) return '';
  const rows = entries
    .slice(0, MAX_TABLE_ROWS)
    .map(
      ([name, shape]) =>
        `<tr><th scope="row">${renderMath(notationOf(a).latex(name), false)}</th>` +
        `<td class="rnn-value" title="${shapeText({ rows: shape[0], cols: shape[1] })}">${renderMath(`\\in \\mathbb{R}^{${Math.trunc(shape[0])}\\times ${Math.trunc(shape[1])}}`, false)}</td></tr>`,
    );
  return section(
    'shapes',
    'Shapes',
    `<table class="rnn-table rnn-grid rnn-shapes"><thead><tr><th>name</th><th>shape</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(entries.length)}`,
  );
}

export function renderSequence(a: BlockAnalysis): string {
  const { precision, layout } = a.options;
  const byStep = new Map<number, Map<string, Quantity>>();
  for (const q of a.quantities) {
    if (q.step === undefined) continue;
    if (!byStep.has(q.step)) byStep.set(q.step, new Map());
    byStep.get(q.step)!.set(q.base, q);
  }
  const steps = [...byStep.keys()].sort((x, y) => x - y);
  if (!steps.length) return '';
  const columns = (a.kind === 'lstm' ? ['x', 'c', 'h', 'y'] : ['x', 'h', 'y']).filter((base) =>
    steps.some((t) => byStep.get(t)!.has(base)),
  );
  const head = columns.map((b) => `<th>${renderMath(notationOf(a).latex(b), false)}</th>`).join('');
  const rows = steps.slice(0, MAX_TABLE_ROWS + 1).map((t) => {
    const cells = columns.map((b) => {
      const q = byStep.get(t)!.get(b);
      return `<td class="rnn-value">${q ? renderMath(valueLatex(q.name, q.value, layout, precision), false) : ''}</td>`;
    });
    return `<tr><th scope="row">${t}</th>${cells.join('')}</tr>`;
  });
  return section(
    'sequence',
    `Sequence over t = 1…${a.sequenceLength}`,
    `<table class="rnn-table rnn-sequence"><thead><tr><th>t</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${more(steps.length, MAX_TABLE_ROWS + 1)}`,
  );
}

export function renderParameters(a: BlockAnalysis): string {
  const p = a.parameters;
  if (!p) return '';
  const terms = p.terms
    .slice(0, MAX_TABLE_ROWS)
    .map(
      (t) =>
        `<tr><th scope="row">${renderMath(notationOf(a).latex(t.label), false)}</th><td class="rnn-shape">${shapeText(t)}</td><td class="rnn-count">${t.count}</td></tr>`,
    );
  return section(
    'parameters',
    'Parameters',
    `<p class="rnn-params__sum">${escapeHtml(p.sum)}</p>` +
      (terms.length
        ? `<details class="rnn-params__terms"><summary>${p.terms.length} term${p.terms.length === 1 ? '' : 's'}</summary><table class="rnn-table"><thead><tr><th>parameter</th><th>shape</th><th>count</th></tr></thead><tbody>${terms.join('')}</tbody></table></details>`
        : ''),
  );
}
