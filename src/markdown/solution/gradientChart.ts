// The gradient-through-time chart: ‖∂h_T/∂h_k‖ (and an LSTM's ‖∂c_T/∂c_k‖) over k on a log
// scale, as inline SVG. Pure string building: no DOM, no inline styles (the step panel's CSP
// drops them); colours are classes that media/solution.css maps to theme variables, with
// `currentColor` presentation attributes so the chart still reads without that stylesheet.
import type { GradientReport, GradientSeries } from '../../engine/types';
import { escapeAttribute, escapeHtml } from './escape';
import { normText } from './gradientText';

/** The SVG's coordinate box; the plot area sits inside the margins (room for labels and legend). */
export const CHART = { width: 400, height: 230, left: 54, right: 16, top: 14, bottom: 170 } as const;

/**
 * Most decades the norm axis spans below its top. A geometric decay over T = 50 steps covers
 * 20–30 decades and stays readable; beyond this, a 10⁻³⁰⁰ norm beside 10⁻² ones would flatten
 * every other line, so such points sit on the floor with a note instead.
 */
export const MAX_DECADES = 32;

/** A drop between two neighbouring norms (over all series) larger than this ends the axis above it. */
export const GAP_DECADES = 6;

/** Markers on every point only while they stay apart; clamped points are always marked. */
const MAX_MARKED_STEPS = 60;

/** The smallest positive normal float64: below it (denormals), log10 has lost its precision. */
const MIN_NORMAL = 2.2250738585072014e-308;

export type PointStatus = 'ok' | 'floor' | 'ceiling' | 'missing';

export interface ChartPoint {
  readonly k: number;
  readonly norm: number;
  readonly x: number;
  /** Undefined for a point that is not a number (the line breaks there). */
  readonly y?: number;
  readonly status: PointStatus;
}

export interface ChartGeometry {
  /** The norm axis runs from 10^low (the floor) to 10^high. */
  readonly low: number;
  readonly high: number;
  /** Decades with a label and a grid line. */
  readonly decades: readonly { readonly exponent: number; readonly y: number; readonly label: string }[];
  readonly ticks: readonly { readonly k: number; readonly x: number }[];
  readonly series: readonly { readonly label: string; readonly points: readonly ChartPoint[] }[];
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** `10⁻²`: a decade as the axis labels it. */
export function decadeLabel(exponent: number): string {
  return '10' + [...String(exponent)].map((c) => SUPERSCRIPT[c] ?? c).join('');
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** The smallest step of 1, 2, 5 × 10ⁿ that keeps at most `most` intervals over `span`. */
function niceStep(span: number, most: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const m of [1, 2, 5]) if (span / (m * scale) <= most) return m * scale;
  }
}

/** Where every point goes, which decades and steps are labelled, and which points were clamped. */
export function chartGeometry(report: GradientReport): ChartGeometry {
  const { left, right, top, bottom, width } = CHART;
  const plotRight = width - right;
  const plotted = report.series.map((s) => ({ label: s.label, points: s.points.filter((p) => Number.isFinite(p.k)) }));
  const all = plotted.flatMap((s) => s.points);
  const kMin = all.reduce((m, p) => Math.min(m, p.k), 0);
  const kMax = all.reduce((m, p) => Math.max(m, p.k), kMin);
  const xOf = (k: number) => (kMax === kMin ? (left + plotRight) / 2 : left + ((k - kMin) / (kMax - kMin)) * (plotRight - left));

  const logs = all
    .map((p) => p.norm)
    .filter((v) => Number.isFinite(v) && v >= MIN_NORMAL)
    .map(Math.log10)
    .sort((x, y) => y - x);
  // The floor follows the values down until a jump no geometric sequence makes: 10⁻³⁰⁰ after 10⁻².
  let lowest = logs.length ? logs[0] : 0;
  for (const v of logs) {
    if (lowest - v > GAP_DECADES) break;
    lowest = v;
  }
  // `|| 0`: ceil of a norm just under 1 is −0, which would print as a label's sign.
  let high = logs.length ? Math.ceil(logs[0] - 1e-9) || 0 : 0;
  let low = logs.length ? Math.floor(lowest + 1e-9) : high - 1;
  // Points clamped to the floor get half a decade of room below the lowest drawn one, so a norm of
  // exactly 10⁻² is not mistaken for them.
  const clamped = all.some((p) => p.norm >= 0 && (p.norm < MIN_NORMAL || Math.log10(p.norm) < lowest - 1e-12));
  if (clamped && low > lowest - 0.5) low -= 1;
  if (low >= high) low = high - 1;
  if (high - low > MAX_DECADES) low = high - MAX_DECADES;
  high = Math.max(high, low + 1);
  const yOf = (v: number) => bottom - ((Math.log10(v) - low) / (high - low)) * (bottom - top);

  const series = plotted.map((s) => ({
    label: s.label,
    points: s.points.map((p): ChartPoint => {
      const x = round(xOf(p.k));
      const v = p.norm;
      if (Number.isNaN(v) || v < 0) return { k: p.k, norm: v, x, status: 'missing' };
      if (v === Infinity) return { k: p.k, norm: v, x, y: top, status: 'ceiling' };
      if (v < MIN_NORMAL || Math.log10(v) < low) return { k: p.k, norm: v, x, y: bottom, status: 'floor' };
      return { k: p.k, norm: v, x, y: round(yOf(v)), status: 'ok' };
    }),
  }));

  const every = niceStep(high - low, 6);
  const decades = [];
  for (let e = high; e >= low; e--) {
    if (e % every === 0 || e === low)
      decades.push({ exponent: e, y: round(bottom - ((e - low) / (high - low)) * (bottom - top)), label: decadeLabel(e) });
  }
  // The floor is labelled even off the step, unless a labelled decade would crowd it.
  if (decades.length > 1 && decades[decades.length - 2].exponent - low < every / 2) decades.splice(decades.length - 2, 1);

  const span = kMax - kMin;
  const stepK = span > 0 ? niceStep(span, 10) : 1;
  const ticks = [];
  for (let k = Math.ceil(kMin / stepK) * stepK; k <= kMax; k += stepK) {
    if (k === kMin || kMax - k >= stepK / 2) ticks.push({ k, x: round(xOf(k)) });
  }
  if (!ticks.length || ticks[0].k !== kMin) ticks.unshift({ k: kMin, x: round(xOf(kMin)) });
  if (ticks[ticks.length - 1].k !== kMax) ticks.push({ k: kMax, x: round(xOf(kMax)) });
  return { low, high, decades, ticks, series };
}

