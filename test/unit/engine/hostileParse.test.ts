// Issue 12, the parser's rows: hostile notes of long repeated runs (row separators, brackets,
// digits, spaces, `=`, repeated options, unclosed LaTeX braces) are answered at once, with a
// short diagnostic that points at the problem, and a duplicated option is a warning whose quick
// fix edits the occurrence the parser reads. Each input is big enough that the old scanners
// (quadratic) ran far past mocha's timeout on it; no assertion here is about time.
import * as assert from 'assert';
import { block, diagnostics, fixture, md, only, range, rows, value } from './helpers';
import { parseOptions, setOptionEdit } from '../../../src/engine/parse/options';
import { MAX_OPTION_VALUE } from '../../../src/engine/parse/optionSpecs';
import { parseTolerance } from '../../../src/engine/parse/tolerance';
import { flatten } from '../../../src/engine/parse/flatSpelling';
import { isNameSpelling } from '../../../src/engine/parse/names';
import { findBlocks } from '../../../src/markdown/blocks';
import type { Block, TextEdit } from '../../../src/engine/types';

/** The text with one edit applied (edits here stay on one line). */
function applyEdit(text: string, e: TextEdit): string {
  const lines = text.split('\n');
  const l = lines[e.range.start.line];
  lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  return lines.join('\n');
}

function onlyBlock(text: string): Block {
  const blocks = findBlocks(text);
  assert.strictEqual(blocks.length, 1);
  return blocks[0];
}

describe('hostile notes: LaTeX matrices (issue 12, row 2)', () => {
  it('a LaTeX matrix of 400 kB of `\\\\[ 1` rows (row spacing never closed by `]`) is refused at its first bad entry', () => {
    const a = block(md('gru', ['M = \\begin{bmatrix} 1 ' + '\\\\[ 1 '.repeat(70_000) + '\\end{bmatrix}']));
    const d = only(a, 'parse');
    assert.strictEqual(d.message, 'LaTeX matrix entry `[ 1` is not a number');
    assert.deepStrictEqual(d.range.start, { line: 1, character: 24 });
  });
  it('the same rows one per line (60,000 lines) are refused at the first bad entry', () => {
    const lines = ['M = \\begin{bmatrix} 1', ...Array<string>(60_000).fill('\\\\[ 1'), '\\end{bmatrix}'];
    const d = only(block(md('gru', lines)), 'parse');
    assert.strictEqual(d.message, 'LaTeX matrix entry `[ 1` is not a number');
    assert.deepStrictEqual(d.range.start, { line: 2, character: 2 });
  });
  it('a LaTeX entry of 100,000 characters is quoted in at most 40', () => {
    const d = only(block(md('rnn', ['P = \\begin{bmatrix} 1 & ' + 'q'.repeat(100_000) + ' \\end{bmatrix}'])), 'parse');
    assert.strictEqual(d.message, `LaTeX matrix entry \`${'q'.repeat(39)}…\` is not a number`);
  });
  it('row spacing `\\\\[2pt]`, \\hline and a trailing `\\\\` still read as before', () => {
    const a = block(md('rnn', ['P = \\begin{bmatrix} 1 & 2 \\\\[2pt] \\hline 3 & −4 \\\\ \\end{bmatrix}']));
    assert.deepStrictEqual(
      a.diagnostics.filter((d) => d.code === 'parse'),
      [],
    );
    assert.deepStrictEqual(rows(value(a, 'P')), [
      [1, 2],
      [3, -4],
    ]);
  });
});

describe('hostile notes: bracket runs (issue 12, row 2)', () => {
  // Under the per-block limit of 100,000 formula characters, so the scanners are what answers.
  it('95,000 `[` before a name give the nesting limit, not a scan from every `[`', () => {
    const d = only(block(md('gru', ['y = ' + '['.repeat(95_000) + 'h'])), 'limit');
    assert.match(d.message, /nests deeper than \d+ levels/);
  });
  it('33,000 `[1 ` before a name are one parse error', () => {
    const d = only(block(md('gru', ['y = ' + '[1 '.repeat(33_000) + 'h'])), 'parse');
    assert.match(d.message, /^cannot read this expression: /);
  });
});

