// What the editor offers while a fence is typed, from the line as the user has typed it: the
// kinds (each a starter block) after ```, the options after ```gru and a space, the values after `=`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { endsInsideFence, fenceCompletions, readSnippets, type FenceItem } from '../../src/extension/fenceCompletions';
import { OPTION_SPECS } from '../../src/engine/parse/optionSpecs';
import { ROOT } from './engine/helpers';

const starters = readSnippets(fs.readFileSync(path.join(ROOT, 'snippets', 'rnn-math.code-snippets'), 'utf8'));
const outside = () => false;

/** The items for a line typed up to its end (or up to `|`). */
function offered(typed: string, insideFence = outside): FenceItem[] {
  const at = typed.indexOf('|');
  const line = at < 0 ? typed : typed.slice(0, at) + typed.slice(at + 1);
  return fenceCompletions(line, at < 0 ? line.length : at, starters, insideFence);
}

const labels = (items: FenceItem[]) => items.map((i) => i.label);

describe('fence completions: starting a block', () => {
  it("``` offers a starter block of each kind, lstm, gru and rnn, the kind's own first", () => {
    const items = [...offered('```')].sort((a, b) => a.sortText.localeCompare(b.sortText));
    assert.deepStrictEqual([...new Set(labels(items))], ['lstm', 'gru', 'rnn']);
    assert.deepStrictEqual(
      items.filter((i) => i.label === 'gru').map((i) => i.description),
      ['GRU step', 'GRU step (row layout, d2l.ai)', 'Shapes only'],
    );
  });

  it('```g offers the same items, filtered by what is typed (```gru)', () => {
    const items = offered('```g');
    assert.ok(items.every((i) => i.filterText === '```' + i.label));
    assert.deepStrictEqual({ start: items[0].start, end: items[0].end }, { start: 0, end: 4 });
  });

  it('choosing gru inserts the whole GRU starter block with its tab stops, closed by the same fence', () => {
    const gru = offered('```gru').find((i) => i.description === 'GRU step')!;
    const lines = gru.insertText.split('\n');
    assert.strictEqual(lines[0], '```gru ${1|z=keep,z=write|}');
    assert.strictEqual(lines[1], 'h_prev = [${2:0.5; -0.5}]');
    assert.deepStrictEqual(lines.slice(-3), ['h ?=$10', '```', '$0']);
  });

  it('a four-backtick fence in a block quote: every line gets `> `, the closing fence has four backticks', () => {
    const rnn = offered('> ````r').find((i) => i.description === 'RNN step')!;
    const lines = rnn.insertText.split('\n');
    assert.strictEqual(lines[0], '````rnn ${1|act=tanh,act=relu,act=sigmoid|}');
    assert.ok(lines.slice(1).every((l) => l.startsWith('> ')));
    assert.strictEqual(lines[lines.length - 2], '> ````');
    assert.strictEqual(rnn.start, 2);
  });

  it('the shapes-only starter opens the kind chosen', () => {
    const shapes = offered('~~~').find((i) => i.label === 'lstm' && i.description === 'Shapes only')!;
    assert.strictEqual(shapes.insertText.split('\n')[0], '~~~lstm out=softmax');
    assert.strictEqual(shapes.insertText.split('\n').slice(-2)[0], '~~~');
  });
});

/** Lines where nothing is offered, each with the behaviour it shows. */
const NOTHING: { readonly behaviour: string; readonly typed: string; readonly insideFence?: () => boolean }[] = [
  { behaviour: 'nothing on a fence that closes an open block', typed: '```', insideFence: () => true },
  { behaviour: 'nothing in prose', typed: 'Some prose with a space ' },
  { behaviour: 'nothing after two backticks', typed: '``' },
  { behaviour: 'nothing after a fence of another language (```python)', typed: '```python ' },
  { behaviour: 'no values for an option the kind does not take (```lstm z=)', typed: '```lstm z=' },
  { behaviour: 'no values for an option with free values (```lstm tol=)', typed: '```lstm tol=' },
];

describe('fence completions: where nothing is offered', () => {
  for (const c of NOTHING) it(c.behaviour, () => assert.deepStrictEqual(offered(c.typed, c.insideFence), []));
});

