// The name under the cursor for block hovers (src/extension/hoverName.ts): the same names the
// regex it replaced found, and linear on hostile lines.
import * as assert from 'assert';
import { nameRangeAt } from '../../src/extension/hoverName';

/** The regex hover.ts used (through getWordRangeAtPosition), for comparison on short lines. */
const OLD = /\\(?:tilde|widetilde|hat)\{[A-Za-z]+\}(?:_\{[^}\s]*\}|_[A-Za-z0-9]+)?|[A-Za-z][A-Za-z0-9]*(?:~?_\{[^}\s]*\}|~?_[A-Za-z0-9]+|~)*/g;

function oldRangeAt(line: string, character: number): { start: number; end: number } | undefined {
  OLD.lastIndex = 0;
  for (let m = OLD.exec(line); m; m = OLD.exec(line)) {
    if (m.index <= character && character <= OLD.lastIndex) return { start: m.index, end: OLD.lastIndex };
    if (m.index > character) return undefined;
  }
  return undefined;
}

describe('hover names', () => {
  it('finds W_i, h_{t-1}, \\tilde{C}_t, C~_t and recurrent_kernel under the cursor', () => {
    const line = 'i = σ(W_i·[h_{t-1}; x]) + \\tilde{C}_t * C~_t + recurrent_kernel';
    for (const name of ['W_i', 'h_{t-1}', '\\tilde{C}_t', 'C~_t', 'recurrent_kernel']) {
      const at = line.indexOf(name);
      assert.deepStrictEqual(nameRangeAt(line, at + 1), { start: at, end: at + name.length }, name);
    }
    assert.strictEqual(nameRangeAt(line, line.indexOf('=')), undefined);
  });

  it('agrees with the old name regex on 20,000 random short lines', () => {
    let seed = 7;
    const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
    const parts = ['a', 'W', '1', '_', '{', '}', '~', ' ', '\\tilde{', '\\hat{', '\\widetilde{', 'x_{t-1}', '_1', '(', ')', '·', '\t', 'C'];
    for (let k = 0; k < 20000; k++) {
      let line = '';
      const n = 1 + Math.floor(rnd() * 14);
      for (let j = 0; j < n; j++) line += parts[Math.floor(rnd() * parts.length)];
      const at = Math.floor(rnd() * (line.length + 1));
      assert.deepStrictEqual(nameRangeAt(line, at), oldRangeAt(line, at), `${JSON.stringify(line)} at ${at}`);
    }
  });

  it('a 200 kB line of a_{ with no closing brace is answered at once (the old regex re-read it from every a)', () => {
    const line = 'a_{'.repeat(70000);
    assert.deepStrictEqual(nameRangeAt(line, 900), { start: 900, end: 901 });
    assert.deepStrictEqual(nameRangeAt(line, line.length - 3), { start: line.length - 3, end: line.length - 2 });
    const tildes = 'C' + '~_{'.repeat(70000);
    assert.deepStrictEqual(nameRangeAt(tildes, 0), { start: 0, end: 2 });
  });
});
