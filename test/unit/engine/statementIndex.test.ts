// The statement index (BlockAnalysis.statements, engine/statementIndex.ts): what hovers and inline
// results read instead of parsing a block again — each statement's kind and ranges, and every name
// it uses where it is written, with the key the engine resolved it to.
import * as assert from 'assert';
import { analyzeDocument } from '../../../src/markdown/document';
import { range } from './helpers';

const note = [
  'Intro',
  '',
  '```lstm',
  'h_{t-1} = [0.1; 0.2]',
  'x = [1; 2]',
  'W_i = [1 2 3 4; 5 6 7 8]',
  'b_i = [0; 0]',
  'i ?= σ(W_i * [h_{t-1}; x] + b_i)  # W_f',
  'H = 2',
  'x + 1 = 2',
  'not a statement',
  'W_c = [1 2; 3]',
  '```',
  '',
].join('\n');
const [{ block, analysis }] = analyzeDocument(note).blocks;

describe('engine: the statement index', () => {
  it('lists every statement in order with its kind, lines counted from the fence', () => {
    assert.strictEqual(block.line, 2);
    assert.deepStrictEqual(
      analysis.statements.map((s) => [s.kind, s.key, s.range.start.line]),
      [
        ['given', 'h_prev', 1],
        ['given', 'x', 2],
        ['given', 'W_i', 3],
        ['given', 'b_i', 4],
        ['check', 'i', 5],
        ['size', 'H', 6],
        ['invalid', undefined, 7],
        ['invalid', undefined, 8],
        ['given', 'W_c', 9],
      ],
    );
  });

  it('gives each name where it is written and what it resolves to, and nothing from a comment', () => {
    const check = analysis.statements[4];
    assert.deepStrictEqual(
      check.names.map((n) => [n.key, n.written, n.range]),
      [
        ['i', 'i', range(5, 0, 5, 1)],
        ['W_i', 'W_i', range(5, 7, 5, 10)],
        ['h_prev', 'h_{t-1}', range(5, 14, 5, 21)],
        ['x', 'x', range(5, 23, 5, 24)],
        ['b_i', 'b_i', range(5, 28, 5, 31)],
      ],
    );
    assert.deepStrictEqual(check.valueRange, range(5, 5, 5, 32));
  });

  it('a given names its left side, also when its value did not compile', () => {
    const given = analysis.statements[0];
    assert.deepStrictEqual([given.written, given.nameRange, given.valueRange], ['h_{t-1}', range(1, 0, 1, 7), range(1, 10, 1, 20)]);
    const ragged = analysis.statements[8];
    assert.deepStrictEqual(
      ragged.names.map((n) => [n.key, n.range]),
      [['W_c', range(9, 0, 9, 3)]],
    );
  });
});
