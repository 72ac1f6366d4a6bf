#!/usr/bin/env node
// The behaviour snapshot (issue 13): every note of test/behaviour/corpus.json.gz through
// `rnn-math check --json` (the CLI's own toJson), each block's Markdown and LaTeX export (the
// steps every surface shows) and, for the examples and engine fixtures, the rendered page.
//   node test/behaviour/snapshot.js --write    save test/behaviour/expected.json.gz (before a change)
//   node test/behaviour/snapshot.js            compare with it; exit 1 and list what differs (--all: every difference)
// A difference is reported as `float` when the two outputs differ only in numbers within 1e-12
// relative (SPEC §10's numerics budget), else as a text difference with the first line that differs.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const { loadTargets } = require('./load');
const args = process.argv.slice(2);
const WRITE = args.includes('--write');
const ALL = args.includes('--all');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
console.warn = () => {}; // KaTeX's metrics warnings
const T = loadTargets();

const read = (f) => JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(__dirname, f))).toString('utf8'));
const corpus = read('corpus.json.gz');

function outputsOf(note) {
  const analyzed = T.analyzeDocument(note.text).blocks;
  const solved = analyzed.map((b) => ({ a: T.withSteps(b.block, b.analysis), line: b.block.line }));
  const out = {
    check: T.stringifyJson(T.toJson([{ path: note.id, blocks: analyzed }])),
    steps: solved.map(({ a, line }) => T.analysisToMarkdown(a, line) + '\n' + T.analysisToLatex(a, line)).join('\n----\n'),
  };
  if (/^(examples|fixtures)\/[^#]*$/.test(note.id)) out.render = T.renderNotes(note.text).html;
  return out;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/g;
/** Whether a and b differ only in numbers within 1e-12 relative. */
function floatOnly(a, b) {
  const sa = a.split(NUMBER),
    sb = b.split(NUMBER);
  if (sa.length !== sb.length || sa.some((s, k) => s !== sb[k])) return false;
  const na = a.match(NUMBER) || [],
    nb = b.match(NUMBER) || [];
  return na.every((x, k) => Math.abs(Number(x) - Number(nb[k])) <= 1e-12 * Math.max(1, Math.abs(Number(nb[k]))));
}

function firstDifference(a, b) {
  const la = a.split('\n'),
    lb = b.split('\n');
  for (let k = 0; k < Math.max(la.length, lb.length); k++) {
    if (la[k] !== lb[k]) return `line ${k + 1}:\n      was: ${String(la[k]).slice(0, 300)}\n      now: ${String(lb[k]).slice(0, 300)}`;
  }
  return '';
}

const started = Date.now();
if (WRITE) {
  const expected = {};
  for (const note of corpus) expected[note.id] = outputsOf(note);
  fs.writeFileSync(path.join(__dirname, 'expected.json.gz'), zlib.gzipSync(JSON.stringify(expected), { level: 9 }));
  console.log(`saved the outputs of ${corpus.length} notes in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  const expected = read('expected.json.gz');
  const diffs = { text: [], float: [] };
  let compared = 0;
  for (const note of corpus) {
    if (only && !note.id.includes(only)) continue;
    compared++;
    const now = outputsOf(note);
    const was = expected[note.id];
    for (const part of Object.keys(was)) {
      if (was[part] === now[part]) continue;
      const kind = floatOnly(was[part], now[part]) ? 'float' : 'text';
      diffs[kind].push(`${note.id} [${part}] ${firstDifference(was[part], now[part])}`);
    }
  }
  console.log(
    `${compared} notes compared in ${((Date.now() - started) / 1000).toFixed(1)} s: ${diffs.text.length} text differences, ${diffs.float.length} float-only (≤ 1e-12 relative)`,
  );
  for (const d of ALL ? diffs.text : diffs.text.slice(0, 40)) console.log(`  ${d}`);
  if (!ALL && diffs.text.length > 40) console.log(`  … and ${diffs.text.length - 40} more`);
  for (const d of diffs.float.slice(0, 10)) console.log(`  float: ${d.split('\n')[0]}`);
  process.exitCode = diffs.text.length || diffs.float.length ? 1 : 0;
}
