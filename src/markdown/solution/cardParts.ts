// Pieces every section of the solution card is built from.
import { escapeHtml } from './escape';

export const MAX_TABLE_ROWS = 200;

export function section(id: string, title: string, body: string): string {
  return `<section class="rnn-section rnn-section--${id}"><h4 class="rnn-section__title">${escapeHtml(title)}</h4>${body}</section>`;
}

export function more(total: number, shown = MAX_TABLE_ROWS): string {
  return total > shown ? `<p class="rnn-more">… ${total - shown} more not shown.</p>` : '';
}

/** The step panel's button that shows the note at document line `line` (wired by media/panel.js). */
export function jumpButton(line: number): string {
  return `<button class="rnn-jump" type="button" data-action="reveal" data-line="${line}" title="Go to line ${line + 1} in the note">line ${line + 1}</button>`;
}
