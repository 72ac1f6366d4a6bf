// What the benchmark reaches inside the engine: bundled by bench/run.js with the same esbuild
// settings as `npm run build:prod` (minified, node20), so the timings are of production code.
export { analyzeBlock, withSteps } from '../src/engine/analyze';
export { canonicalKey } from '../src/engine/keys';
export { Given } from '../src/engine/read';
export { Solver, splitKey } from '../src/engine/solve';
export { compileExpression } from '../src/engine/expr';
export { splitStatements } from '../src/engine/parse/statements';
export { parseOptions } from '../src/engine/parse/options';
export { resolveName } from '../src/engine/parse/names';
export { atLine, findBlocks, splitLines } from '../src/markdown/blocks';
export { DocumentAnalyzer, analyzeDocument } from '../src/markdown/document';
export { accumulate, applyInto } from '../src/engine/matrix';
