// What the editor shows, read from the user's side (issue 15, points 2, 3, 6 and 7): the CodeLens
// summary and tooltip, the inline text after each check, the hover's sections and the step
// panel's title, built from examples/ and small notes as a lecturer writes them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';
import { withSteps } from '../../src/engine/analyze';
import { splitLines } from '../../src/markdown/blocks';
import { computedNames, lensTooltip, summarize } from '../../src/extension/lensText';
import { inlineResults } from '../../src/extension/inlineText';
import { checkValueHoverText, nameHoverText } from '../../src/extension/hoverText';
import { panelTitle } from '../../src/extension/panelTitle';
import { md, ROOT } from './engine/helpers';

const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
const blocksOf = (text: string) => analyzeDocument(text).blocks;

/** The inline text shown after the (first) check line that starts with `start`. */
function inlineAfter(text: string, start: string, index = 0): string | undefined {
  const b = blocksOf(text)[index];
  const lines = splitLines(text);
  const line = lines.findIndex((l, i) => i > b.block.line && l.startsWith(start));
  return inlineResults(b).find((r) => r.line === line && r.kind !== 'shape')?.text;
}

/** The hover on the `occurrence`-th name written `written` in block `index`. */
function hoverOn(text: string, written: string, index = 0, occurrence = 0): string {
  const b = blocksOf(text)[index];
  const a = withSteps(b.block, b.analysis);
  const names = a.statements.flatMap((s) => s.names).filter((n) => n.written === written);
  assert.ok(names.length > occurrence, `no ${written} in block ${index}`);
  const n = names[occurrence];
  const out = nameHoverText(a, b.block.line, n.written, n.key, n.range.start);
  assert.ok(out, `no hover on ${written}`);
  return out;
}

/** Where each of `needles` starts in `text` (-1 when absent): for section order. */
const positions = (text: string, needles: readonly (string | RegExp)[]) =>
  needles.map((n) => (typeof n === 'string' ? text.indexOf(n) : text.search(n)));

/** Markdown text as the hover shows it (the escaping backslashes gone). */
const unescape = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

const ascending = (xs: readonly number[]) => xs.every((x, i) => x >= 0 && (i === 0 || x > xs[i - 1]));

describe('CodeLens summary: short, the detail in the tooltip (issue 15, point 3)', () => {
  it('a block with two of three checks failing says `LSTM · 1/3 ✓ · 2 ✗`', () => {
    assert.strictEqual(summarize(blocksOf(example('lstm-exam.md'))[1].analysis), 'LSTM · 1/3 ✓ · 2 ✗');
  });

  it('a block whose checks all pass says `LSTM · 6/6 ✓`', () => {
    assert.strictEqual(summarize(blocksOf(example('lstm-exam.md'))[0].analysis), 'LSTM · 6/6 ✓');
  });

  it('a block without checks says how many parameters it has', () => {
    const note = md('lstm', ['H = 5', 'D = 3']);
    assert.match(summarize(blocksOf(note)[0].analysis), /^LSTM · \d+ parameters$/);
  });

  it('stays under 30 characters for examples/ (a lens beside the step panel is not cut)', () => {
    for (const f of fs.readdirSync(path.join(ROOT, 'examples')).filter((x) => x.endsWith('.md'))) {
      for (const b of blocksOf(example(f))) assert.ok(summarize(b.analysis).length <= 30, `${f}: ${summarize(b.analysis)}`);
    }
  });

  it('the tooltip has the sizes, the layout, what was computed and each check with its verdict', () => {
    const tip = lensTooltip(blocksOf(example('lstm-exam.md'))[1].analysis);
    assert.match(tip, /^LSTM · column layout$/m);
    assert.match(tip, /^computed g, c, h$/m);
    assert.match(tip, /^✓ g$/m);
    assert.match(tip, /^✗ c$/m);
    assert.match(tip, /^✗ h$/m);
  });
});

