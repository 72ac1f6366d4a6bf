// An exam key gives a check its points after the value, `h ?= [0.75; 0.53] {points=2}`: the check
// stays the same check (clean in the editor and the CLI), and its result carries the points.
import * as assert from 'assert';
import { block, diagnostics, md } from './engine/helpers';

const RNN = ['h_prev = [0.3; -0.1]', 'x = [1; 0; 2]', 'W_h = [0.5 -0.2; 0.1 0.4]', 'W_x = [0.1 0.2 0.3; 0.4 -0.1 0.2]', 'b = [0.1; -0.2]'];

describe('grading: {points=N} on a check', () => {
  it('`h ?= [0.7487; 0.5299] {points=2}` passes with no diagnostic and carries 2 points', () => {
    const a = block(md('rnn', [...RNN, 'h ?= [0.7487; 0.5299] {points=2}']));
    assert.deepStrictEqual(a.diagnostics, []);
    assert.strictEqual(a.checks[0].pass, true);
    assert.strictEqual(a.checks[0].points, 2);
    assert.strictEqual(a.statements[5].points, 2);
  });

  it('a fractional value with spaces and a comment after it reads: `{ points = 1.5 }  # Q1`', () => {
    const a = block(md('rnn', [...RNN, 'h ?= [0.7487; 0.5299] { points = 1.5 }  # Q1']));
    assert.deepStrictEqual(a.diagnostics, []);
    assert.strictEqual(a.checks[0].points, 1.5);
  });

  it('a wrong value keeps its usual message and fix, the attribute left out of the replaced range', () => {
    const a = block(md('rnn', [...RNN, 'h ?= [0.6; 0.5299] {points=2}']));
    assert.strictEqual(a.checks[0].pass, false);
    const fix = diagnostics(a, 'check')[0].fixes[0];
    assert.deepStrictEqual(fix.edits[0].range, { start: { line: 6, character: 5 }, end: { line: 6, character: 18 } });
  });

  it('a placeholder with points, `h ?= {points=2}`, is a blank whose fill goes before the attribute', () => {
    const a = block(md('rnn', [...RNN, 'h ?= {points=2}']));
    const d = diagnostics(a, 'placeholder')[0];
    assert.strictEqual(d.fixes[0].edits[0].range.start.character, 4);
    assert.strictEqual(a.statements[5].points, 2);
  });

  it('an attribute other than points is a warning with the spelling to use, and the check still runs', () => {
    const a = block(md('rnn', [...RNN, 'h ?= [0.7487; 0.5299] {pts=2}']));
    assert.strictEqual(a.checks[0].pass, true);
    assert.strictEqual(a.checks[0].points, undefined);
    const [d] = diagnostics(a, 'parse');
    assert.strictEqual(d.severity, 'warning');
    assert.strictEqual(
      d.message,
      '`{pts=2}` is no attribute of a check; write `{points=N}` to give its points in an exam key (the check is kept without it)',
    );
  });

  it('points that are no number of 0 or more are said: `{points=-1}`', () => {
    const a = block(md('rnn', [...RNN, 'h ?= [0.7487; 0.5299] {points=-1}']));
    assert.match(diagnostics(a, 'parse')[0].message, /points must be a number of 0 or more/);
  });
});
