// The solution card: one block's analysis as HTML with KaTeX. Pure (no VS Code, no DOM), shared
// by the Markdown preview plugin, the step panel and `rnn-math render`.
import type { AnalysisWithSteps, BlockAnalysis, Quantity } from '../../engine/types';
import { escapeAttribute, escapeHtml } from './escape';
import { renderMath } from './math';
import { stepAlignedRows, stepLines } from './steps';
import { analysisToLatex } from './export';
import { markSteps } from './slips';
import { compactSource, compactStep, markHtml, stepMarkClasses } from './compact';
import { renderGradients } from './gradients';
import { attachDiagnostics, renderDiagnostics, type Owners } from './cardDiagnostics';
import { renderChecks } from './cardChecks';
import { jumpButton, section } from './cardParts';
import { renderGivens, renderParameters, renderResults, renderSequence, renderShapes } from './cardTables';

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
    const jump = options.interactive && line !== undefined ? jumpButton(line) : '';
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
