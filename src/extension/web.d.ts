// The one CommonJS `require` the shared sources use without @types/node: the lazy loads of KaTeX
// (src/markdown/solution/math.ts) and markdown-it (src/markdown/blocks.ts), which esbuild bundles.
declare function require(id: 'katex' | 'markdown-it'): unknown;
