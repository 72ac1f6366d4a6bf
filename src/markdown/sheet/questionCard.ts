// One block on a question sheet: the givens as the solution card shows them, then an empty
// answer box per question, sized to the answer's shape. Built from the analysis's givens and
// the answers' shapes only (answers.ts), so no computed or stated answer can reach the page,
// not even in an attribute or a title.
import type { BlockAnalysis } from '../../engine/types';
import { shapeText } from '../../engine/matrix';
import { escapeAttribute, escapeHtml } from '../solution/escape';
import { renderMath } from '../solution/math';
import { isKeyName } from '../solution/names';
import { notationOf } from '../solution/notation';
import { renderGivens } from '../solution/cardTables';
import { mergeClass } from '../solution/card';
import { blockAnswers, type Answer } from './answers';
import { MAX_TABLE_ROWS, more, section } from '../solution/cardParts';

const KIND_LABEL: Record<string, string> = { lstm: 'LSTM', gru: 'GRU', rnn: 'RNN' };

/** Past this many rows or columns an answer gets one large box labelled with its shape. */
export const MAX_BOX_ROWS = 12;
export const MAX_BOX_COLS = 10;
/** Ruled lines of a written answer (an equation). */
const WRITTEN_LINES = 3;
/** Most answers listed per card (a generated block may have hundreds): the card's limit, as its givens have. */
const MAX_ROWS = MAX_TABLE_ROWS;

export interface QuestionCardOptions {
  /** Attributes for the root element, already rendered (` data-line="3"`). */
  readonly rootAttrs?: string;
}

export function renderQuestionCard(a: BlockAnalysis, options: QuestionCardOptions = {}): string {
  const kind = escapeAttribute(a.kind);
  const parts = [
    `<div${mergeClass(options.rootAttrs ?? '', `rnn-card rnn-card--${kind} rnn-question`)} data-rnn-kind="${kind}">`,
    renderHeader(a),
    renderGivens(a),
    renderAnswers(a, blockAnswers(a)),
    '</div>',
  ];
  return parts.filter((p) => p).join('\n') + '\n';
}

function renderHeader(a: BlockAnalysis): string {
  const sizes = Object.entries(a.sizes ?? {}).map(([k, v]) => `${k} = ${v}`);
  const bits = [...sizes, `${a.options.layout} layout`];
  if (a.kind === 'gru') bits.push(`reset=${a.options.reset}`, `z=${a.options.z}`);
  if (a.sequenceLength) bits.push(`T = ${a.sequenceLength} steps`);
  return (
    `<div class="rnn-card__header"><span class="rnn-card__kind">${KIND_LABEL[a.kind] ?? escapeHtml(a.kind)}</span>` +
    `<span class="rnn-card__meta">${escapeHtml(bits.join(' · '))}</span></div>`
  );
}

function renderAnswers(a: BlockAnalysis, answers: readonly Answer[]): string {
  if (!answers.length) return '';
  const items = answers.slice(0, MAX_ROWS).map((q) => {
    const label = isKeyName(q.name) ? renderMath(`${notationOf(a).latex(q.name)} =`, false) : `<code>${escapeHtml(q.written)}</code> =`;
    const prompt =
      q.kind === 'written'
        ? '<span class="rnn-answer__prompt">write the equation</span>'
        : `<span class="rnn-shape">${shapeText(q)}</span>`;
    return (
      `<li class="rnn-answer rnn-answer--${q.kind}"><div class="rnn-answer__head"><span class="rnn-answer__label">${label}</span>${prompt}</div>` +
      answerBox(q) +
      `</li>`
    );
  });
  return section('answers', 'Answers', `<ol class="rnn-answers">${items.join('')}</ol>${more(answers.length)}`);
}

/** An empty box for each element (a grid in the answer's shape), or ruled lines for an equation. */
export function answerBox(q: Pick<Answer, 'kind' | 'rows' | 'cols'>): string {
  if (q.kind === 'written') {
    return `<div class="rnn-lines" role="img" aria-label="space for a written answer">${'<div class="rnn-line"></div>'.repeat(WRITTEN_LINES)}</div>`;
  }
  const shape = shapeText(q);
  if (q.rows > MAX_BOX_ROWS || q.cols > MAX_BOX_COLS) {
    return `<div class="rnn-box rnn-box--large" role="img" aria-label="answer box, ${shape}"><span class="rnn-box__shape">${shape}</span></div>`;
  }
  if (q.rows === 1 && q.cols === 1) return `<span class="rnn-box rnn-box--scalar" role="img" aria-label="answer box, a number"></span>`;
  const row = `<tr>${'<td class="rnn-box"></td>'.repeat(q.cols)}</tr>`;
  return `<table class="rnn-boxes" role="img" aria-label="answer boxes, ${shape}"><tbody>${row.repeat(q.rows)}</tbody></table>`;
}