describe('hostile notes: option values (issue 12, row 4)', () => {
  it('tol= with 60,000 digits and x is refused with a short message quoting a truncated value', () => {
    const a = block(md('gru', ['x = [1]'], 'tol=' + '1'.repeat(60_000) + 'x'));
    const d = only(a, 'option');
    assert.strictEqual(
      d.message,
      `the value of \`tol=${'1'.repeat(23)}…\` is 60,001 characters long (an option value has at most ${MAX_OPTION_VALUE}); use an absolute (1e-3) or relative (0.1%) tolerance`,
    );
    assert.deepStrictEqual(d.range, range(0, 7, 0, 7 + 4 + 60_001));
    assert.strictEqual(a.options.tol, undefined);
  });
  it('parseTolerance refuses 200,000 digits and x (the CLI --tol value) with undefined', () => {
    assert.strictEqual(parseTolerance('1'.repeat(200_000) + 'x'), undefined);
    assert.strictEqual(parseTolerance('0'.repeat(200_000) + '%x'), undefined);
    assert.strictEqual(parseTolerance('1'.repeat(200_000)), undefined, 'too long, even when all digits');
  });
  it('parseTolerance reads the short forms as before', () => {
    assert.deepStrictEqual(parseTolerance(' 1e-3 '), { kind: 'abs', value: 1e-3 });
    assert.deepStrictEqual(parseTolerance('.5'), { kind: 'abs', value: 0.5 });
    assert.deepStrictEqual(parseTolerance('0.1%'), { kind: 'rel', value: 0.001 });
    assert.deepStrictEqual(parseTolerance('2 %'), { kind: 'rel', value: 0.02 });
    for (const bad of ['', '1.', '1e', '-1', '1%%', 'abc', '1e-3x', '%']) assert.strictEqual(parseTolerance(bad), undefined, bad);
  });
  it('precision= with 60,000 digits is refused with a short message', () => {
    const d = only(block(md('gru', ['x = [1]'], 'precision=' + '9'.repeat(60_000))), 'option');
    assert.ok(d.message.length < 200, d.message.slice(0, 300));
    assert.match(d.message, /^the value of `precision=9{23}…` is 60,000 characters long/);
  });
  it('60,000 `=` after a key are one short warning', () => {
    const d = only(block(md('gru', ['x = [1]'], 'z' + '='.repeat(60_000))), 'option');
    assert.ok(d.message.length < 200, d.message.slice(0, 300));
  });
  it('60,000 spaces between two options still read both', () => {
    const a = block(md('gru', ['x = [1]'], 'layout=row' + ' '.repeat(60_000) + 'z=write'));
    assert.deepStrictEqual(diagnostics(a, 'option'), []);
    assert.strictEqual(a.options.layout, 'row');
    assert.strictEqual(a.options.z, 'write');
  });
  it('an unclosed quote before 20,000 options is read once: the options after it still count', () => {
    const a = block(md('gru', ['x = [1]'], 'order="rzn ' + 'z=write '.repeat(20_000)));
    assert.strictEqual(a.options.z, 'write');
  });
  it('10,000 repeated z=keep give at most 11 option warnings, the last saying how many more', () => {
    const ds = diagnostics(block(md('gru', ['x = [1]'], 'z=keep '.repeat(10_000))), 'option');
    assert.strictEqual(ds.length, 11);
    assert.ok(ds.some((d) => d.message === '9989 more problems in this info string are not listed; fix the ones above first'));
  });
  it('a 100-letter unknown key is quoted truncated', () => {
    const d = only(block(md('gru', ['x = [1]'], 'k'.repeat(100) + '=1')), 'option');
    assert.strictEqual(
      d.message,
      `unknown option \`${'k'.repeat(23)}…\`; valid options are layout, reset, z, concat, act, bias, precision, tol, order, names, out, params, layers, bidirectional, a, vary`,
    );
  });
});