/**
 * The path of one series: `line` joins drawn values; a segment with a clamped end (on the floor
 * or at the top) goes to `clamped`, drawn dotted, since its slope is not the norms'. Segments
 * break where a norm is not a number.
 */
function pathData(points: readonly ChartPoint[]): { line: string; clamped: string } {
  let line = '';
  let clamped = '';
  let pen = false;
  let prev: ChartPoint | undefined;
  for (const p of points) {
    if (p.y === undefined) {
      prev = undefined;
      pen = false;
      continue;
    }
    if (prev && (prev.status !== 'ok' || p.status !== 'ok')) {
      clamped += `M${prev.x} ${prev.y}L${p.x} ${p.y}`;
      pen = false;
    }
    if (p.status === 'ok') {
      line += `${pen ? 'L' : 'M'}${p.x} ${p.y}`;
      pen = true;
    }
    prev = p;
  }
  return { line, clamped };
}

/** Circles for the first series, squares for the second, …: told apart without colour. */
function marker(index: number, p: ChartPoint): string {
  if (p.y === undefined) return '';
  const cls = `rnn-chart__point${p.status === 'ok' ? '' : ' rnn-chart__point--clamped'}`;
  if (index % 2 === 0) return `<circle class="${cls}" cx="${p.x}" cy="${p.y}" r="3" fill="currentColor" stroke="currentColor"/>`;
  return `<rect class="${cls}" x="${round(p.x - 2.8)}" y="${round(p.y - 2.8)}" width="5.6" height="5.6" fill="currentColor" stroke="currentColor"/>`;
}

const DASHES = ['', ' stroke-dasharray="6 3"', ' stroke-dasharray="2 3"', ' stroke-dasharray="8 3 2 3"'];

/** The chart as inline SVG, with a title and a description that give its values in words. */
export function renderGradientChart(report: GradientReport): string {
  const g = chartGeometry(report);
  const { left, right, top, bottom, width, height } = CHART;
  const plotRight = width - right;
  const parts: string[] = [];
  for (const d of g.decades) {
    parts.push(
      `<line class="rnn-chart__grid" x1="${left}" y1="${d.y}" x2="${plotRight}" y2="${d.y}" stroke="currentColor" stroke-opacity="0.25"/>`,
    );
    parts.push(
      `<text class="rnn-chart__tick" x="${left - 6}" y="${round(d.y + 4)}" text-anchor="end" fill="currentColor">${d.label}</text>`,
    );
  }
  for (const t of g.ticks) {
    parts.push(`<line class="rnn-chart__axis" x1="${t.x}" y1="${bottom}" x2="${t.x}" y2="${bottom + 4}" stroke="currentColor"/>`);
    parts.push(`<text class="rnn-chart__tick" x="${t.x}" y="${bottom + 16}" text-anchor="middle" fill="currentColor">${t.k}</text>`);
  }
  parts.push(`<path class="rnn-chart__axis" d="M${left} ${top}V${bottom}H${plotRight}" fill="none" stroke="currentColor"/>`);
  parts.push(
    `<text class="rnn-chart__title" x="${(left + plotRight) / 2}" y="${bottom + 32}" text-anchor="middle" fill="currentColor">k</text>`,
  );
  parts.push(
    `<text class="rnn-chart__title" x="14" y="${(top + bottom) / 2}" text-anchor="middle" fill="currentColor" transform="rotate(-90 14 ${(top + bottom) / 2})">norm (log scale)</text>`,
  );
  const marked = g.series.every((s) => s.points.length <= MAX_MARKED_STEPS + 1);
  g.series.forEach((s, i) => {
    const cls = `rnn-chart__series rnn-chart__series--${i % DASHES.length}`;
    const points = s.points.filter((p) => marked || p.status !== 'ok').map((p) => marker(i, p));
    const d = pathData(s.points);
    const link = d.clamped ? `<path class="rnn-chart__link" d="${d.clamped}" stroke-width="1.5" stroke-dasharray="1 3"/>` : '';
    parts.push(
      `<g class="${cls}" fill="none" stroke="currentColor"><path class="rnn-chart__line" d="${d.line}" stroke-width="2"${DASHES[i % DASHES.length]}/>${link}${points.join('')}</g>`,
    );
  });
  parts.push(legend(report.series));
  const title = chartTitle(report);
  return (
    `<svg class="rnn-chart" role="img" aria-label="${escapeAttribute(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(chartDescription(report, g))}</desc>` +
    parts.join('') +
    `</svg>`
  );
}

