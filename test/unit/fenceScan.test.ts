// findBlocks reads the fences of a note from its lines when that provably gives what markdown-it
// gives (src/markdown/blocks.ts scanFences), and asks markdown-it otherwise. These tests hold the
// scanner to markdown-it's fence tokens on generated notes made to stay on the scanner's path.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { blockParser, findBlocks, scanFences, splitLines } from '../../src/markdown/blocks';
import { rng as seeded } from '../../bench/lib/gen';

/** The fence tokens markdown-it gives: info, markup and lines. */
function markdownItFences(text: string): { info: string; markup: string; map: [number, number] }[] {
  return blockParser()
    .parse(text, {})
    .filter((t) => t.type === 'fence' && t.map)
    .map((t) => ({ info: t.info, markup: t.markup, map: [t.map![0], t.map![1]] as [number, number] }));
}

function scanned(text: string): { info: string; markup: string; map: [number, number] }[] | undefined {
  return scanFences(text, splitLines(text))?.map((t) => ({
    info: t.info,
    markup: t.markup,
    map: [t.map![0], t.map![1]] as [number, number],
  }));
}

// Lines that keep a note on the scanner's path (outside fences: no quote, no HTML, no fence marker
// but at column 0), and fence lines of every shape markdown-it treats differently.
const PROSE = [
  '# Exercise',
  '## LSTM',
  'Some text with `code` and $x_t$.',
  '- a list item',
  '  continued',
  '1. first',
  '2) second',
  '',
  '',
  '    indented code',
  '\tcode after a tab',
  '---',
  '***',
  'Title',
  '===',
  '[ref]: /url "title"',
  '* star item',
  '+ plus item',
  'x = [1; 2]',
  'h ?= [0.1; 0.2]',
  '    ',
  ' ',
];
const OPENERS = [
  '```lstm',
  '```gru layout=row',
  '~~~rnn',
  '````lstm',
  '~~~~gru',
  '```',
  '~~~',
  '```lstm {z=keep}',
  '~~~lstm `with` backticks',
  '```\tlstm',
  '``` lstm  ',
];
const CONTENT = [
  'x = [1; 2]',
  'W = [1 2; 3 4]',
  '> quoted inside',
  '<div>',
  '    ```',
  '  ```lstm',
  '`',
  '``',
  '~~',
  '\t```',
  '',
  'c ?= f ⊙ c_prev',
];
const CLOSERS = ['```', '~~~', '````', '~~~~', '```  ', '```\t', '   ```', '    ```', '\t```', ' ```', '```x', '~~~~~', '``'];

function note(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: string[] = [];
  const n = 1 + Math.floor(r() * 12);
  for (let k = 0; k < n; k++) {
    const what = r();
    if (what < 0.4) out.push(pick(PROSE));
    else {
      out.push(pick(OPENERS));
      const body = Math.floor(r() * 4);
      for (let j = 0; j < body; j++) out.push(r() < 0.25 ? pick(CLOSERS) : pick(CONTENT));
      if (r() < 0.8) out.push(pick(CLOSERS));
    }
  }
  const end = r();
  return out.join('\n') + (end < 0.4 ? '\n' : end < 0.5 ? '\n  ' : end < 0.6 ? '\t' : '');
}

