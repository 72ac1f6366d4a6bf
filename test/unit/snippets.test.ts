// Every snippet (and so every starter block the fence completions insert) is a small worked
// example as the user gets it: expanded with its defaults it checks clean through the engine
// (only its placeholders' own infos), its gates are distinct and none saturates.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readSnippets, type Starter } from '../../src/extension/fenceCompletions';
import { analyze, ROOT } from './engine/helpers';

const starters = readSnippets(fs.readFileSync(path.join(ROOT, 'snippets', 'rnn-math.code-snippets'), 'utf8'));

/** The body as inserted when the user tabs through it: each default, `choice` for the choice tab stop. */
function expand(s: Starter, choice = 0): string {
  return s.body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^|]*)\|\}/g, (_, list: string) => list.split(',')[choice] ?? list.split(',')[0])
    .replace(/\$\d+/g, '');
}

/** How many alternatives the snippet's choice tab stop has (1 without one). */
function choices(s: Starter): number {
  const m = /\$\{\d+\|([^|]*)\|\}/.exec(s.body.join('\n'));
  return m ? m[1].split(',').length : 1;
}

const GATES = ['f', 'i', 'o', 'g', 'r', 'z', 'n'];

describe('snippets: each a small worked example', () => {
  it('the file has an lstm, a gru and an rnn starter, and every snippet opens a fence', () => {
    assert.ok(starters.length >= 7);
    for (const kind of ['lstm', 'gru', 'rnn'])
      assert.ok(
        starters.some((s) => s.prefix.includes(kind)),
        kind,
      );
    for (const s of starters) assert.match(s.body[0], /^```/, s.name);
  });

  for (const s of starters) {
    for (let k = 0; k < choices(s); k++) {
      const text = expand(s, k);
      const label = `${s.name}${choices(s) > 1 ? ` (${text.split('\n')[0]})` : ''}`;

      it(`${label}: no diagnostic but its placeholders' infos`, () => {
        const [a] = analyze(text);
        const other = a.diagnostics.filter((d) => d.code !== 'placeholder').map((d) => `${d.code}: ${d.message}`);
        assert.deepStrictEqual(other, []);
        for (const d of a.diagnostics) assert.strictEqual(d.severity, 'info');
      });

      it(`${label}: no computed value rounds to 0 or ±1 at 4 decimals, and no two gates are equal`, () => {
        const [a] = analyze(text);
        const computed = a.quantities.filter((q) => q.origin === 'computed');
        for (const q of computed) {
          for (const v of q.value.data) assert.ok(![0, 1].includes(Math.abs(Number(v.toFixed(4)))), `${q.name} has ${v}`);
        }
        const gates = computed
          .filter((q) => GATES.includes(q.name))
          .map((q) => `${q.name}=${Array.from(q.value.data, (v) => v.toFixed(4))}`);
        const values = gates.map((g) => g.split('=')[1]);
        assert.strictEqual(new Set(values).size, values.length, gates.join(', '));
      });
    }
  }

  it('the LSTM starter has four different weight matrices and a bias for each gate', () => {
    const lstm = starters.find((s) => s.prefix.includes('lstm'))!;
    const [a] = analyze(expand(lstm));
    const given = (n: string) => a.quantities.find((q) => q.name === n && q.origin === 'given');
    const weights = ['W_f', 'W_i', 'W_o', 'W_c'].map((n) => Array.from(given(n)!.value.data).join(' '));
    assert.strictEqual(new Set(weights).size, 4);
    for (const b of ['b_f', 'b_i', 'b_o', 'b_c']) assert.ok(given(b), b);
  });
});
