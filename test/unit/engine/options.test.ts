// SPEC §2: options of the info string; an unknown option or value is a warning naming the valid ones.
import * as assert from 'assert';
import { block, fixture, md, only, range } from './helpers';

describe('engine: block options (SPEC §2)', () => {
  it('bare and braced options are read', () => {
    const a = block(md('gru', ['x = [1; 2]'], 'layout=row z=write'));
    assert.strictEqual(a.options.layout, 'row');
    assert.strictEqual(a.options.z, 'write');
    const b = block(md('lstm', ['x = [1; 2]'], '{precision=6 tol=1e-3}'));
    assert.strictEqual(b.options.precision, 6);
    assert.deepStrictEqual(b.options.tol, { kind: 'abs', value: 1e-3 });
  });
  it('defaults: column, reset=before, z=keep, concat=hx, act=tanh, bias, precision 4', () => {
    const a = block(md('gru', ['x = [1; 2]']));
    const o = a.options;
    assert.deepStrictEqual(
      [o.layout, o.reset, o.z, o.concat, o.act, o.bias, o.precision],
      ['column', 'before', 'keep', 'hx', 'tanh', true, 4],
    );
  });
  it('the kind is case-insensitive: ```LSTM', () => {
    assert.strictEqual(block('```LSTM\nx = [1]\n```\n').kind, 'lstm');
  });
  it('the precision setting applies when the block has none', () => {
    assert.strictEqual(block(md('rnn', ['x = [1]']), 0, { precision: 6 }).options.precision, 6);
  });
  it('an unknown option is a warning that names the valid ones, on the option', () => {
    const a = block(fixture('option.md'));
    const d = a.diagnostics.find((x) => x.code === 'option' && x.message.startsWith('unknown'))!;
    assert.strictEqual(d.severity, 'warning');
    assert.deepStrictEqual(d.range, range(0, 23, 0, 28));
    assert.strictEqual(
      d.message,
      'unknown option `foo`; valid options are layout, reset, z, concat, act, bias, precision, tol, order, names, out, params, layers, bidirectional, a, vary',
    );
  });
  it('an unknown value is a warning that names the valid values', () => {
    const a = block(fixture('option.md'));
    const d = a.diagnostics.find((x) => x.code === 'option' && x.message.startsWith('`layout'))!;
    assert.deepStrictEqual(d.range, range(0, 7, 0, 22));
    assert.strictEqual(d.message, '`layout=diagonal` is not valid; use column (W·v) or row (v·W)');
    assert.strictEqual(a.options.layout, 'column', 'falls back to the default');
  });
  it('an option of another kind says where it applies', () => {
    const d = only(block(md('lstm', ['x = [1]'], 'z=write')), 'option');
    assert.strictEqual(d.message, '`z` applies to gru blocks, not lstm');
    assert.deepStrictEqual(d.range, range(0, 8, 0, 15));
  });
  it('precision=99 and tol=abc are flagged on their own text', () => {
    const a = block(md('rnn', ['x = [1]'], 'precision=99 tol=abc'));
    const ds = a.diagnostics.filter((d) => d.code === 'option');
    assert.deepStrictEqual(
      ds.map((d) => [d.message, d.range]),
      [
        ['`precision=99` is not valid; use a whole number of digits from 0 to 15', range(0, 7, 0, 19)],
        ['`tol=abc` is not valid; use an absolute (1e-3) or relative (0.1%) tolerance', range(0, 20, 0, 27)],
      ],
    );
  });
  it('an option without a value says what it needs', () => {
    const d = only(block(md('rnn', ['x = [1]'], 'bias')), 'option');
    assert.strictEqual(d.message, '`bias` needs a value: bias=… with true or false');
  });
  it('a bad order= names the permutation it wants', () => {
    const d = only(block(md('gru', ['x = [1]'], 'order=abc')), 'option');
    assert.strictEqual(d.message, '`order=abc` is not valid; use a permutation of r, z, n (rzn)');
    assert.deepStrictEqual(d.range, range(0, 7, 0, 16));
  });
  it('layout=row is inferred when only that fits, with a fix that writes it', () => {
    const a = block(md('rnn', ['x = [1, 2, 3]', 'h_prev = [0, 0]', 'W_x = [1 0; 0 1; 1 1]', 'W_h = [1 0; 0 1]']));
    assert.strictEqual(a.options.layout, 'row');
    // SPEC §7: an inferred layout is `assumed` (`option` is for an unknown or invalid option).
    const d = a.diagnostics.find((x) => x.message.startsWith('layout inferred as row'))!;
    assert.strictEqual(d.code, 'assumed');
    assert.strictEqual(d.severity, 'info');
    assert.deepStrictEqual(d.fixes[0].edits, [{ range: range(0, 6, 0, 6), newText: ' layout=row' }]);
  });
});
