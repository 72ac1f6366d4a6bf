// Property-based robustness (issue 2 item 5, issue 6): thousands of random and mutated notes.
// analyzeDocument never throws, returns one analysis per block, its diagnostics are well-formed
// (ranges inside their block). No timing is asserted here: a loaded machine would make it a
// flake; `npm run fuzz` holds the 1 s per block and the growth ratios, `npm run bench` the budgets.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { analyzeBlock } from '../../../src/engine/analyze';
import { findBlocks } from '../../../src/markdown/blocks';
import { analyzeDocument } from '../../../src/markdown/document';
import { findLatexMatrices, latexMatrixAt, raggedMessage } from '../../../src/markdown/latexMatrices';
import { renderNotes } from '../../../src/cli/render';
import { assertWellFormed, ROOT } from './helpers';
import { blocksOf, bytesArb, mutationsArb, noteArb, proseArb, statementsArb, tokensArb } from './generators';

const SEED = 20261128;
const examples = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
const seeds = [...blocksOf(examples), ...examples];

let slowest = 0;
let slowText = '';

function robust(text: string): void {
  const doc = analyzeDocument(text);
  const blocks = findBlocks(text);
  assert.strictEqual(doc.blocks.length, blocks.length, 'one analysis per block');
  for (const { analysis } of doc.blocks) {
    assert.ok(Array.isArray(analysis.diagnostics));
    assertWellFormed(analysis);
    for (const c of analysis.checks) assert.strictEqual(typeof c.pass, 'boolean');
  }
  for (const b of blocks) {
    const t0 = performance.now();
    analyzeBlock(b);
    const ms = performance.now() - t0;
    if (ms > slowest) {
      slowest = ms;
      if (process.env.RNN_FUZZ_VERBOSE) slowText = b.raw;
    }
  }
}

describe('engine: robustness (fast-check, deterministic seed)', function () {
  this.timeout(60000);
  after(() => {
    if (process.env.RNN_FUZZ_VERBOSE) console.log(`    slowest block: ${slowest.toFixed(1)} ms`, JSON.stringify(slowText.slice(0, 400)));
  });

  it('random bytes: never throws, diagnostics well-formed', () => {
    fc.assert(fc.property(bytesArb, robust), { seed: SEED, numRuns: 400 });
  });
  it('grammar tokens: never throws, diagnostics well-formed', () => {
    fc.assert(fc.property(tokensArb, robust), { seed: SEED + 1, numRuns: 500 });
  });
  it('statement-shaped lines: never throws, diagnostics well-formed', () => {
    fc.assert(fc.property(statementsArb, robust), { seed: SEED + 2, numRuns: 500 });
  });
  it('mutations of the examples: never throws, diagnostics well-formed', () => {
    assert.ok(seeds.length >= 7, 'the examples have their blocks');
    fc.assert(fc.property(mutationsArb(seeds), robust), { seed: SEED + 3, numRuns: 650 });
  });
  it('the LaTeX-matrix scanner (hovers outside blocks): never throws, spans inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(proseArb, noteArb(seeds)), fc.nat(), (text, at) => {
        const ms = findLatexMatrices(text);
        for (const m of ms) {
          assert.ok(m.start >= 0 && m.start <= m.end && m.end <= text.length, 'span inside the text');
          assert.ok(m.rows >= 0 && m.cols >= 0);
          raggedMessage(m);
        }
        latexMatrixAt(ms, at % (text.length + 1));
      }),
      { seed: SEED + 5, numRuns: 300 },
    );
  });
  it('the preview plugin and solution renderer: never throw, no <script> from a block', () => {
    const warn = console.warn;
    console.warn = () => undefined; // KaTeX warns about characters it has no metrics for
    try {
      fc.assert(
        fc.property(fc.oneof(tokensArb, statementsArb, mutationsArb(seeds)), (text) => {
          const { html } = renderNotes(text.replace(/<\/?script/gi, ''));
          assert.ok(!/<script/i.test(html), 'no script element in the rendered notes');
        }),
        { seed: SEED + 6, numRuns: 60 },
      );
    } finally {
      console.warn = warn;
    }
  });
  it('a mixed run: every analysis belongs to its block and every check is explained', () => {
    fc.assert(
      fc.property(noteArb(seeds), (text) => {
        for (const { block, analysis } of analyzeDocument(text).blocks) {
          assert.strictEqual(analysis.kind, block.kind);
          assert.deepStrictEqual(analysis.range, block.range);
          assert.ok(analysis.options && typeof analysis.options.precision === 'number');
          // A failing check always comes with a diagnostic on its line saying why.
          for (const c of analysis.checks.filter((x) => !x.pass)) {
            assert.ok(
              analysis.diagnostics.some(
                (d) => d.severity === 'error' && d.range.start.line >= c.range.start.line && d.range.start.line <= c.range.end.line,
              ) || analysis.diagnostics.some((d) => d.code === 'limit'),
              `failing check ${c.written} without a diagnostic`,
            );
          }
        }
      }),
      { seed: SEED + 4, numRuns: 200 },
    );
  });
});
