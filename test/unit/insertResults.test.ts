// `Insert results` from the note's side: the placeholders a snippet leaves (`c ?=`, `h ?=`, or
// the older `c ?= []`) are filled where they stand, and lines are added only for the computed
// quantities that have neither a check nor a placeholder.
import * as assert from 'assert';
import { insertResultsEdits } from '../../src/extension/resultsEdits';
import { splitLines } from '../../src/markdown/blocks';
import type { TextEdit } from '../../src/engine/types';
import { located } from './engine/helpers';

/** The note after the edits (applied from the last, so earlier positions stay put). */
function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = splitLines(text);
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  }
  return out;
}

function insertResults(text: string): string {
  return apply(text, insertResultsEdits(located(text), splitLines(text)));
}

const GATES_GIVEN = [
  'Q1.',
  '',
  '```lstm',
  'f_t = [0.6; 0.3]',
  'i_t = [0.7; 0.4]',
  'o_t = [0.8; 0.5]',
  '\\tilde{C}_t = [0.5; -0.2]',
  'C_{t-1} = [1.2; -0.4]',
  '',
];

describe('Insert results fills placeholders', () => {
  it('fills `C_t ?=` and `h_t ?=` in place, adds nothing else when they are all the block computes', () => {
    const note = [...GATES_GIVEN, 'C_t ?=', 'h_t ?=', '```', ''].join('\n');
    assert.strictEqual(insertResults(note), [...GATES_GIVEN, 'C_t ?= [1.07; -0.2]', 'h_t ?= [0.6316; -0.0987]', '```', ''].join('\n'));
  });

  it("fills the old snippet's `c ?= []` instead of adding a second `c ?=` line", () => {
    const note = [...GATES_GIVEN, 'c ?= []', 'h ?= [] # answer', '```', ''].join('\n');
    const after = insertResults(note);
    assert.strictEqual(after, [...GATES_GIVEN, 'c ?= [1.07; -0.2]', 'h ?= [0.6316; -0.0987] # answer', '```', ''].join('\n'));
    assert.strictEqual(after.split('\n').filter((l) => l.startsWith('c ?=')).length, 1);
  });

  it('adds lines only for the quantities without a placeholder: h filled, a appended', () => {
    const rnn = [
      '```rnn',
      'h_prev = [0.3; -0.1]',
      'x = [1; 0; 2]',
      'W_h = [0.5 -0.2; 0.1 0.4]',
      'W_x = [0.1 0.2 0.3; 0.4 -0.1 0.2]',
      'b = [0.1; -0.2]',
    ];
    const note = [...rnn, 'h ?=', '```', ''].join('\n');
    assert.strictEqual(insertResults(note), [...rnn, 'h ?= [0.7487; 0.5299]', '', '# results', 'a ?= [0.97; 0.59]', '```', ''].join('\n'));
  });

  it('a filled note checks clean: every former placeholder now passes', () => {
    const note = [...GATES_GIVEN, 'C_t ?=', 'h_t ?=', '```', ''].join('\n');
    const { analysis } = located(insertResults(note));
    assert.deepStrictEqual(
      analysis.checks.map((c) => [c.written, c.pass]),
      [
        ['C_t', true],
        ['h_t', true],
      ],
    );
    assert.deepStrictEqual(analysis.diagnostics, []);
  });

  it("in a block quote, the fill keeps the line's `> ` and the comment after it", () => {
    const quoted = GATES_GIVEN.slice(2).map((l) => `> ${l}`.trimEnd());
    const note = ['Q1.', '', ...quoted, '> h_t ?= # your answer', '> ```', ''].join('\n');
    assert.ok(insertResults(note).includes('> h_t ?= [0.6316; -0.0987] # your answer\n'));
  });
});
