// The solution card: one block's analysis as HTML with KaTeX. Pure (no VS Code, no DOM), shared
// by the Markdown preview plugin, the step panel and `rnn-math render`.
import type { AnalysisWithSteps, BlockAnalysis, BlockDiagnostic, CheckResult, Quantity, Range, Step } from '../../engine/types';
import { escapeAttribute, escapeHtml } from './escape';
import { elementLabel, formatNumber, formatOffBy } from '../../engine/format';
import { shapeText } from '../../engine/matrix';
import { renderMath } from './math';
import { notationOf } from './notation';
import { stepAlignedRows, stepLines, valueLatex } from './steps';
import { analysisToLatex } from './export';
import { markSteps } from './slips';
import { compactCheck, compactSource, compactStep, markHtml, stepMarkClasses } from './compact';
import { renderGradients } from './gradients';

export interface CardOptions {
  /** Attributes for the root element, already rendered (` class="code-line" data-line="3"`). */
  readonly rootAttrs?: string;
  /** Extra classes for the root element. */
  readonly classes?: readonly string[];
  /** The block's source text, shown above the solution when given. */
  readonly source?: string;
  /** The fence's info string (for the source's `language-…` class). */
  readonly language?: string;
  /** Step panel: buttons that jump to a step's line (wired by media/panel.js). */
  readonly interactive?: boolean;
  /** A collapsed `align*` export under the card (preview and exported page). */
  readonly latexExport?: boolean;
  /** Most steps typeset in full (the sequence table still has every step). */
  readonly maxSteps?: number;
  /** The document line of the block's fence (the analysis counts lines from it); default 0. */
  readonly line?: number;
  /**
   * A handout: the source and each step collapsed (`<details>`, the first wrong step open),
   * checks one line each without repeating the values the results show.
   */
  readonly compact?: boolean;
}

const DEFAULT_MAX_STEPS = 120;
const MAX_TABLE_ROWS = 200;

const KIND_LABEL: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', rnn: 'RNN' };

export function renderCard(analysis: AnalysisWithSteps, options: CardOptions = {}): string {
  const a = analysis;
  const owners = attachDiagnostics(a);
  const parts: string[] = [];
  const classes = [
    'rnn-card',
    `rnn-card--${escapeAttribute(a.kind)}`,
    ...(options.compact ? ['rnn-card--compact'] : []),
    ...(options.classes ?? []),
  ];
  parts.push(`<div${mergeClass(options.rootAttrs ?? '', classes.join(' '))} data-rnn-kind="${escapeAttribute(a.kind)}">`);
  const line = options.line ?? 0;
  parts.push(renderHeader(a, line));
  if (options.source !== undefined) {
    const lang = escapeAttribute(a.kind);
    const pre = `<pre class="rnn-card__source"><code class="language-${lang}">${escapeHtml(options.source)}</code></pre>`;
    parts.push(options.compact ? compactSource(pre) : pre);
  }
  parts.push(renderDiagnostics(line, owners.general, 'rnn-diagnostics rnn-diagnostics--block'));
  if (a.shapesOnly) parts.push(renderShapes(a));
  parts.push(renderGivens(a, owners, line));
  parts.push(renderSteps(a, owners, options));
  if (a.sequenceLength) parts.push(renderSequence(a));
  else parts.push(renderResults(a));
  if (a.gradients) parts.push(renderGradients(a.gradients, a.options.precision));
  parts.push(renderChecks(a, owners, options));
  parts.push(renderParameters(a));
  if (options.latexExport && !options.compact) {
    parts.push(
      `<details class="rnn-card__export"><summary>LaTeX (align*)</summary><pre><code class="language-latex">${escapeHtml(analysisToLatex(a, line))}</code></pre></details>`,
    );
  }
  parts.push('</div>');
  return parts.filter((p) => p).join('\n') + '\n';
}