describe('hostile notes: duplicated options (issue 12, row 12)', () => {
  it('a duplicated z=keep is a warning on the later one naming both, with the first as related', () => {
    const text = md('gru', ['x = [1]'], 'z=keep layout=row z=keep');
    const d = only(block(text), 'option');
    assert.strictEqual(d.severity, 'warning');
    assert.strictEqual(
      d.message,
      '`z` is given twice (`z=keep` at column 8 and `z=keep` at column 26); the last one, `z=keep`, is used — remove one',
    );
    assert.deepStrictEqual(d.range, range(0, 25, 0, 31));
    assert.deepStrictEqual(d.related, [{ range: range(0, 7, 0, 13), message: '`z=keep`, given before' }]);
    const p = parseOptions(onlyBlock(text)).problems;
    assert.strictEqual(p.length, 1);
    assert.deepStrictEqual(p[0].related, [{ range: range(0, 7, 0, 13), message: '`z=keep`, given before' }]);
  });
  it('z=keep then z=write: z=write is used and the warning says so', () => {
    const a = block(md('gru', ['x = [1]'], 'z=keep z=write'));
    assert.strictEqual(a.options.z, 'write');
    assert.strictEqual(
      only(a, 'option').message,
      '`z` is given twice (`z=keep` at column 8 and `z=write` at column 15); the last one, `z=write`, is used — remove one',
    );
  });
  it('layout=row layout=column: column is used, the warning is on layout=column', () => {
    const a = block(md('rnn', ['x = [1]'], 'layout=row layout=column'));
    assert.strictEqual(a.options.layout, 'column');
    const d = only(a, 'option');
    assert.match(
      d.message,
      /^`layout` is given twice \(`layout=row` at column 8 and `layout=column` at column 19\); the last one, `layout=column`, is used/,
    );
    assert.deepStrictEqual(d.range, range(0, 18, 0, 31));
  });
  it('z=keep then an invalid z=often: z=keep is used, and both warnings say so', () => {
    const a = block(md('gru', ['x = [1]'], 'z=keep z=often'));
    assert.strictEqual(a.options.z, 'keep');
    const ms = diagnostics(a, 'option').map((d) => d.message);
    assert.ok(
      ms.includes(
        '`z` is given twice (`z=keep` at column 8 and `z=often` at column 15); `z=keep` is used, since `z=often` is not valid — remove one',
      ),
      ms.join('\n'),
    );
    assert.ok(ms.includes('`z=often` is not valid; use keep or write'));
  });
  it('setOptionEdit edits the last occurrence, and the edited fence parses to the new value', () => {
    const text = md('gru', ['x = [1]'], 'z=keep layout=row z=keep');
    const b = onlyBlock(text);
    const edit = setOptionEdit(b, 'z', 'write');
    assert.deepStrictEqual(edit, { range: range(0, 25, 0, 31), newText: 'z=write' });
    assert.strictEqual(parseOptions(onlyBlock(applyEdit(text, edit))).options.z, 'write');
  });
  it('setOptionEdit on a key given without a value replaces the key itself', () => {
    const text = md('gru', ['x = [1]'], 'z=keep z');
    const edit = setOptionEdit(onlyBlock(text), 'z', 'write');
    assert.deepStrictEqual(edit, { range: range(0, 14, 0, 15), newText: 'z=write' });
    assert.strictEqual(parseOptions(onlyBlock(applyEdit(text, edit))).options.z, 'write');
  });
  it('the "Set z=write" fix on `z=keep layout=row z=keep` makes the check pass', () => {
    const text = fixture('fix-z-write.md').replace('{layout=row}', 'z=keep layout=row z=keep');
    const fix = only(block(text), 'check').fixes.find((f) => f.kind === 'set-option');
    assert.ok(fix, 'a set-option fix');
    assert.strictEqual(fix.title, 'Set z=write for this block');
    const after = block(applyEdit(text, fix.edits[0]));
    assert.strictEqual(after.options.z, 'write');
    assert.strictEqual(after.checks[0].pass, true);
  });
});

describe('hostile notes: name spellings (issue 12, audit of names.ts)', () => {
  it('\\tilde{ and 200,000 spaces without a closing brace flatten at once', () => {
    assert.strictEqual(flatten('\\tilde{' + ' '.repeat(200_000) + 'x'), '\\tildex');
    assert.strictEqual(flatten('\\hat {' + ' '.repeat(200_000) + '{'), '\\hat');
  });
  it('100,000 `^{(` without a closing parenthesis flatten at once', () => {
    assert.strictEqual(flatten('e' + '^{('.repeat(100_000)), 'e' + '^('.repeat(100_000));
  });
  it('isNameSpelling reads `a_a_…_a!` of 100,000 parts as not a name, and without the `!` as one', () => {
    assert.strictEqual(isNameSpelling('a' + '_a'.repeat(100_000) + '!'), false);
    assert.strictEqual(isNameSpelling('a' + '_a'.repeat(100_000)), true);
    assert.strictEqual(isNameSpelling('x' + '~'.repeat(100_000) + '{'), false);
    assert.strictEqual(isNameSpelling('\\tilde{' + 'C'.repeat(100_000)), false);
  });
  it('isNameSpelling accepts the spellings of names and refuses the rest', () => {
    for (const w of ['h_prev', 'W_{xf}', '\\tilde{C}_t', 'H_{t-1}', 'e^{(t)}', 'h_t-1', 'x~', 'α_1', 'W _ { x f }', '\\hat {y}']) {
      assert.strictEqual(isNameSpelling(w), true, w);
    }
    for (const w of ['', '1x', 'a+b', 'a_{b', '\\sigma', 'f(x)', 'a^2', 'a.b', '_a']) assert.strictEqual(isNameSpelling(w), false, w);
  });
  it('decorations still flatten as before', () => {
    assert.strictEqual(flatten('\\tilde{C}_{t-1}'), 'C~_t-1');
    assert.strictEqual(flatten('\\hat{\\tilde{ C }}'), 'C~^');
    assert.strictEqual(flatten('\\mathbf { h } ^ { ( t ) }'), 'h_t');
    assert.strictEqual(flatten('\\widetilde{h}'), 'h~');
  });
});