describe("CodeLens and tooltip say the note's own names (issue 15, point 2)", () => {
  it('an LSTM written with C_t and h_t lists them so, never c and h', () => {
    assert.deepStrictEqual(computedNames(blocksOf(example('lstm-exam.md'))[0].analysis), ['e', 'x_t', 'i_t', 'C_t', 'h_t']);
  });

  it('a GRU written with R_t, Z_t, \\tilde{H}_t, H_t lists them so, never r, z, n, h', () => {
    const names = computedNames(blocksOf(example('gru.md'))[0].analysis);
    assert.deepStrictEqual([...names].sort(), ['H_t', 'R_t', 'Z_t', '\\tilde{H}_t'].sort());
    assert.match(lensTooltip(blocksOf(example('gru.md'))[0].analysis), /^computed .*\\tilde\{H\}_t/m);
  });
});

describe('inline results: short enough for a half-width editor (issue 15, points 3 and 7)', () => {
  const exam = example('lstm-exam.md');

  it('a passing check shows ✓ alone, not its value again', () => {
    assert.strictEqual(inlineAfter(exam, 'x_t ?= [2; 3; 3; 4]'), '✓');
    assert.strictEqual(inlineAfter(exam, 'C_t ?= f_t'), '✓');
  });

  it('a failing check shows ✗ and the computed value only: `✗ [1.1473; 2.1362]`', () => {
    assert.strictEqual(inlineAfter(exam, 'c ?= [1.1469', 1), '✗ [1.1473; 2.1362]');
    assert.strictEqual(inlineAfter(exam, 'h ?= [0.2723', 1), '✗ [0.2723; 0.9725]');
  });

  it('a long failing vector shows its first failing element and how many are off: `✗ [2]=0.2 (2 off)`', () => {
    const note = md('rnn', ['s = [0.1; 0.2; 0.3; 0.4; 0.5; 0.6; 0.7; 0.8]', 's ?= [0.1; 0.25; 0.3; 0.4; 0.5; 0.6; 0.7; 0.95]']);
    assert.strictEqual(inlineAfter(note, 's ?='), '✗ [2]=0.2 (2 off)');
  });

  it('a failing scalar shows the computed number: `✗ 1.1473`', () => {
    assert.strictEqual(inlineAfter(md('rnn', ['s = 1.1473', 's ?= 1.1469']), 's ?='), '✗ 1.1473');
  });

  it('a computed value keeps the digits that tell it from the stated one (0.97248, not 0.9725, against 0.97250)', () => {
    assert.strictEqual(inlineAfter(md('rnn', ['s = 0.972478', 's ?= 0.97250']), 's ?='), '✗ 0.97248');
  });

  it('stated and computed of different shapes: `✗ is 2×1, not 3×1`', () => {
    assert.strictEqual(inlineAfter(md('rnn', ['s = [1; 2]', 's ?= [1; 2; 3]']), 's ?='), '✗ is 2×1, not 3×1');
  });

  it('a pass within one unit that is not the rounded value says what it rounds to', () => {
    assert.strictEqual(inlineAfter(md('rnn', ['s = 0.6548', 's ?= 0.6']), 's ?='), '✓ ⚠ 0.6548 rounds to 0.7');
  });

  it('every failing check of examples/ stays within 30 characters', () => {
    for (const f of fs.readdirSync(path.join(ROOT, 'examples')).filter((x) => x.endsWith('.md'))) {
      for (const b of blocksOf(example(f))) {
        for (const r of inlineResults(b)) if (r.kind === 'fail') assert.ok(r.text.length <= 30, `${f}:${r.line + 1}: ${r.text}`);
      }
    }
  });
});