describe('finding fences without markdown-it (scanFences)', () => {
  it("gives markdown-it's fence tokens on 5,000 generated notes that stay on its path", () => {
    const r = seeded(20261128);
    let scannedNotes = 0;
    for (let k = 0; k < 5000; k++) {
      const text = note(r);
      const ours = scanned(text);
      if (!ours) continue;
      scannedNotes++;
      assert.deepStrictEqual(ours, markdownItFences(text), JSON.stringify(text));
    }
    // The generator keeps most notes on the scanner's path, so the comparison means something.
    assert.ok(scannedNotes > 2500, `only ${scannedNotes} notes were scanned`);
  });

  it('leaves a note with a quote, HTML or a fence marker inside a line to markdown-it', () => {
    assert.strictEqual(scanned('> ```lstm\n> x = 1\n> ```\n'), undefined);
    assert.strictEqual(scanned('<div>\n```lstm\nx = 1\n```\n</div>\n'), undefined);
    assert.strictEqual(scanned('- ```lstm\n  x = 1\n  ```\n'), undefined);
    assert.strictEqual(scanned('  ```lstm\n  x = 1\n  ```\n'), undefined);
    assert.strictEqual(scanned('use ```lstm fences\n'), undefined);
    assert.strictEqual(scanned('```lstm\r\nx = 1\r\n```\r\n'), undefined);
  });

  it("reads the four example notes itself, with markdown-it's fences", () => {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'examples'))) dir = path.dirname(dir);
    for (const f of ['lstm-exam.md', 'gru.md', 'rnn-embeddings.md', 'gradients.md']) {
      const text = fs.readFileSync(path.join(dir, 'examples', f), 'utf8');
      assert.ok(scanned(text), `${f} stays on the scanner's path`);
      assert.deepStrictEqual(scanned(text), markdownItFences(text), f);
    }
  });

  it('finds the blocks of a list-heavy note itself', () => {
    const listNote = [
      '# Notes',
      '',
      '- item one',
      '- item two',
      '',
      '```lstm',
      'x = [1; 2]',
      'h_prev = [0; 0]',
      '```',
      '',
      '1. step',
      '2. step',
      '',
      '~~~gru layout=row',
      'x = [1, 2]',
      '~~~',
      '',
    ].join('\n');
    const blocks = findBlocks(listNote);
    assert.deepStrictEqual(
      blocks.map((b) => [b.kind, b.line, b.line + b.range.end.line, b.lines.length]),
      [
        ['lstm', 5, 8, 2],
        ['gru', 13, 15, 1],
      ],
    );
    assert.ok(scanned(listNote), "a list-heavy note stays on the scanner's path");
    assert.deepStrictEqual(scanned(listNote), markdownItFences(listNote));
  });

  it('an unclosed fence runs to the last line markdown-it counts (a last line of spaces is not one)', () => {
    for (const text of ['```lstm\nx = 1', '```lstm\nx = 1\n', '```lstm\nx = 1\n  ', '```lstm\nx = 1\n\t']) {
      assert.deepStrictEqual(scanned(text), markdownItFences(text), JSON.stringify(text));
    }
  });
});

describe('where a block ends (findBlocks)', () => {
  it('an unclosed fence whose last line is a fence indented four spaces keeps that line as content', () => {
    // Four spaces of indentation make `    ```` code, not a closing fence (CommonMark, markdown-it).
    const [block] = findBlocks('```lstm\nx = [1; 2]\n    ```');
    assert.deepStrictEqual(
      block.lines.map((l) => l.text),
      ['x = [1; 2]', '    ```'],
    );
  });

  it('a closing fence indented up to three spaces closes the block', () => {
    const [block] = findBlocks('```lstm\nx = [1; 2]\n   ```');
    assert.deepStrictEqual(
      block.lines.map((l) => l.text),
      ['x = [1; 2]'],
    );
  });

  it('a fence in a list item still closes at its own indentation', () => {
    const [block] = findBlocks('- item\n\n  ```lstm\n  x = [1; 2]\n  ```\n');
    assert.deepStrictEqual(
      block.lines.map((l) => l.text),
      ['x = [1; 2]'],
    );
    assert.strictEqual(block.line, 2);
    assert.strictEqual(block.range.end.line, 2); // lines from the fence
  });
});

describe('a block fenced at column 0 has the document lines as its content', () => {
  const note =
    'Intro\n\n```lstm layout=row\nh_prev = [0.1, 0.2]\n\n# solution\nh ?= [0.3, 0.4]\n```\n\n- item\n\n  ```gru\n  x = [1; 2]\n  ```\n';

  it("gives every content line with its line from the fence and column 0, as markdown-it's content", () => {
    const [block] = findBlocks(note);
    assert.strictEqual(block.line, 2);
    assert.deepStrictEqual(block.lines, [
      { line: 1, character: 0, text: 'h_prev = [0.1, 0.2]' },
      { line: 2, character: 0, text: '' },
      { line: 3, character: 0, text: '# solution' },
      { line: 4, character: 0, text: 'h ?= [0.3, 0.4]' },
    ]);
    const content = blockParser()
      .parse(note, {})
      .find((t) => t.type === 'fence')!.content;
    assert.strictEqual(block.lines.map((l) => l.text).join('\n') + '\n', content);
  });

  it('serialises with its lines, and a block in a list keeps its own', () => {
    const [zero, listed] = findBlocks(note);
    assert.deepStrictEqual(Object.keys(JSON.parse(JSON.stringify(zero))), [
      'kind',
      'info',
      'line',
      'fenceRange',
      'infoRange',
      'range',
      'lines',
      'raw',
    ]);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(zero)).lines, zero.lines);
    assert.strictEqual(listed.line, 11);
    assert.deepStrictEqual(listed.lines, [{ line: 1, character: 2, text: 'x = [1; 2]' }]);
  });

  it("an unclosed block's lines run to the end of the document", () => {
    const [block] = findBlocks('```rnn\nh = [1]\nx = [2]');
    assert.deepStrictEqual(
      block.lines.map((l) => [l.line, l.text]),
      [
        [1, 'h = [1]'],
        [2, 'x = [2]'],
      ],
    );
  });
});
