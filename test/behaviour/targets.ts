// What the behaviour snapshot runs, bundled by test/behaviour/snapshot.js with esbuild: the CLI's
// own `check --json` document and the step-by-step exports every surface shows.
export { analyzeDocument } from '../../src/markdown/document';
export { withSteps } from '../../src/engine/analyze';
export { toJson, stringifyJson } from '../../src/cli/check';
export { renderNotes } from '../../src/cli/render';
export { analysisToLatex, analysisToMarkdown } from '../../src/markdown/solution';
export { blocksOf, noteArb } from '../unit/engine/generators';
export * as fc from 'fast-check';
