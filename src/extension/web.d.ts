// The one CommonJS `require` the shared sources use without @types/node: the lazy loads of KaTeX
// (src/markdown/solution/math.ts), markdown-it (src/markdown/blocks.ts) and its KaTeX plugin
// (src/markdown/notesMarkdown.ts, for the question sheet's prose math), which esbuild bundles.
declare function require(id: 'katex' | 'markdown-it' | '@vscode/markdown-it-katex'): unknown;