describe('hovers: the failing elements first, the same sections for every name (issue 15, points 2 and 6)', () => {
  const exam = example('lstm-exam.md');

  it('on a failing check, the failing element (stated vs computed) opens the hover, above the title', () => {
    const text = hoverOn(exam, 'h', 1, 0 /* h ?= [0.2723; 0.9719], the only check named h in Q2 */);
    assert.match(text, /^✗ check fails · 1 of 2 elements off/);
    const table = /```text\n(.*)\n(.*)\n```/.exec(text);
    assert.ok(table, text);
    assert.match(table[2], /^\[2\]\s+0\.9719\s+0\.972478\s+✗ off by 5\.8 units in the last written digit$/);
    assert.ok(text.indexOf('0.9719') < text.indexOf('**h**'), 'the stated value comes before the name');
  });

  it('on the stated value of a failing check, the hover opens with the failing element, stated vs computed', () => {
    const b = blocksOf(exam)[1];
    const check = b.analysis.checks.find((c) => c.written.trim() === 'c')!;
    const text = checkValueHoverText(b.analysis, check);
    assert.match(text, /^✗ check fails · 1 of 2 elements off/);
    assert.match(text, /\[1\]\s+1\.1469\s+1\.147291\s+✗ off by 3\.9 units in the last written digit/);
    assert.ok(text.indexOf('1.147291') < text.indexOf('stated value of'), text);
  });

  it('on the stated value of a passing check, the hover is its value and shape alone', () => {
    const b = blocksOf(exam)[1];
    const check = b.analysis.checks.find((c) => c.written.trim() === 'g')!;
    assert.match(checkValueHoverText(b.analysis, check), /^stated value of \*\*g\*\* · `2×1` · computed `2×1`\n```text\n/);
  });

  it('a failing check that does not follow from its own inputs says this step is where it goes wrong', () => {
    assert.match(hoverOn(exam, 'c', 1), /this step is where it goes wrong/);
  });

  it('a given and a computed name have the same sections in the same order', () => {
    const gru = example('gru.md');
    const given = hoverOn(gru, 'H_{t-1}');
    assert.ok(ascending(positions(given, ['**H\\_\\{t\\-1\\}**', '```text', 'Given at line 12', 'Used in'])), given);
    const computed = hoverOn(exam, 'C_t', 0, 0);
    assert.ok(ascending(positions(computed, ['**C\\_t**', '```text', 'Computed by', 'Used in'])), computed);
  });

  it('h_prev has "Used in" with the steps that read it inside [h_prev; x]', () => {
    const text = hoverOn(exam, 'h_prev', 1);
    assert.match(text, /Used in\n```text\ng = tanh\(W_c·\[h_prev; x\] \+ b_c\)/);
  });

  it('a name the note writes otherwise gets "(canonical: c)" and its formula in the note\'s names', () => {
    const text = hoverOn(exam, 'C_t', 0, 0);
    assert.match(text, /computed \(canonical: c\)/);
    assert.match(text, /Computed by\n```text\nC_t = f_t ⊙ C_\{t-1\} \+ i_t ⊙ \\tilde\{C\}_t\n/);
    assert.doesNotMatch(text, /\bc = f ⊙/);
  });

  it('a GRU written with R_t and \\tilde{H}_t shows its steps so', () => {
    const text = hoverOn(example('gru.md'), '\\tilde{H}_t');
    assert.match(text, /\\tilde\{H\}_t = tanh\(X·W_xh \+ \(R_t ⊙ H_\{t-1\}\)·W_hh \+ b_h\)/);
    assert.match(text, /\(canonical: n\)/);
  });

  it("a failing GRU check names the other convention in the note's names, with its option", () => {
    const text = hoverOn(example('gru.md'), 'H_t', 0, 0);
    assert.match(unescape(text), /Matches the Colah\/Chung update \(z=write\): H_t = \(1 − Z_t\) ⊙ H_\{t-1\} \+ Z_t ⊙ \\tilde\{H\}_t\./);
  });
});

describe('step panel title: short enough for a tab beside the editor (issue 15, point 7)', () => {
  const titles = (text: string) => {
    const blocks = blocksOf(text).map((b) => ({ kind: b.block.kind, line: b.block.line }));
    return blocks.map((_, i) => panelTitle(splitLines(text), blocks, i));
  };

  it('names each block by the section it is under', () => {
    assert.deepStrictEqual(titles(example('lstm-exam.md')), ['Steps · Question 1', 'Steps · Question 2 (t = 2)']);
  });

  it('blocks sharing a section are numbered by kind, and a `# comment` in a block is no heading', () => {
    const note = ['## Practice', '', md('gru', ['# solution', 'x = 1']), md('gru', ['x = 2']), md('lstm', ['x = 3'])].join('\n');
    assert.deepStrictEqual(titles(note), ['Steps · GRU 1', 'Steps · GRU 2', 'Steps · LSTM']);
  });

  it('a long heading is cut with …', () => {
    const [title] = titles(['# A very long heading about the forget gate', '', md('lstm', ['x = 1'])].join('\n'));
    assert.strictEqual(title, 'Steps · A very long headi…');
  });
});
