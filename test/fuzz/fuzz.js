#!/usr/bin/env node
// `npm run fuzz [-- --cases N --seed S]`: the long fuzz run (issue 6), kept out of `npm test`.
// Feeds random bytes, grammar tokens, statement-shaped lines and mutations of examples/*.md to
//   1. the engine (findBlocks + analyzeBlock per block, and analyzeDocument),
//   2. the LaTeX-matrix scanner used by hovers outside blocks (findLatexMatrices & co.),
//   3. the markdown-it preview plugin and solution renderer (renderNotes, LaTeX/Markdown export),
// and prints: cases, exceptions (must be 0), over-budget cases (must be 0), slowest case.
// One case in LONG_RUN_EVERY is a long repeated run (test/fuzz/longRuns.js: a family's note, or a
// random unit repeated inside an example), 256 B to 16 kB. Then the growth check: every family at
// 1 kB and at 200 kB through every target, whose time may grow at most ~linearly (≤ 250×).
// Exit code 1 when any exception, malformed diagnostic, over-budget case or super-linear growth was seen.
'use strict';
const fs = require('fs');
const path = require('path');
const { performance } = require('perf_hooks');

const ROOT = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const CASES = opt('--cases', 100000);
const SEED = opt('--seed', 20261128);
const RENDER_EVERY = opt('--render-every', 4); // the renderer is ~10× slower than the engine
const BUDGET_MS = 1000; // SPEC §10: 1 s of analysis per block
const LONG_RUN_EVERY = opt('--long-run-every', 8);
const GROWTH = !args.includes('--no-growth');

// Bundle the targets straight from the TypeScript sources (esbuild is a devDependency).
const bundle = path.join(ROOT, 'out', 'fuzz', 'targets.js');
require('esbuild').buildSync({
  absWorkingDir: ROOT,
  entryPoints: ['test/fuzz/targets.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  logLevel: 'error',
});
// KaTeX warns on the console about characters it has no metrics for; count, don't print.
let katexWarnings = 0;
console.warn = () => {
  katexWarnings++;
};
const T = require(bundle);
const { fc } = T;

const examples = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8'));
const seeds = [...T.blocksOf(examples), ...examples];
const { FAMILIES, UNITS, run } = require('./longRuns');
const { growthCheck, TARGET_NAMES, GROWTH_LIMIT, DOUBLING_LIMIT } = require('./growth');
/** A long run: a family's note, or a random unit repeated at a random place of a seed note. */
const longRunArb = fc.oneof(
  fc
    .record({ family: fc.integer({ min: 0, max: FAMILIES.length - 1 }), log: fc.integer({ min: 8, max: 14 }) })
    .map(({ family, log }) => FAMILIES[family].make(2 ** log)),
  fc
    .record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      unit: fc.constantFrom(...UNITS),
      at: fc.nat(),
      log: fc.integer({ min: 8, max: 14 }),
    })
    .map(({ seed, unit, at, log }) => {
      const note = seeds[seed];
      const cut = at % (note.length + 1);
      return note.slice(0, cut) + run(unit, 2 ** log) + note.slice(cut);
    }),
);
const notes = fc.oneof(
  { arbitrary: T.noteArb(seeds), weight: 5 * (LONG_RUN_EVERY - 1) },
  { arbitrary: T.proseArb, weight: LONG_RUN_EVERY - 1 },
  { arbitrary: longRunArb, weight: 6 },
);

const stats = {
  cases: 0,
  blocks: 0,
  exceptions: 0,
  malformed: 0,
  overBudget: 0,
  boundary: { engine: 0, latexScanner: 0, renderer: 0 },
  slowest: { ms: 0, where: '', text: '' },
};
const failures = [];

function fail(kind, where, text, e) {
  process.stderr.write(`  ${kind} in ${where}: ${JSON.stringify(text.slice(0, 160))}\n`);
  if (failures.length < 10)
    failures.push({ kind, where, text: text.slice(0, 500), error: e ? String((e && e.stack) || e).slice(0, 800) : undefined });
}

function timed(where, text, fn) {
  const t0 = performance.now();
  let out;
  try {
    out = fn();
  } catch (e) {
    stats.exceptions++;
    fail('exception', where, text, e);
    return undefined;
  }
  const ms = performance.now() - t0;
  if (ms > stats.slowest.ms) stats.slowest = { ms, where, text: text.slice(0, 200) };
  if (ms > BUDGET_MS) {
    stats.overBudget++;
    fail('over budget', `${where} (${ms.toFixed(0)} ms)`, text);
  }
  return out;
}

/** Ranges count lines from the block's fence: the block spans 0 … its last line, and every diagnostic (and related location) is inside. */
function wellFormed(a, block) {
  const inside = (r) =>
    r &&
    r.start.line >= 0 &&
    r.end.line <= a.range.end.line &&
    (r.start.line < r.end.line || r.start.character <= r.end.character) &&
    r.start.character >= 0;
  return (
    a.range.start.line === 0 &&
    a.range.end.line === block.range.end.line &&
    Array.isArray(a.diagnostics) &&
    a.diagnostics.every((d) => typeof d.message === 'string' && d.message && inside(d.range) && d.related.every((x) => inside(x.range)))
  );
}

