// The markdown-it every page of notes is rendered with (`rnn-math render`, the sheets, the
// question-sheet preview): VS Code's preview settings, prose math through the bounded KaTeX.
// Raw HTML in the prose is shown as text: notes are untrusted, and no page has a sanitizer.
import MarkdownIt from 'markdown-it';
import type markdownItKatex from '@vscode/markdown-it-katex';
import { safeKatex } from './solution/math';

export function notesMarkdownIt(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  // Required here, not imported: the plugin loads KaTeX as it loads, which `rnn-math check` never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
  const katexPlugin = (require('@vscode/markdown-it-katex') as { default: typeof markdownItKatex }).default;
  md.use(katexPlugin, { katex: safeKatex, enableBareBlocks: true, enableFencedBlocks: true });
  return md;
}
