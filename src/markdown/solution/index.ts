// The solution renderer: BlockAnalysis → HTML card (KaTeX), LaTeX and Markdown exports.
export { renderCard, renderErrorCard, mergeClass } from './card';
export type { CardOptions } from './card';
export { analysisToLatex, analysisToMarkdown } from './export';
export { escapeAttribute, escapeHtml, escapeLatexText } from './escape';
export { nameToLatex } from './names';
export { renderMath, safeKatex, KATEX_OPTIONS } from './math';
export { substituteOperands, stepLines } from './steps';
