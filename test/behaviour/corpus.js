#!/usr/bin/env node
// Writes test/behaviour/corpus.json.gz: the notes whose outputs test/behaviour/snapshot.js saves.
// The corpus is stored, not regenerated at test time, so that a change to a generator cannot
// change what the saved outputs are compared on. Run once, before a refactor:
//   node test/behaviour/corpus.js
// It holds: the examples, the engine fixtures, the torch reference cases (each also under every
// option a note may set, and with a slip in one stated value), the hostile notes, the bench's
// generated LSTM blocks and long note, and random notes from the fuzzer's generators.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const { ROOT, loadTargets } = require('./load');
const T = loadTargets();
const gen = require('../../bench/lib/gen');

const notes = [];
const add = (id, text) => notes.push({ id, text });

const mdIn = (dir) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.md'))
    .sort();
const examples = mdIn('examples').map((f) => [f, fs.readFileSync(path.join(ROOT, 'examples', f), 'utf8')]);
for (const [f, text] of examples) add(`examples/${f}`, text);
for (const f of mdIn('test/fixtures/engine')) add(`fixtures/${f}`, fs.readFileSync(path.join(ROOT, 'test/fixtures/engine', f), 'utf8'));

// A slip in one number of a stated value: the first digit after a `?= [` gets one added.
function slip(text, nth) {
  let seen = 0;
  return text.replace(/\?=\s*\[\s*-?\d*\.?(\d)/g, (m, d) => (seen++ === nth ? m.slice(0, -1) + ((Number(d) + 1) % 10) : m));
}
for (const [f, text] of examples) for (let k = 0; k < 6; k++) add(`examples/${f}#slip${k}`, slip(text, k));

const OPTIONS = [
  'layout=row',
  'layout=column',
  'z=write',
  'reset=after',
  'reset=before',
  'concat=xh',
  'act=sigmoid',
  'act=relu',
  'bias=false',
  'precision=6',
  'tol=1e-3',
  'tol=0.1%',
  'order=zrn',
  'z=write reset=after',
];
const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/reference/cases.json'), 'utf8')).cases;
for (const c of reference) {
  add(`reference/${c.id}`, c.markdown);
  for (const o of OPTIONS) add(`reference/${c.id}{${o}}`, c.markdown.replace(/^(```\w+)([^\n]*)/, `$1$2 ${o}`));
  // Checks of every expected value, one of them off in its third decimal: hints, carried forward.
  const names = Object.keys(c.expected);
  names.forEach((slipped, k) => {
    const checks = names.map((n) => {
      const rows = c.expected[n];
      const v = rows.map((r) => r.map((x, j) => (n === slipped && j === 0 ? x + 0.003 : x).toFixed(4)).join(' ')).join('; ');
      return `${n} ?= [${v}]`;
    });
    add(`reference/${c.id}#checks${k}`, c.markdown.replace(/\n```\n?$/, '\n' + checks.join('\n') + '\n```\n'));
  });
}
for (const c of JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/hostile/cases.json'), 'utf8')).cases)
  add(`hostile/${c.id}`, c.markdown);

for (const [H, D, T] of [
  [1, 1, 1],
  [2, 3, 1],
  [3, 2, 4],
  [4, 4, 1],
  [5, 3, 6],
  [8, 8, 3],
]) {
  const p = gen.lstmProblem({ H, D, T, seed: H * 100 + D * 10 + T });
  add(`bench/packed-${H}x${D}x${T}`, gen.packedBlock(p));
  if (T === 1) add(`bench/lecture-${H}x${D}`, gen.lectureBlock(gen.lectureProblem(p)));
}
add('bench/long-note-60', gen.longNote({ blocks: 60, lines: 1200, seed: 11 }));

const seeds = [...T.blocksOf(examples.map(([, t]) => t)), ...examples.map(([, t]) => t)];
T.fc.sample(T.noteArb(seeds), { seed: 20261202, numRuns: 3000 }).forEach((text, k) => add(`random/${k}`, text));

const out = path.join(__dirname, 'corpus.json.gz');
fs.writeFileSync(out, zlib.gzipSync(JSON.stringify(notes), { level: 9 }));
console.log(
  `${notes.length} notes, ${(notes.reduce((s, n) => s + n.text.length, 0) / 1e6).toFixed(2)} MB of text → ${path.relative(ROOT, out)} (${(fs.statSync(out).size / 1024).toFixed(0)} kB)`,
);