function legend(series: readonly GradientSeries[]): string {
  const y = CHART.height - 12;
  const slot = (CHART.width - CHART.left - CHART.right) / Math.max(1, Math.min(series.length, 3));
  return series
    .slice(0, 3)
    .map((s, i) => {
      const x = round(CHART.left + i * slot);
      const dash = DASHES[i % DASHES.length];
      const sample = marker(i, { k: 0, norm: 1, x: x + 12, y, status: 'ok' });
      return (
        `<g class="rnn-chart__legend rnn-chart__series rnn-chart__series--${i % DASHES.length}" fill="none" stroke="currentColor">` +
        `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke-width="2"${dash}/>${sample}` +
        `<text class="rnn-chart__legend-text" x="${x + 30}" y="${y + 4}" fill="currentColor" stroke="none">${escapeHtml(clip(s.label, 40))}</text></g>`
      );
    })
    .join('');
}

function clip(text: string, most: number): string {
  const chars = [...String(text)];
  return chars.length > most ? chars.slice(0, most - 1).join('') + '…' : chars.join('');
}

/** `‖∂h_4/∂h_k‖ and ‖∂c_4/∂c_k‖ over k = 0…4, log scale`: the chart's accessible name. */
export function chartTitle(report: GradientReport): string {
  const labels = report.series.map((s) => clip(s.label, 80));
  const names = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}` : (labels[0] ?? 'gradient norms');
  return `${names} over k = 0…${Math.trunc(report.steps)}, log scale`;
}

/** Up to this many steps the description reads out every value; beyond, the ends (the table has the rest). */
const DESCRIBED_STEPS = 20;

/** The values in words: what a screen reader announces as the chart's description. */
export function chartDescription(report: GradientReport, g: ChartGeometry = chartGeometry(report)): string {
  const out = report.series.map((s) => {
    const pts = s.points;
    if (!pts.length) return `${clip(s.label, 80)}: no values.`;
    const at = (p: { k: number; norm: number }) => `k = ${p.k}: ${normText(p.norm)}`;
    const first = pts[0];
    const last = pts[pts.length - 1];
    const values = pts.length <= DESCRIBED_STEPS + 1 ? pts.map(at).join('; ') : `${at(first)} … ${at(last)} (every value is in the table)`;
    return `${clip(s.label, 80)}: ${values}.`;
  });
  const notes = clampNotes(g);
  return [`Norm axis from ${decadeLabel(g.low)} to ${decadeLabel(g.high)}.`, ...out, ...notes].join(' ');
}

/** One sentence per series with clamped or missing points: where they were drawn and why. */
export function clampNotes(g: ChartGeometry): string[] {
  const notes: string[] = [];
  for (const s of g.series) {
    const ks = (status: PointStatus) => s.points.filter((p) => p.status === status).map((p) => p.k);
    const list = (k: number[]) => (k.length > 6 ? `${k.slice(0, 5).join(', ')}, … (${k.length} steps)` : k.join(', '));
    const floor = ks('floor');
    const ceiling = ks('ceiling');
    const missing = ks('missing');
    const label = clip(s.label, 80);
    if (floor.length) {
      notes.push(
        `${label} at k = ${list(floor)} is 0 or below the axis floor ${decadeLabel(g.low)}: drawn on the floor (the table has the values).`,
      );
    }
    if (ceiling.length) notes.push(`${label} at k = ${list(ceiling)} overflows (∞): drawn at the top of the axis.`);
    if (missing.length) notes.push(`${label} at k = ${list(missing)} is not a number: the line breaks there.`);
  }
  return notes;
}
