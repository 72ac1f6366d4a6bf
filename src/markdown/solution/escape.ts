// Escaping helpers: everything that comes from a block is untrusted text.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Same as escapeHtml; also safe inside attribute values (quotes and backticks escaped). */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/`/g, '&#96;');
}

const LATEX_TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '^': '\\textasciicircum{}',
  _: '\\_',
  '%': '\\%',
  '~': '\\textasciitilde{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/**
 * Escapes text for a LaTeX `\text{…}` argument (or a LaTeX document's body text): every TeX
 * special becomes a literal character, so the text can never start a command or environment.
 * Control characters and line breaks become spaces.
 */
export function escapeLatexText(text: string): string {
  return String(text)
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[\\{}$&#^_%~<>]/g, (c) => LATEX_TEXT_ESCAPES[c]);
}

/** `\text{…}` around escaped text. */
export function latexText(text: string): string {
  return `\\text{${escapeLatexText(text)}}`;
}

/** Escapes text inside a Markdown table cell (pipes and line breaks). */
export function escapeMarkdownCell(text: string): string {
  return String(text)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

/** Escapes text for a plain (untrusted) Markdown hover: every character Markdown gives a meaning. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&');
}

/** A Markdown inline code span that holds any text (the fence grows past inner backticks). */
export function markdownCode(text: string): string {
  const clean = String(text).replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const m of clean.match(/`+/g) ?? []) longest = Math.max(longest, m.length);
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  return fence + pad + clean + pad + fence;
}
