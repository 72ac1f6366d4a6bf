// SPEC §7 (issue 14): NaN or ±∞ in a computed value is never silent (the JSON can only write it
// as null): a `numeric` warning names the first value computed that holds one, at the statement
// that checks it (else the fence), and a check's own formula that computes one is told apart.
import * as assert from 'assert';
import { block, diagnostics, md, only } from './helpers';

const OVERFLOW = ['x = [1e200, 1]', 'W_xh = [1e200 0; 0 1]', 'W_hh = [0 0; 0 0]', 'b_h = [0, 0]'];

describe('engine: NaN and ∞ in computed values (SPEC §7)', () => {
  it('1e200·1e200 through relu: a numeric warning names a, the first value that overflowed, and h after it', () => {
    const b = block(md('rnn', OVERFLOW, 'act=relu'));
    const d = only(b, 'numeric');
    assert.strictEqual(d.severity, 'warning');
    assert.match(d.message, /^a computes to ∞ \(past float64's ±1\.8e308\) in element 1; so does h:/);
  });

  it('the warning stands at the check of a value that holds ∞ (line 5 of the block), not at the fence', () => {
    const b = block(md('rnn', [...OVERFLOW, 'h ?= [1, 1]'], 'act=relu'));
    assert.strictEqual(only(b, 'numeric').range.start.line, 5);
  });

  it('a softmax of an infinite logit is NaN: the output y is named', () => {
    const lines = [...OVERFLOW, 'W_hy = [1 0; 0 1]', 'b_y = [0, 0]'];
    const d = only(block(md('rnn', lines, 'act=relu')), 'numeric');
    assert.match(d.message, /^a computes to ∞ .*; so do h, logits, y:/);
  });

  it('a check whose own formula overflows: the left side is named', () => {
    const b = block(md('rnn', ['y = 1e200', 'y * y ?= 1']));
    assert.match(only(b, 'numeric').message, /^the left side of this check computes to NaN or ∞/);
  });

  it('a stated side that computes to ∞ is named as the right side', () => {
    const b = block(md('rnn', ['y = 1', 'y ?= 1e200 * 1e200']));
    assert.match(only(b, 'numeric').message, /^the right side of this check computes to NaN or ∞/);
  });

  it('finite values give no numeric diagnostic', () => {
    const b = block(md('rnn', ['x = [1, 2]', 'W_xh = [1e100 0; 0 1]', 'W_hh = [0 0; 0 0]', 'b_h = [0, 0]'], 'act=relu'));
    assert.deepStrictEqual(diagnostics(b, 'numeric'), []);
  });
});
