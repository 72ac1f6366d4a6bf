// Copy/export of a block's solution: LaTeX (`align*`) and Markdown (tables and `$$` math). Both
// keep every step and result; untrusted text is escaped for the target language.
import type { AnalysisWithSteps, BlockAnalysis, CheckResult } from '../../engine/types';
import { escapeLatexText, latexText, markdownCode } from './escape';
import { isKeyName } from './names';
import { elementLabel, EXPORT_LIMITS, formatNumber, formatOffBy, matrixToText } from '../../engine/format';
import { shapeText } from '../../engine/matrix';
import { notationOf } from './notation';
import { stepAlignedRows, stepLines, valueLatex } from './steps';

const KIND_LABEL: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', rnn: 'RNN' };

/** `first`: the document line of the block's fence, which the analysis counts lines from. */
function title(a: BlockAnalysis, first: number): string {
  return `${KIND_LABEL[a.kind] ?? a.kind} block, lines ${first + a.range.start.line + 1}–${first + a.range.end.line + 1}, ${a.options.layout} layout`;
}

function checkName(a: BlockAnalysis, c: CheckResult): string {
  return isKeyName(c.name) ? notationOf(a).latex(c.name) : latexText(c.written || c.name);
}

/** Shape arithmetic as math (`(2\\times 4)\\cdot(4\\times 1)`); anything unexpected as escaped text. */
export function shapesLatex(shapes: string): string {
  if (!/^[\d\s()×·⊙+\-=[\];,]*$/.test(shapes)) return latexText(shapes);
  return shapes.replace(/×/g, '\\times ').replace(/·/g, '\\cdot ').replace(/⊙/g, '\\odot ');
}

/** The whole solution as one `align*` environment (amsmath; `\checkmark` needs amssymb). */
export function analysisToLatex(a: AnalysisWithSteps, line = 0): string {
  const { precision, layout } = a.options;
  const out: string[] = [`% ${escapeLatexText(title(a, line))}`];
  const rows: string[] = [];
  const givens = a.quantities.filter((q) => q.origin === 'given' || q.origin === 'default');
  for (const q of givens) {
    rows.push(
      `${notationOf(a).latex(q.name, q.step)} &= ${valueLatex(q.name, q.value, layout, precision, EXPORT_LIMITS, q.places)}` +
        (q.origin === 'default' ? ` && \\text{(assumed)}` : ''),
    );
  }
  let time: number | undefined;
  for (const step of a.steps) {
    if (step.time !== undefined && step.time !== time) {
      time = step.time;
      rows.push(`&\\text{--- } t = ${Math.trunc(step.time)} \\text{ ---}`);
    }
    const lines = stepLines(step, a, EXPORT_LIMITS);
    const aligned = stepAlignedRows(lines);
    aligned[aligned.length - 1] += step.shapes ? ` && ${shapesLatex(step.shapes)}` : '';
    rows.push(...aligned);
  }
  for (const c of a.checks) {
    const stated = c.stated ? valueLatex(c.name, c.stated, layout, 12, EXPORT_LIMITS, c.places) : latexText('(not evaluated)');
    const computed = c.computed ? valueLatex(c.name, c.computed, layout, precision + 1, EXPORT_LIMITS) : latexText('(not computed)');
    rows.push(
      `${checkName(a, c)} &\\overset{?}{=} ${stated} && ${c.pass ? '\\checkmark' : `${latexText('wrong, computed')}\\ ${computed}`}`,
    );
  }
  if (a.parameters) rows.push(`&${latexText(`parameters: ${a.parameters.sum}`)}`);
  out.push('\\begin{align*}');
  out.push(rows.map((r, i) => (i < rows.length - 1 ? `${r} \\\\` : r)).join('\n'));
  out.push('\\end{align*}');
  const notes = a.checks
    .filter((c) => !c.pass)
    .flatMap((c) => [c.carriedForward, c.convention?.label && `matches ${c.convention.label}`])
    .filter(Boolean);
  for (const n of notes) out.push(`% ${escapeLatexText(String(n))}`);
  return out.join('\n') + '\n';
}

