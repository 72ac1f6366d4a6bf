// What `npm run fuzz` exercises, bundled by test/fuzz/fuzz.js with esbuild (no compile step).
export { analyzeBlock, withSteps } from '../../src/engine/analyze';
export { findBlocks } from '../../src/markdown/blocks';
export { analyzeDocument } from '../../src/markdown/document';
export { findLatexMatrices, latexMatrixAt, dimensions, raggedMessage } from '../../src/markdown/latexMatrices';
export { renderNotes } from '../../src/cli/render';
export { analysisToLatex, analysisToMarkdown } from '../../src/markdown/solution';
export { blocksOf, noteArb, proseArb } from '../unit/engine/generators';
export * as fc from 'fast-check';
