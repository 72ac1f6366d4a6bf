// Hovers: on every name (hoverText.ts: its check, meaning, shape, value, where it comes from and
// where it is used) and literal in a block, and on LaTeX matrices anywhere in a Markdown file
// (dimensions, ragged rows). Plain, untrusted MarkdownStrings.
import * as vscode from 'vscode';
import type { BlockAnalysis, IndexedStatement, Position } from '../engine/types';
import { withSteps } from '../engine/analyze';
import type { AnalyzedBlock } from '../markdown/document';
import { dimensions, findLatexMatrices, latexMatrixAt, raggedMessage, type LatexMatrix } from '../markdown/latexMatrices';
import { type AnalysisSource, isNotesDocument } from './analysisService';
import { blockAtLine, contains, inBlock, toRange } from './convert';
import { formatAligned } from '../engine/format';
import { blockSpellings, spell } from '../engine/spelling';
import { checkValueHoverText, codeBlock, nameHoverText } from './hoverText';
import { shapeText } from '../engine/matrix';
import { escapeMarkdown } from '../markdown/solution/escape';

/**
 * A LaTeX-matrix hover reads only the text around the cursor: this many lines either side, and
 * at most LATEX_WINDOW_CHARS characters either side (a matrix is a few lines; a note can be 5 MB
 * of them, or one line of 5 MB). A matrix that does not fit in the window gets no hover.
 */
export const LATEX_WINDOW_LINES = 200;
export const LATEX_WINDOW_CHARS = 20_000;

const FUNCTIONS: Record<string, string> = {
  sigmoid: 'logistic sigmoid σ(x) = 1 / (1 + e^(−x)), elementwise',
  σ: 'logistic sigmoid σ(x) = 1 / (1 + e^(−x)), elementwise',
  tanh: 'hyperbolic tangent, elementwise',
  relu: 'max(0, x), elementwise',
  softmax: 'exp(x) / sum(exp(x)) over the vector',
  exp: 'eˣ, elementwise',
  log: 'natural logarithm, elementwise',
  norm: 'Euclidean (Frobenius) norm',
  clip: 'clip(g, θ): g rescaled to norm θ when ‖g‖ > θ',
  clip_norm: 'clip_norm(g, θ): g rescaled to norm θ when ‖g‖ > θ (Keras clipnorm, tf.clip_by_norm; the same as clip)',
  clip_grad_norm: 'clip_grad_norm(g, θ): g · θ/(‖g‖ + 10⁻⁶) when that factor is below 1 (torch.nn.utils.clip_grad_norm_)',
  clip_value: 'clip_value(g, c): every entry limited to [−c, c] (Keras clipvalue, torch.nn.utils.clip_grad_value_)',
  clip_rows: 'clip_rows(g, θ): each row rescaled to norm θ when its norm is larger (tf.clip_by_norm with axes=[1])',
  onehot: 'onehot(k, n): the k-th unit vector of length n (k counts from 1)',
  transpose: 'transpose',
  sum: 'sum of all entries',
  max: 'largest entry',
};

export class NotesHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: AnalysisSource) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!isNotesDocument(doc)) return undefined;
    const analyzed = blockAtLine(this.analyses.get(doc), pos.line);
    if (analyzed) {
      const hover = blockHover(doc, analyzed, pos);
      if (hover) return hover;
    }
    return latexHover(doc, pos);
  }
}

/**
 * The innermost LaTeX matrix around the cursor, from the window of text around it (no cache:
 * the window is scanned in well under a millisecond, and nothing of the note is kept).
 */
export function latexHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
  const offset = doc.offsetAt(pos);
  const firstLine = Math.max(0, pos.line - LATEX_WINDOW_LINES);
  const lastLine = Math.min(doc.lineCount - 1, pos.line + LATEX_WINDOW_LINES);
  const docEnd = doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
  const from = Math.max(doc.offsetAt(new vscode.Position(firstLine, 0)), offset - LATEX_WINDOW_CHARS);
  const to = Math.min(doc.offsetAt(doc.lineAt(lastLine).range.end), offset + LATEX_WINDOW_CHARS);
  const text = doc.getText(new vscode.Range(doc.positionAt(from), doc.positionAt(to)));
  const m = latexMatrixAt(findLatexMatrices(text, { cutEnd: to < docEnd }), offset - from);
  if (!m) return undefined;
  return new vscode.Hover(latexMatrixMarkdown(m), new vscode.Range(doc.positionAt(from + m.start), doc.positionAt(from + m.end)));
}

export function latexMatrixMarkdown(m: LatexMatrix): vscode.MarkdownString {
  const md = plain();
  md.appendMarkdown(`**${escapeMarkdown(m.env)}** · \`${dimensions(m)}\``);
  md.appendMarkdown(` · ${m.rows} ${m.rows === 1 ? 'row' : 'rows'}, ${m.cols} ${m.cols === 1 ? 'column' : 'columns'}`);
  const ragged = raggedMessage(m);
  if (ragged) md.appendMarkdown(`\n\n⚠ ragged: ${escapeMarkdown(ragged)}`);
  if (m.unclosed) md.appendMarkdown(`\n\n⚠ no \\\\end\\{${escapeMarkdown(m.env)}\\}: the matrix runs to the end of the file`);
  if (m.rows && m.cols && m.rows <= 12 && m.cols <= 12) {
    const widths: number[] = [];
    for (const row of m.cells)
      row.forEach((c, j) => {
        widths[j] = Math.max(widths[j] ?? 0, c.length);
      });
    const text = m.cells.map((row) => '[ ' + row.map((c, j) => c.padStart(widths[j])).join('  ') + ' ]').join('\n');
    if (text.length < 2000) appendCode(md, text);
  }
  return md;
}