/** The solution as Markdown: givens table, `$$` steps, checks list, sequence table, parameters. */
export function analysisToMarkdown(a: AnalysisWithSteps, line = 0): string {
  const { precision, layout } = a.options;
  const out: string[] = [`**${mdText(title(a, line))}**`, ''];
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  const givens = a.quantities.filter((q) => q.origin === 'given' || q.origin === 'default');
  if (givens.length) {
    out.push('| given | shape | value |', '| --- | --- | --- |');
    for (const q of givens) {
      out.push(
        `| $${cell(notationOf(a).latex(q.name, q.step))}$${q.origin === 'default' ? ' (assumed)' : ''} | ${shapeText(q.value)} | $${cell(valueLatex(q.name, q.value, layout, precision, EXPORT_LIMITS, q.places))}$ |`,
      );
    }
    out.push('');
  }
  let time: number | undefined;
  for (const step of a.steps) {
    if (step.time !== undefined && step.time !== time) {
      time = step.time;
      out.push(`*t = ${Math.trunc(step.time)}*`, '');
    }
    const lines = stepLines(step, a, EXPORT_LIMITS);
    out.push('$$', '\\begin{aligned}', stepAlignedRows(lines).join(' \\\\\n'), '\\end{aligned}', '$$', '');
    if (step.shapes) out.push(`shapes: ${markdownCode(step.shapes)}`, '');
  }
  if (a.sequenceLength) {
    const cols = a.kind === 'lstm' ? ['c', 'h'] : ['h'];
    const byStep = new Map<number, Map<string, string>>();
    for (const q of a.quantities) {
      if (q.step === undefined || !cols.includes(q.base)) continue;
      if (!byStep.has(q.step)) byStep.set(q.step, new Map());
      byStep.get(q.step)!.set(q.base, `$${cell(valueLatex(q.name, q.value, layout, precision, EXPORT_LIMITS))}$`);
    }
    out.push(`| t | ${cols.map((c) => `$${notationOf(a).latex(c)}$`).join(' | ')} |`, `| --- | ${cols.map(() => '---').join(' | ')} |`);
    for (const t of [...byStep.keys()].sort((x, y) => x - y)) {
      out.push(`| ${t} | ${cols.map((c) => byStep.get(t)!.get(c) ?? '').join(' | ')} |`);
    }
    out.push('');
  }
  if (a.checks.length) {
    out.push('Checks:', '');
    for (const c of a.checks) {
      const stated = c.stated ? matrixToText(c.stated, 12, undefined, c.places) : '(not evaluated)';
      const computed = c.computed ? matrixToText(c.computed, precision + 1) : '(not computed)';
      out.push(
        `- ${c.pass ? '✓' : '✗'} ${markdownCode(c.written || c.name)}: stated ${markdownCode(stated)}, computed ${markdownCode(computed)} (${mdText(c.tolerance)})`,
      );
      for (const m of c.mismatches.slice(0, 50)) {
        out.push(
          `  - element ${elementLabel(c.computed ?? c.stated, m.row, m.col)}: stated ${m.written ?? formatNumber(m.stated, 12)}, computed ${formatNumber(m.computed, precision + 2)}${Number.isFinite(m.units) ? `, ${formatOffBy(m.units)}` : ''}`,
        );
      }
      if (c.carriedForward) out.push(`  - ${mdText(c.carriedForward)}`);
      if (c.convention)
        out.push(`  - matches ${mdText(c.convention.label)}: set ${markdownCode(`${c.convention.option}=${c.convention.value}`)}`);
    }
    out.push('');
  }
  if (a.parameters) out.push(`Parameters: ${markdownCode(a.parameters.sum)}`, '');
  const diags = a.diagnostics.filter((d) => d.code !== 'check');
  if (diags.length) {
    out.push('Notes:', '');
    for (const d of diags)
      out.push(`- ${d.severity} ${markdownCode(d.code)} (line ${line + d.range.start.line + 1}): ${mdText(d.message)}`);
    out.push('');
  }
  return out.join('\n');
}

/** Free text in Markdown: every character that could start markup or HTML is backslash-escaped. */
function mdText(text: string): string {
  return String(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|$#&!~]/g, '\\$&');
}
