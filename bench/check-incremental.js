#!/usr/bin/env node
// Fuzz check for DocumentAnalyzer's incremental paths: random edits (typing, deleting, Enter,
// Backspace, fences, quotes, list markers, HTML comments) applied one after another, each
// analysed through one warm analyzer and compared with the same analyzer forced down the full
// path (markdown-it over the whole text); also checks that a block's analysis does not depend on
// the document line of its fence (positions count from it, so a block that moved keeps its
// analysis). `node bench/check-incremental.js [edits] [seed]`; exit code 1 on a difference.
// bench/run.js runs a short round of it after the timings.
'use strict';
const { buildEngine } = require('./lib/build');
const G = require('./lib/gen');

const seedDoc = [
  '# Notes',
  '',
  'Some prose here.',
  '',
  '```lstm',
  'h_prev = [0.1; 0.2]',
  'c_prev = [0.3; 0.4]',
  'x = [1; 2]',
  'W_c = [1 2 3 4; 5 6 7 8]',
  'b_c = [0.5; 0.5]',
  'f = [0.2; 0.3]',
  'i = [0.9; 0.1]',
  'o = [0.5; 0.5]',
  '',
  '# solution',
  'g ?= [1; 1]',
  'c ?= f ⊙ c_prev + i ⊙ g',
  '```',
  '',
  '- a list item',
  '',
  '  ```rnn',
  '  W_x = [1 2; 3 4]',
  '  W_h = [1 0; 0 1]',
  '  b = [0; 0]',
  '  x = [1; 1]',
  '  h ?= [0.9; 0.9]',
  '  ```',
  '',
  '> ```gru',
  '> x = [1; 2]',
  '> h_prev = [0; 0]',
  '> W_r = [1 0 1 0; 0 1 0 1]',
  '> ```',
  '',
  '<!--',
  '```lstm',
  'x = [1]',
  '```',
  '-->',
  '',
  'More prose.',
  '',
  '```lstm',
  'x = [1; 2]',
  'h_prev = [0; 0]',
  'c_prev = [0; 0]',
  'W_f = [1 2 3 4; 1 2 3 4]',
  '```',
  '',
].join('\n');

const snippets = [
  '1',
  '9',
  '.5',
  ' ',
  'x',
  'W',
  '\n',
  '\n\n',
  '`',
  '```',
  '~~~',
  '>',
  '> ',
  '- ',
  '<div>',
  '-->',
  '[',
  ']',
  ';',
  '#',
  '?=',
  'é',
  '\t',
  '```lstm\n',
];

function json(doc) {
  return JSON.stringify(doc.blocks, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
}

/** Runs N random edits; returns the number of differences and which path each edit took. */
function fuzz(E, N = 3000, seed = 42, verbose = false) {
  const r = G.rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  // The reference is the same analyzer forced down the full path every time (markdown-it over the
  // whole text, unchanged blocks from the cache): the incremental paths must give exactly that.
  let text = seedDoc;
  // Warm up first: a cold first analysis (code not yet compiled by V8) can meet the engine's time
  // limit under load, and a cached limit diagnostic would then differ from a later analysis.
  E.analyzeDocument(seedDoc);
  const warm = new E.DocumentAnalyzer();
  const ref = new E.DocumentAnalyzer();
  const full = (t) => {
    ref.last = undefined;
    return ref.analyze(t);
  };
  warm.analyze(text);
  full(text);
  let fails = 0;
  const paths = {};
  for (let it = 0; it < N; it++) {
    const lines = text.split('\n');
    const kind = r();
    let at,
      del = 0,
      ins = '';
    const lineNo = Math.floor(r() * lines.length);
    const lineStart = lines.slice(0, lineNo).reduce((n, l) => n + l.length + 1, 0);
    if (kind < 0.45) {
      at = lineStart + Math.floor(r() * (lines[lineNo].length + 1));
      ins = pick(['1', '2', '9', '.', ' ', 'x', 'a', '0']);
    } else if (kind < 0.6) {
      at = lineStart + Math.floor(r() * (lines[lineNo].length + 1));
      del = 1;
    } else if (kind < 0.75) {
      at = pick([lineStart, lineStart + lines[lineNo].length]);
      ins = '\n';
    } else if (kind < 0.82) {
      at = lineStart;
      del = lines[lineNo] === '' ? 1 : 0;
    } else {
      at = lineStart + Math.floor(r() * (lines[lineNo].length + 1));
      ins = pick(snippets);
      del = r() < 0.2 ? 2 : 0;
    }
    at = Math.min(at, text.length);
    const next = text.slice(0, at) + ins + text.slice(Math.min(text.length, at + del));
    if (next.length > 6000) {
      text = seedDoc;
      warm.analyze(text);
      full(text);
      continue;
    }
    const before = warm.analyze(next);
    const fresh = full(next);
    if (json(before) !== json(fresh)) {
      fails++;
      if (verbose && fails <= 3)
        console.log(`difference after edit ${it}: at ${at} del ${del} ins ${JSON.stringify(ins)}\n--- text ---\n${next}\n---`);
      warm.clear();
      warm.analyze(next);
      ref.clear();
      full(next);
    }
    paths[warm.path] = (paths[warm.path] || 0) + 1;
    text = next;
  }
  // A block moved to another line must analyse exactly as before (the cache gives moved blocks their old analysis).
  let moved = 0,
    movedDiffs = 0;
  for (const doc of [
    seedDoc,
    G.longNote({ blocks: 200, lines: 4000 }),
    ...require('fs')
      .readdirSync(require('path').join(__dirname, '..', 'examples'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => require('fs').readFileSync(require('path').join(__dirname, '..', 'examples', f), 'utf8')),
  ]) {
    for (const b of E.analyzeDocument(doc).blocks) {
      for (const d of [1, 17]) {
        moved++;
        if (json({ blocks: [E.analyzeBlock(E.atLine(b.block, b.block.line + d))] }) !== json({ blocks: [b.analysis] })) movedDiffs++;
      }
    }
  }
  if (verbose) console.log(`moved blocks: ${moved} analysed at another line, ${movedDiffs} differences`);
  if (movedDiffs) fails++;
  if (verbose) console.log(`${N} edits, ${fails} differences; paths: ${JSON.stringify(paths)}`);
  return { fails, paths, moved, movedDiffs };
}

if (require.main === module) {
  const res = fuzz(buildEngine(), Number(process.argv[2] || 3000), Number(process.argv[3] || 42), true);
  process.exitCode = res.fails ? 1 : 0;
}

module.exports = { fuzz };