// ---------------------------------------------------------------------------------------------

/** Appends a code block safe for any text the note holds (see codeBlock). */
export function appendCode(md: vscode.MarkdownString, code: string): void {
  md.appendMarkdown(codeBlock(code));
}

function plain(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

function blockHover(doc: vscode.TextDocument, { block, analysis }: AnalyzedBlock, pos: vscode.Position): vscode.Hover | undefined {
  // The analysis counts lines from the fence: `at` is the cursor in the block's coordinates.
  const at = inBlock(pos, block.line);
  if (at.line === 0) {
    return new vscode.Hover(blockSummaryMarkdown(analysis), toRange(block.fenceRange, block.line));
  }
  // What is under the cursor comes from the analysis's statement index: the engine's own reading
  // of the block (its name grammar, its comments), not a second one here.
  const s = analysis.statements.find((st) => contains(st.range, at.line, at.character));
  if (!s) return undefined;
  const name = s.names.find((n) => contains(n.range, at.line, at.character));
  if (name) {
    // A name's hover shows the steps that compute and use it: the one block analysed with them.
    const text = nameHoverText(withSteps(block, analysis), block.line, name.written, name.key, name.range.start);
    if (text) {
      const md = plain();
      md.appendMarkdown(text);
      return new vscode.Hover(md, toRange(name.range, block.line));
    }
  }
  const fn = functionAt(doc.lineAt(pos.line).text, pos.character);
  if (fn) return new vscode.Hover(functionMarkdown(fn.name), new vscode.Range(pos.line, fn.start, pos.line, fn.start + fn.name.length));
  return literalHover(s, analysis, at, block.line);
}

/** The allowlisted function whose name spans `character` on the line (its end included), if any. */
function functionAt(line: string, character: number): { name: string; start: number } | undefined {
  // Not inside a longer name, nor a LaTeX command (`\\tanh` is not the function).
  const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_\\]/.test(c);
  for (const name of Object.keys(FUNCTIONS)) {
    for (let start = Math.max(0, character - name.length); start <= character; start++) {
      if (line.startsWith(name, start) && !isNameChar(line[start - 1]) && !isNameChar(line[start + name.length])) return { name, start };
    }
  }
  return undefined;
}

function functionMarkdown(word: string): vscode.MarkdownString {
  const md = plain();
  md.appendMarkdown(`**${escapeMarkdown(word)}** — ${escapeMarkdown(FUNCTIONS[word])}`);
  return md;
}

/** Hover on a matrix literal: its shape, and what it is the value of. */
function literalHover(s: IndexedStatement, a: BlockAnalysis, pos: Position, line: number): vscode.Hover | undefined {
  const rhs = s.valueRange;
  if (s.kind === 'invalid' || !rhs || !contains(rhs, pos.line, pos.character)) return undefined;
  const md = plain();
  if (s.kind === 'check') {
    const check = a.checks.find((c) => c.range.start.line === s.range.start.line && c.range.start.character === s.range.start.character);
    if (!check?.stated) return undefined;
    md.appendMarkdown(checkValueHoverText(a, check));
    return new vscode.Hover(md, toRange(rhs, line));
  }
  const q =
    a.quantities.find((x) => x.range && x.range.start.line === s.range.start.line && x.range.start.character === s.range.start.character) ??
    a.quantities.find((x) => x.name === s.key);
  if (!q) return undefined;
  md.appendMarkdown(`value of **${escapeMarkdown(s.written ?? '')}** · \`${shapeText(q.value)}\``);
  appendCode(md, formatAligned(q.value, a.options.precision + 2, a.options.layout));
  return new vscode.Hover(md, toRange(rhs, line));
}

function blockSummaryMarkdown(a: BlockAnalysis): vscode.MarkdownString {
  const md = plain();
  const o = a.options;
  const opts = [`layout=${o.layout}${o.layoutInferred ? ' (inferred)' : ''}`];
  if (a.kind === 'gru') opts.push(`reset=${o.reset}`, `z=${o.z}`);
  if (a.kind === 'rnn') opts.push(`act=${o.act}`);
  opts.push(`concat=${o.concat}`, `precision=${o.precision}`);
  md.appendMarkdown(`**${a.kind.toUpperCase()} block** · ${escapeMarkdown(opts.join(' '))}`);
  const sizes = Object.entries(a.sizes)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  if (sizes) md.appendMarkdown(`\n\nsizes: ${escapeMarkdown(sizes)}`);
  if (a.parameters) md.appendMarkdown(`\n\nparameters: ${escapeMarkdown(a.parameters.sum)}`);
  if (a.parameters && a.parameters.layers.length > 1) md.appendMarkdown(`\n\nby layer: ${escapeMarkdown(a.parameters.summary)}`);
  const spellings = blockSpellings(a);
  const shapes = Object.entries(a.shapes).map(([k, [r, c]]) => {
    const written = spell(spellings, k);
    return `${written}${written === k ? '' : ` (${k})`}: ${r}×${c}`;
  });
  if (shapes.length) appendCode(md, shapes.join('\n'));
  return md;
}