/** A card standing in for a block that could not be analysed (the plugin's own error path). */
export function renderErrorCard(message: string, options: Pick<CardOptions, 'rootAttrs' | 'source' | 'language'> = {}): string {
  const src = options.source !== undefined ? `<pre class="rnn-card__source"><code>${escapeHtml(options.source)}</code></pre>\n` : '';
  return `<div${mergeClass(options.rootAttrs ?? '', 'rnn-card rnn-card--error')}>\n${src}<p class="rnn-diagnostic rnn-diagnostic--error">${escapeHtml(message)}</p>\n</div>\n`;
}

/** Adds classes to a rendered attribute string, merging with an existing `class="…"`. */
export function mergeClass(attrs: string, classes: string): string {
  // indexOf, not a regex: an unclosed `class="` is then found once, not retried from every start.
  const at = attrs.indexOf(' class="');
  const close = at < 0 ? -1 : attrs.indexOf('"', at + 8);
  if (close < 0) return ` class="${classes}"${attrs}`;
  const existing = attrs
    .slice(at + 8, close)
    .split(/\s+/)
    .filter((c) => c && c !== 'hljs');
  const merged = [...classes.split(' '), ...existing.filter((c) => !classes.split(' ').includes(c))].join(' ');
  return ` class="${merged}"` + attrs.slice(0, at) + attrs.slice(close + 1);
}

// ---------------------------------------------------------------------------------------------

function renderHeader(a: BlockAnalysis, first: number): string {
  const bits: string[] = [];
  const sizes = Object.entries(a.sizes ?? {}).map(([k, v]) => `${k} = ${v}`);
  if (sizes.length) bits.push(sizes.join(', '));
  bits.push(`${a.options.layout} layout${a.options.layoutInferred ? ' (inferred)' : ''}`);
  const explicit = new Set(a.options.explicit ?? []);
  if (a.kind === 'gru') bits.push(`reset=${a.options.reset}`, `z=${a.options.z}`);
  if (explicit.has('concat') || a.options.concat !== 'hx') bits.push(`concat=${a.options.concat}`);
  if (a.kind === 'rnn' && (explicit.has('act') || a.options.act !== 'tanh')) bits.push(`act=${a.options.act}`);
  if (!a.options.bias) bits.push('bias=false');
  if (a.sequenceLength) bits.push(`T = ${a.sequenceLength} steps`);
  const passed = a.checks.filter((c) => c.pass).length;
  // A check that could not be evaluated is counted once, among the errors.
  const failed = a.checks.filter((c) => !c.pass && !c.error).length;
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'check').length;
  const status: string[] = [];
  if (a.checks.length) {
    status.push(`<span class="rnn-badge rnn-badge--pass" title="checks passed">✓ ${passed}</span>`);
    if (failed) status.push(`<span class="rnn-badge rnn-badge--fail" title="checks failed">✗ ${failed}</span>`);
  }
  if (errors) status.push(`<span class="rnn-badge rnn-badge--error" title="errors">${errors} error${errors === 1 ? '' : 's'}</span>`);
  if (a.parameters) status.push(`<span class="rnn-badge" title="parameters">${a.parameters.total} parameters</span>`);
  const lines = `lines ${first + a.range.start.line + 1}–${first + a.range.end.line + 1}`;
  return (
    `<div class="rnn-card__header"><span class="rnn-card__kind">${KIND_LABEL[a.kind] ?? escapeHtml(a.kind)}</span>` +
    `<span class="rnn-card__meta">${escapeHtml(bits.join(' · '))}</span>` +
    `<span class="rnn-card__lines">${lines}</span>` +
    (status.length ? `<span class="rnn-card__status">${status.join(' ')}</span>` : '') +
    `</div>`
  );
}

// --- diagnostics placed where they belong -------------------------------------------------------

interface Owners {
  readonly general: BlockDiagnostic[];
  readonly byGiven: Map<Quantity, BlockDiagnostic[]>;
  readonly byStep: Map<Step, BlockDiagnostic[]>;
  readonly byCheck: Map<CheckResult, BlockDiagnostic[]>;
  /** The `check` diagnostics of each check (not listed again, but their explanation is used). */
  readonly checkMessages: Map<CheckResult, BlockDiagnostic[]>;
}

