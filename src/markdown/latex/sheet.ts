// `--format latex`: a note's exam sheet as a standalone LaTeX document (article, amsmath) for
// lecturers who typeset exams. Each block: its givens and steps as `align*`, then its results
// (solution sheet) or blank answer boxes and ruled lines (question sheet). Prose is escaped
// text with its math passed through (prose.ts); prose that gives an answer away is withheld.
import type Token from 'markdown-it/lib/token.mjs';
import { withSteps } from '../../engine/analyze';
import { EXPORT_LIMITS } from '../../engine/format';
import type { AnalysisWithSteps, BlockAnalysis, CheckResult } from '../../engine/types';
import { analyzeDocument, type DocumentAnalysis } from '../document';
import { notesMarkdownIt } from '../notesMarkdown';
import { solutionPlugin, type AnalyzedBlockLike } from '../previewPlugin';
import { escapeLatexText, latexText } from '../solution/escape';
import { isKeyName } from '../solution/names';
import { notationOf } from '../solution/notation';
import { stepAlignedRows, stepLines, valueLatex } from '../solution/steps';
import { blockAnswers, type Answer } from '../sheet/answers';
import { MAX_BOX_COLS, MAX_BOX_ROWS } from '../sheet/questionCard';
import type { SheetKind } from '../sheet/render';
import { withholdPlugin, type WithheldProse } from '../sheet/withhold';
import { proseToLatex } from './prose';

export interface LatexSheetOptions {
  readonly title: string;
  readonly paper?: 'a4' | 'letter';
  readonly keepProse?: boolean;
}

export interface LatexSheet {
  readonly latex: string;
  readonly blocks: number;
  readonly blocksWithErrors: number;
  readonly withheld: readonly WithheldProse[];
}

const KIND_LABEL: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', rnn: 'RNN' };

/**
 * pdflatex reads UTF-8 but knows few of the symbols notes and the engine write; XeLaTeX and
 * LuaLaTeX have them in their fonts.
 */
const UNICODE: readonly [string, string][] = [
  ['03C3', '\\ensuremath{\\sigma}'],
  ['2299', '\\ensuremath{\\odot}'],
  ['00D7', '\\ensuremath{\\times}'],
  ['00B7', '\\ensuremath{\\cdot}'],
  ['2212', '\\ensuremath{-}'],
  ['2248', '\\ensuremath{\\approx}'],
  ['2264', '\\ensuremath{\\leq}'],
  ['2265', '\\ensuremath{\\geq}'],
  ['2192', '\\ensuremath{\\to}'],
  ['2208', '\\ensuremath{\\in}'],
  ['2713', '\\ensuremath{\\checkmark}'],
  ['2717', '\\ensuremath{\\times}'],
];

export function latexPreamble(title: string, paper: 'a4' | 'letter'): string {
  return [
    `% ${escapeLatexText(title)}, written by rnn-math render`,
    `\\documentclass[11pt,${paper === 'letter' ? 'letterpaper' : 'a4paper'}]{article}`,
    '\\usepackage{iftex}',
    '\\ifPDFTeX',
    '  \\usepackage[utf8]{inputenc}',
    '  \\usepackage[T1]{fontenc}',
    ...UNICODE.map(([code, tex]) => `  \\DeclareUnicodeCharacter{${code}}{${tex}}`),
    '\\fi',
    '\\usepackage{amsmath,amssymb}',
    '\\usepackage[margin=2cm]{geometry}',
    '\\setcounter{MaxMatrixCols}{20}',
    '\\allowdisplaybreaks',
    '\\setlength{\\parindent}{0pt}',
    '\\setlength{\\parskip}{0.5em}',
    '% An answer box per element; a large box for a big matrix; ruled lines for a written equation.',
    '\\newcommand{\\answerbox}{\\text{\\framebox[5em]{\\rule{0pt}{1.3em}}}}',
    '\\newcommand{\\largeanswerbox}[1]{\\par\\noindent\\framebox[\\linewidth][r]{\\rule{0pt}{7em}\\footnotesize #1}\\par}',
    '\\newcommand{\\answerline}{\\par\\vspace{1.8em}\\noindent\\rule{\\linewidth}{0.4pt}}',
    '\\newcommand{\\answerlines}{\\answerline\\answerline\\answerline\\par}',
  ].join('\n');
}