function runCase(text, n) {
  stats.cases++;
  // 1. the engine
  stats.boundary.engine++;
  const blocks = timed('findBlocks', text, () => T.findBlocks(text)) || [];
  for (const b of blocks) {
    stats.blocks++;
    const a = timed('analyzeBlock', b.raw, () => T.analyzeBlock(b));
    if (a && !wellFormed(a, b)) {
      stats.malformed++;
      fail('malformed diagnostic', 'analyzeBlock', b.raw);
    }
  }
  const doc = timed('analyzeDocument', text, () => T.analyzeDocument(text));
  if (doc && doc.blocks.length !== blocks.length) {
    stats.malformed++;
    fail('block count', 'analyzeDocument', text);
  }
  // 2. the LaTeX-matrix scanner (hovers anywhere in a Markdown file)
  stats.boundary.latexScanner++;
  timed('findLatexMatrices', text, () => {
    const ms = T.findLatexMatrices(text);
    for (const m of ms) {
      T.dimensions(m);
      T.raggedMessage(m);
    }
    T.latexMatrixAt(ms, n % (text.length + 1));
  });
  // 3. the preview plugin and the solution renderer
  if (n % RENDER_EVERY === 0) {
    stats.boundary.renderer++;
    timed('renderNotes', text, () => T.renderNotes(text));
    if (doc)
      for (const b of doc.blocks) {
        const solved = T.withSteps(b.block, b.analysis);
        timed('analysisToLatex', text, () => T.analysisToLatex(solved));
        timed('analysisToMarkdown', text, () => T.analysisToMarkdown(solved));
      }
  }
}

const started = Date.now();
let n = 0;
let lastReport = started;
// fast-check drives generation with a fixed seed; the property itself never fails, it counts.
fc.assert(
  fc.property(notes, (text) => {
    runCase(text, n++);
    if (Date.now() - lastReport > 10000) {
      lastReport = Date.now();
      process.stderr.write(`  … ${stats.cases} cases, ${stats.exceptions} exceptions, ${stats.overBudget} over budget\n`);
    }
  }),
  { seed: SEED, numRuns: CASES, endOnFailure: true },
);

const seconds = ((Date.now() - started) / 1000).toFixed(1);
report().catch((e) => {
  console.error(`fuzz: ${(e && e.stack) || e}`);
  process.exitCode = 2;
});

async function report() {
  const growth = GROWTH
    ? await growthCheck(bundle, (kind, where, text, e) => {
        if (kind === 'exception') stats.exceptions++;
        else stats.overBudget++;
        fail(kind, where, text, e);
      })
    : [];
  const superLinear = growth.filter((g) => !g.ok);
  console.log(`rnn-math fuzz (seed ${SEED})`);
  console.log(`cases:          ${stats.cases} (${stats.blocks} blocks) in ${seconds} s`);
  console.log(`  engine:       ${stats.boundary.engine}`);
  console.log(`  LaTeX scanner:${String(stats.boundary.latexScanner).padStart(7)}`);
  console.log(`  renderer:     ${stats.boundary.renderer}`);
  console.log(`  (KaTeX console warnings silenced: ${katexWarnings})`);
  console.log(`exceptions:     ${stats.exceptions}`);
  console.log(`malformed:      ${stats.malformed}`);
  console.log(`over budget:    ${stats.overBudget} (limit ${BUDGET_MS} ms)`);
  console.log(
    `slowest case:   ${stats.slowest.ms.toFixed(1)} ms (${stats.slowest.where}) ${JSON.stringify(stats.slowest.text.slice(0, 120))}`,
  );
  if (GROWTH) {
    const worst = growth.reduce((w, g) => (g.ratio > w.ratio ? g : w), growth[0]);
    console.log(
      `growth check:   ${FAMILIES.length} families × ${TARGET_NAMES.length} targets at 1 kB and 200 kB: ${superLinear.length} super-linear (limit ${GROWTH_LIMIT}×, or ${DOUBLING_LIMIT}× from 200 to 400 kB)`,
    );
    console.log(
      `  largest ratio ${worst.ratio.toFixed(0)}× (${worst.family}, ${worst.target}: ${worst.small.toFixed(3)} ms → ${worst.large.toFixed(1)} ms)`,
    );
    console.log(`  slowest at 200 kB ${growth.reduce((w, g) => (g.large > w.large ? g : w), growth[0]).large.toFixed(1)} ms`);
    const doubling = (g) => (g.doubled === undefined ? '' : `, ×${g.doubled.toFixed(2)} at 400 kB`);
    for (const g of growth.filter((x) => x.doubled !== undefined || !x.ok)) {
      console.log(
        `  ${g.ok ? 'over 250× but linear' : 'super-linear'}: ${g.family}, ${g.target}: ${g.small.toFixed(3)} ms at 1 kB → ${g.large.toFixed(1)} ms at 200 kB (${g.ratio.toFixed(0)}×${doubling(g)})`,
      );
    }
    if (args.includes('--growth-table'))
      for (const g of growth)
        console.log(
          `  ${g.family.padEnd(34)} ${g.target.padEnd(14)} ${g.small.toFixed(3).padStart(8)} ms ${g.large.toFixed(1).padStart(8)} ms ${g.ratio.toFixed(0).padStart(5)}×${doubling(g)}`,
        );
  }
  for (const f of failures) console.log(`\n${f.kind} in ${f.where}:\n${JSON.stringify(f.text)}\n${f.error ?? ''}`);
  process.exitCode = stats.exceptions || stats.overBudget || stats.malformed || superLinear.length ? 1 : 0;
}