function within(line: number, r: Range | undefined): boolean {
  return !!r && line >= r.start.line && line <= r.end.line;
}

function attachDiagnostics(a: AnalysisWithSteps): Owners {
  const owners: Owners = { general: [], byGiven: new Map(), byStep: new Map(), byCheck: new Map(), checkMessages: new Map() };
  const push = <K>(map: Map<K, BlockDiagnostic[]>, key: K, d: BlockDiagnostic) => {
    const list = map.get(key);
    if (list) list.push(d);
    else map.set(key, [d]);
  };
  for (const d of a.diagnostics) {
    const line = d.range.start.line;
    const check = a.checks.find((c) => within(line, c.range));
    if (check) {
      // A failing check's own diagnostic repeats what the check shows.
      push(d.code === 'check' ? owners.checkMessages : owners.byCheck, check, d);
      continue;
    }
    const given = a.quantities.find((q) => q.origin === 'given' && within(line, q.range));
    if (given) {
      push(owners.byGiven, given, d);
      continue;
    }
    const step = a.steps.find((s) => within(line, s.range));
    if (step) {
      push(owners.byStep, step, d);
      continue;
    }
    owners.general.push(d);
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  owners.general.sort((x, y) => rank[x.severity] - rank[y.severity] || x.range.start.line - y.range.start.line);
  return owners;
}

const SEVERITY_ICON = { error: '⛔', warning: '⚠', info: 'ℹ' } as const;

function renderDiagnostics(first: number, list: readonly BlockDiagnostic[] | undefined, cls = 'rnn-diagnostics'): string {
  if (!list || !list.length) return '';
  const items = list.map((d) => {
    const sev = d.severity in SEVERITY_ICON ? d.severity : 'info';
    return (
      `<li class="rnn-diagnostic rnn-diagnostic--${sev}"><span class="rnn-diagnostic__icon" aria-label="${sev}">${SEVERITY_ICON[sev]}</span> ` +
      `<span class="rnn-diagnostic__code">${escapeHtml(d.code)}</span> ` +
      `<span class="rnn-diagnostic__line">line ${first + d.range.start.line + 1}</span> ` +
      `<span class="rnn-diagnostic__message">${escapeHtml(d.message)}</span></li>`
    );
  });
  return `<ul class="${cls}">${items.join('')}</ul>`;
}

// --- givens, results, shapes ---------------------------------------------------------------------

function quantityLatex(a: BlockAnalysis, q: Quantity): string {
  return notationOf(a).latex(q.name, q.step);
}

function renderGivens(a: BlockAnalysis, owners: Owners, first: number): string {
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
  const diags = renderDiagnostics(
    first,
    givens.flatMap((q) => owners.byGiven.get(q) ?? []),
  );
  return section(
    'givens',
    'Givens',
    `<table class="rnn-table rnn-grid rnn-givens"><thead><tr><th>name</th><th>value</th><th>shape</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(givens.length)}${diags}`,
  );
}

function renderResults(a: BlockAnalysis): string {
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

function renderShapes(a: BlockAnalysis): string {
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

// --- steps ----------------------------------------------------------------------------------------

function renderSteps(a: AnalysisWithSteps, owners: Owners, options: CardOptions): string {
  if (!a.steps.length) return '';
  const max = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const marks = markSteps(a);
  const meaning = new Map<string, Quantity>();
  for (const q of a.quantities) meaning.set(q.name, q);
  const items: string[] = [];
  let time: number | undefined;
  a.steps.slice(0, max).forEach((step, index) => {
    if (step.time !== undefined && step.time !== time) {
      time = step.time;
      items.push(`<li class="rnn-step-time" role="presentation">t = ${escapeHtml(String(step.time))}</li>`);
    }
    const q = meaning.get(step.target);
    const mark = marks.get(index);
    const lines = stepLines(step, a);
    const math = renderMath(`\\begin{aligned}${stepAlignedRows(lines).join(' \\\\ ')}\\end{aligned}`, true);
    const at = step.range?.start.line ?? q?.range?.start.line ?? a.checks.find((c) => c.name === step.target)?.range.start.line;
    const line = at === undefined ? undefined : at + (options.line ?? 0);
    const jump =
      options.interactive && line !== undefined
        ? `<button class="rnn-jump" type="button" data-action="reveal" data-line="${line}" title="Go to line ${line + 1} in the note">line ${line + 1}</button>`
        : '';
    const head =
      q?.meaning || jump
        ? `<div class="rnn-step__head"><span class="rnn-step__meaning">${escapeHtml(q?.meaning ?? '')}</span>${jump}</div>`
        : '';
    const body =
      markHtml(a, mark, options.line ?? 0) +
      head +
      `<div class="rnn-math">${math}</div>` +
      (step.shapes ? `<div class="rnn-step__shapes"><span class="rnn-label">shapes</span> ${escapeHtml(step.shapes)}</div>` : '') +
      renderDiagnostics(options.line ?? 0, owners.byStep.get(step));
    const checkLine = mark?.check ? ` data-check-line="${mark.check.range.start.line + (options.line ?? 0)}"` : '';
    items.push(
      `<li class="${stepMarkClasses(mark)}" data-step="${index}" data-target="${escapeAttribute(step.target)}"${checkLine}>` +
        (options.compact ? compactStep(lines, body, mark) : body) +
        `</li>`,
    );
  });
  const rest = a.steps.length - Math.min(max, a.steps.length);
  const tail =
    rest > 0
      ? `<p class="rnn-more">… ${rest} more step${rest === 1 ? '' : 's'} not typeset here${a.sequenceLength ? '; the table below has every step’s state' : ''}.</p>`
      : '';
  return section('steps', 'Steps', `<ol class="rnn-steps">${items.join('')}</ol>${tail}`);
}

// --- checks ---------------------------------------------------------------------------------------

function renderChecks(a: BlockAnalysis, owners: Owners, options: CardOptions): string {
  if (!a.checks.length) return '';
  const { precision, layout } = a.options;
  const items = a.checks.map((c) => {
    const status = c.pass ? 'pass' : 'fail';
    const mark = c.pass ? '✓' : '✗';
    const label = /^[A-Za-z][A-Za-z0-9_]*$/.test(c.name)
      ? renderMath(notationOf(a).latex(c.name), false)
      : `<code>${escapeHtml(c.written || c.name)}</code>`;
    const line = c.range.start.line + (options.line ?? 0);
    if (options.compact) return compactCheck(a, c, label, line, options.interactive === true);
    const stated = c.stated
      ? renderMath(valueLatex(c.name, c.stated, layout, precision, undefined, c.places), false)
      : '<span class="rnn-missing">could not be evaluated</span>';
    const computed = c.computed
      ? renderMath(valueLatex(c.name, c.computed, layout, precision + 1), false)
      : '<span class="rnn-missing">could not be computed</span>';
    const jump = options.interactive
      ? `<button class="rnn-jump" type="button" data-action="reveal" data-line="${line}" title="Go to line ${line + 1} in the note">line ${line + 1}</button>`
      : '';
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
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name) ? name : 'value';
}

// --- sequences ------------------------------------------------------------------------------------

function renderSequence(a: BlockAnalysis): string {
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

// --- parameters -----------------------------------------------------------------------------------

function renderParameters(a: BlockAnalysis): string {
  const p = a.parameters;
  if (!p) return '';
  const terms = p.terms
    .slice(0, MAX_TABLE_ROWS)
    .map(
      (t) =>
        `<tr><th scope="row">${renderMath(notationOf(a).latex(t.label), false)}</th><td class="rnn-shape">${t.rows}×${t.cols}</td><td class="rnn-count">${t.count}</td></tr>`,
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

// --- helpers --------------------------------------------------------------------------------------

function section(id: string, title: string, body: string): string {
  return `<section class="rnn-section rnn-section--${id}"><h4 class="rnn-section__title">${escapeHtml(title)}</h4>${body}</section>`;
}

function more(total: number, shown = MAX_TABLE_ROWS): string {
  return total > shown ? `<p class="rnn-more">… ${total - shown} more not shown.</p>` : '';
}
