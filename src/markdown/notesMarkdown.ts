// The markdown-it every page of notes is rendered with (`rnn-math render`, the sheets, the
// question-sheet preview): VS Code's preview settings, prose math through the bounded KaTeX.
// Raw HTML in the prose is shown as text: notes are untrusted, and no page has a sanitizer.
import type MarkdownIt from 'markdown-it';
import type markdownItKatex from '@vscode/markdown-it-katex';
import { safeKatex } from './solution/math';

export function notesMarkdownIt(): MarkdownIt {
  // Required, as src/markdown/blocks.ts does: an import would bundle markdown-it's ES modules
  // beside the CommonJS copy the web bundle already holds.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- one copy of markdown-it (see above)
  const MarkdownItClass = require('markdown-it') as typeof MarkdownIt;
  const md = new MarkdownItClass({ html: false, linkify: true, typographer: false });
  // Required here, not imported: the plugin loads KaTeX as it loads, which `rnn-math check` never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
  const katexPlugin = (require('@vscode/markdown-it-katex') as { default: typeof markdownItKatex }).default;
  md.use(katexPlugin, { katex: safeKatex, enableBareBlocks: true, enableFencedBlocks: true });
  return md;
}