export function latexSheet(
  text: string,
  kind: SheetKind,
  options: LatexSheetOptions,
  analyze: (t: string) => DocumentAnalysis = analyzeDocument,
): LatexSheet {
  let doc: DocumentAnalysis = { blocks: [], analyzed: 0 };
  const withheld: WithheldProse[] = [];
  const md = notesMarkdownIt();
  solutionPlugin(md, { analyze: (src) => (doc = analyze(src)) });
  if (kind === 'questions' && !options.keepProse) withholdPlugin(md, () => doc.blocks, withheld);
  const tokens = md.parse(text.replace(/^\uFEFF/, ''), {});
  const pagePerSection = tokens.some((t) => t.type === 'heading_open' && t.tag === 'h2');
  const body = proseToLatex(tokens, {
    pagePerSection,
    block: (token: Token) => {
      const analyzed = (token.meta?.rnnMath as { analyzed?: AnalyzedBlockLike } | undefined)?.analyzed;
      if (!analyzed) return `\\emph{${escapeLatexText('(a block RNN Math Notes could not analyse)')}}\n\n`;
      return kind === 'questions'
        ? questionBlock(analyzed.analysis, analyzed.block.line)
        : solutionBlock(withSteps(analyzed.block, analyzed.analysis), analyzed.block.line);
    },
  });
  const candidate = kind === 'questions' ? '\\noindent Name \\rule{0.5\\linewidth}{0.4pt}\\quad ID \\rule{0.25\\linewidth}{0.4pt}\n\n' : '';
  const latex = `${latexPreamble(options.title, options.paper ?? 'a4')}\n\\begin{document}\n${candidate}${body}\\end{document}\n`;
  return {
    latex,
    blocks: doc.blocks.length,
    blocksWithErrors: doc.blocks.filter((b) => b.analysis.diagnostics.some((d) => d.severity === 'error' && d.code !== 'check')).length,
    withheld,
  };
}

function blockHeading(a: BlockAnalysis, line: number): string {
  const where = `lines ${line + a.range.start.line + 1}–${line + a.range.end.line + 1}`;
  return `\\paragraph{${escapeLatexText(`${KIND_LABEL[a.kind] ?? a.kind} block`)}} {\\small ${escapeLatexText(`${where}, ${a.options.layout} layout`)}}\n\n`;
}

function align(rows: readonly string[]): string {
  return rows.length ? `\\begin{align*}\n${rows.join(' \\\\\n')}\n\\end{align*}\n` : '';
}

function givens(a: BlockAnalysis): string {
  const { precision, layout } = a.options;
  const rows = a.quantities
    .filter((q) => q.origin === 'given' || q.origin === 'default')
    .map(
      (q) =>
        `${notationOf(a).latex(q.name, q.step)} &= ${valueLatex(q.name, q.value, layout, precision, EXPORT_LIMITS, q.places)}${q.origin === 'default' ? ` && ${latexText('(assumed)')}` : ''}`,
    );
  return rows.length ? `\\textbf{Givens}\n${align(rows)}\n` : '';
}

/** A check or answer labelled as the note writes it (`C_t`), as the HTML sheet and the card do. */
function checkLabel(a: BlockAnalysis, c: Pick<CheckResult, 'name' | 'written'>): string {
  return isKeyName(c.name) ? notationOf(a).latex(c.name) : latexText(c.written || c.name);
}

function solutionBlock(a: AnalysisWithSteps, line: number): string {
  const { precision, layout } = a.options;
  const steps: string[] = [];
  let time: number | undefined;
  for (const step of a.steps) {
    if (step.time !== undefined && step.time !== time) {
      time = step.time;
      steps.push(`&${latexText(`t = ${Math.trunc(step.time)}`)}`);
    }
    steps.push(...stepAlignedRows(stepLines(step, a, EXPORT_LIMITS)));
  }
  const results = a.quantities
    .filter((q) => q.origin === 'computed')
    .map((q) => `${notationOf(a).latex(q.name, q.step)} &= ${valueLatex(q.name, q.value, layout, precision, EXPORT_LIMITS)}`);
  const checks = a.checks.map((c) => {
    const stated = c.stated ? valueLatex(c.name, c.stated, layout, 12, EXPORT_LIMITS) : latexText('(not evaluated)');
    const computed = c.computed ? valueLatex(c.name, c.computed, layout, precision + 1, EXPORT_LIMITS) : latexText('(not computed)');
    return `${checkLabel(a, c)} &\\overset{?}{=} ${stated} && ${c.pass ? '\\checkmark' : `${latexText('wrong, computed')}\\ ${computed}`}`;
  });
  return (
    blockHeading(a, line) +
    givens(a) +
    (steps.length ? `\\textbf{Steps}\n${align(steps)}\n` : '') +
    (results.length ? `\\textbf{Results}\n${align(results)}\n` : '') +
    (checks.length ? `\\textbf{Checks}\n${align(checks)}\n` : '')
  );
}

function questionBlock(a: BlockAnalysis, line: number): string {
  const answers = blockAnswers(a);
  const parts = answers.map((q) => {
    const label = checkLabel(a, q);
    if (q.kind === 'written') return `$${label} =$ ${escapeLatexText('(the equation)')}\n\\answerlines\n`;
    if (q.rows > MAX_BOX_ROWS || q.cols > MAX_BOX_COLS) return `$${label} =$\n\\largeanswerbox{$${q.rows}\\times ${q.cols}$}\n`;
    return align([`${label} &= ${boxes(q)}`]);
  });
  return blockHeading(a, line) + givens(a) + (parts.length ? `\\textbf{Answers}\n\n${parts.join('\n')}\n` : '');
}

function boxes(q: Answer): string {
  if (q.rows === 1 && q.cols === 1) return '\\answerbox';
  const row = Array.from({ length: q.cols }, () => '\\answerbox').join(' & ');
  return `\\begin{bmatrix} ${Array.from({ length: q.rows }, () => row).join(' \\\\ ')} \\end{bmatrix}`;
}