/** The labels offered for a typed line, in order. */
const OFFERS: { readonly behaviour: string; readonly typed: string; readonly labels: readonly string[] }[] = [
  {
    behaviour: "```gru and a space offers every option a GRU block accepts, from the engine's option table",
    typed: '```gru ',
    labels: [
      'layout',
      'reset',
      'z',
      'concat',
      'bias',
      'precision',
      'tol',
      'order',
      'out',
      'params',
      'layers',
      'bidirectional',
      'a',
      'vary',
    ],
  },
  {
    behaviour: 'an rnn block is offered act but not the GRU-only reset and z',
    typed: '```rnn ',
    labels: [
      'layout',
      'concat',
      'act',
      'bias',
      'precision',
      'tol',
      'order',
      'names',
      'out',
      'params',
      'layers',
      'bidirectional',
      'a',
      'vary',
    ],
  },
  {
    behaviour: 'options already on the fence are not offered again',
    typed: '```gru z=keep layout=row ',
    labels: ['reset', 'concat', 'bias', 'precision', 'tol', 'order', 'out', 'params', 'layers', 'bidirectional', 'a', 'vary'],
  },
  { behaviour: 'after `z=` the values keep and write', typed: '```gru z=', labels: ['keep', 'write'] },
];

/** An item and the characters of the line it replaces. */
const REPLACES: { readonly behaviour: string; readonly typed: string; readonly label: string; readonly range: [number, number] }[] = [
  { behaviour: 'a partly typed option replaces just its letters: ```lstm prec', typed: '```lstm prec', label: 'precision', range: [8, 12] },
  { behaviour: 'after `layout=ro` the values replace the partial value', typed: '```gru layout=ro', label: 'row', range: [14, 16] },
];

describe('fence completions: options and values', () => {
  for (const c of OFFERS) it(c.behaviour, () => assert.deepStrictEqual(labels(offered(c.typed)), c.labels));
  for (const c of REPLACES) {
    it(c.behaviour, () => {
      const item = offered(c.typed).find((i) => i.label === c.label)!;
      assert.deepStrictEqual([item.start, item.end], c.range);
    });
  }

  it('each option says its values and what it changes', () => {
    const z = offered('```gru ').find((i) => i.label === 'z')!;
    assert.strictEqual(z.description, 'keep | write');
    assert.strictEqual(z.documentation, 'keep: h = z⊙h_prev + (1−z)⊙n; write: h = (1−z)⊙h_prev + z⊙n.');
    assert.strictEqual(z.insertText, 'z=${1|keep,write|}');
    const tol = offered('```lstm ').find((i) => i.label === 'tol')!;
    assert.strictEqual(tol.description, 'an absolute (1e-3) or relative (0.1%) tolerance');
    assert.strictEqual(tol.insertText, 'tol=$1');
  });

  it("every option and every value of the engine's table is offered for some kind", () => {
    const all = new Set(['```lstm ', '```gru ', '```rnn '].flatMap((l) => labels(offered(l))));
    assert.deepStrictEqual([...all].sort(), Object.keys(OPTION_SPECS).sort());
  });

  it('an option after the cursor is not offered again either', () => {
    assert.ok(!labels(offered('```gru | z=keep')).includes('z'));
  });

  it('in braces too: ```lstm {precision=6, ', () => {
    assert.ok(labels(offered('```lstm {precision=6, ')).includes('tol'));
  });

  it("each value says the option it sets: write's is z=write", () => {
    assert.strictEqual(offered('```gru z=').find((i) => i.label === 'write')!.description, 'z=write');
  });
});

describe('fence completions: is the line inside an open fence?', () => {
  it('after a closed block, no; after an opening fence, yes', () => {
    assert.strictEqual(endsInsideFence(['# Q1', '```lstm', 'x = [1]', '```', '']), false);
    assert.strictEqual(endsInsideFence(['# Q1', '```lstm', 'x = [1]']), true);
    assert.strictEqual(endsInsideFence(['```python']), true);
    assert.strictEqual(endsInsideFence([]), false);
  });

  it('a fence inside a block quote closes when the quote ends', () => {
    assert.strictEqual(endsInsideFence(['> ```lstm', '> x = [1]', '', 'prose']), false);
  });
});
