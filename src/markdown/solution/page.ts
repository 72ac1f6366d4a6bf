// HTML shells around solution cards: the step panel's webview document and the standalone page
// of `rnn-math render`. Pure string builders, so their CSP can be unit-tested without VS Code.
import type { AnalysisWithSteps } from '../../engine/types';
import { renderCard } from './card';
import { escapeAttribute, escapeHtml } from './escape';

/**
 * KaTeX lays formulas out with `style="…"` attributes, which a strict CSP (no 'unsafe-inline')
 * ignores. The panel moves them to `data-k-style`; media/panel.js applies them through the
 * CSSOM (`el.style.cssText`), which CSP allows. KaTeX escapes all text, so `style="` only ever
 * appears as an attribute of its own output.
 */
export function moveInlineStyles(html: string): string {
  // Every ` style="` KaTeX writes opens an attribute it closes, so renaming the opening is enough.
  return html.split(' style="').join(' data-k-style="');
}

export interface PanelDocument {
  readonly cspSource: string;
  readonly nonce: string;
  /** Webview URIs of the stylesheets (KaTeX, card, panel). */
  readonly styles: readonly string[];
  /** Webview URI of media/panel.js. */
  readonly script: string;
  /** The panel's content (toolbar and card), from panelBody. */
  readonly body: string;
}

export function panelCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; font-src ${cspSource}; img-src ${cspSource}; script-src 'nonce-${nonce}';`;
}

export function panelDocument(p: PanelDocument): string {
  const links = p.styles.map((href) => `<link rel="stylesheet" href="${escapeAttribute(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(p.cspSource, p.nonce).replace(/"/g, '&quot;')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
<title>Steps</title>
</head>
<body class="rnn-panel">
<div id="rnn-root">${p.body}</div>
<script nonce="${escapeAttribute(p.nonce)}" src="${escapeAttribute(p.script)}"></script>
</body>
</html>
`;
}

export interface PanelBodyInput {
  readonly analysis?: AnalysisWithSteps;
  /** The document line of the block's fence (the analysis counts lines from it). */
  readonly line?: number;
  /** `lstm-exam.md` */
  readonly fileName?: string;
  readonly blockIndex?: number;
  readonly blockCount?: number;
  /** Shown instead of a card when there is no block. */
  readonly emptyMessage?: string;
  /** The handout card (`rnnMath.solution.compact`). */
  readonly compact?: boolean;
}

/** Toolbar and card of the step panel (styles moved off inline attributes). */
export function panelBody(input: PanelBodyInput): string {
  const a = input.analysis;
  if (!a) {
    return (
      `<div class="rnn-panel__toolbar"><span class="rnn-panel__title">RNN Math Notes</span></div>` +
      `<p class="rnn-panel__empty">${escapeHtml(input.emptyMessage ?? 'Put the cursor in an lstm, gru or rnn block to see its solution step by step.')}</p>`
    );
  }
  const fence = (input.line ?? 0) + a.fenceRange.start.line;
  const where = [
    input.fileName ? `${input.fileName}:${fence + 1}` : `line ${fence + 1}`,
    input.blockCount && input.blockCount > 1 && input.blockIndex !== undefined
      ? `block ${input.blockIndex + 1} of ${input.blockCount}`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const toolbar =
    `<div class="rnn-panel__toolbar">` +
    `<span class="rnn-panel__title" title="${escapeAttribute(where)}">${escapeHtml(where)}</span>` +
    `<button type="button" data-action="copy-latex" title="Copy the solution as LaTeX (align*)">Copy LaTeX</button>` +
    `<button type="button" data-action="copy-markdown" title="Copy the solution as Markdown">Copy Markdown</button>` +
    `<button type="button" data-action="reveal" data-line="${fence}" title="Go to the block in the note">Go to block</button>` +
    `</div>`;
  return moveInlineStyles(toolbar + renderCard(a, { interactive: true, line: input.line, compact: input.compact }));
}

export interface StandalonePage {
  readonly title: string;
  readonly body: string;
  /** Stylesheets to inline, in order (KaTeX with fonts as data: URLs, card, page). */
  readonly css: readonly string[];
  readonly generator?: string;
}

/**
 * A self-contained page: no scripts, no remote loads (a CSP forbids both, so even raw HTML in
 * the notes cannot run or fetch anything), fonts and styles inlined.
 */
export function standalonePage(p: StandalonePage): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: 'self'; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeAttribute(p.generator ?? 'rnn-math render')}">
<title>${escapeHtml(p.title)}</title>
${p.css.map((c) => `<style>\n${c.replace(/<\/style/gi, '<\\/style')}\n</style>`).join('\n')}
</head>
<body class="rnn-page">
<main class="markdown-body">
${p.body}
</main>
</body>
</html>
`;
}
