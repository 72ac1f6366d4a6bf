// Question and solution sheets (issue 18): answer boxes sized to each answer's shape, no answer
// anywhere in a question sheet, the answers on the solution sheet, prose that gives one away.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../../src/markdown/document';
import { formatNumber } from '../../src/engine/format';
import { renderSheet } from '../../src/markdown/sheet/render';
import { decimalNumbers } from '../../src/markdown/sheet/leaks';
import { assertBalanced } from './solutionHtml';

const ROOT = path.resolve(__dirname, '../../..');
const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');

/** Each answer on the sheet: its label's text (KaTeX's MathML annotation) and the box grid's rows × columns. */
function answers(html: string): { label: string; rows: number; cols: number; written: boolean }[] {
  const items = html.split('<li class="rnn-answer ').slice(1);
  return items.map((item) => {
    const label =
      /<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/.exec(item)?.[1] ?? /<code>([^<]*)<\/code>/.exec(item)?.[1] ?? '';
    const grid = item.slice(0, item.indexOf('</li>'));
    const rows = grid.split('<tr>').length - 1;
    const cols = rows ? grid.split('<tr>')[1].split('<td class="rnn-box">').length - 1 : 0;
    return {
      label: label.trim(),
      rows: rows || (grid.includes('rnn-box--scalar') ? 1 : 0),
      cols: cols || (grid.includes('rnn-box--scalar') ? 1 : 0),
      written: item.startsWith('rnn-answer--written'),
    };
  });
}

/**
 * Every answer of a note as the solution shows it (stated and computed, at the block's
 * precision and one more, signs dropped), with two or more decimals and no given of the same
 * spelling.
 */
function answerTexts(text: string): string[] {
  const doc = analyzeDocument(text);
  const givens = new Set<string>();
  const shown = new Set<string>();
  const spell = (x: number, d: number) => formatNumber(Math.abs(x), d);
  for (const { analysis: a } of doc.blocks) {
    const p = a.options.precision;
    for (const q of a.quantities) {
      if (q.origin !== 'computed') for (const x of q.value.data) for (const d of [p, p + 1]) givens.add(spell(x, d));
    }
    const values = [
      ...a.quantities.filter((q) => q.origin === 'computed').map((q) => q.value),
      ...a.checks.flatMap((c) => [c.stated, c.computed]),
    ];
    for (const m of values) if (m) for (const x of m.data) for (const d of [p, p + 1, 12]) shown.add(spell(x, d));
  }
  return [...shown].filter((s) => /\.\d\d/.test(s) && !givens.has(s));
}

/** The answers found on a sheet: whole numbers of its text and attributes, KaTeX's layout styles aside. */
function leakedAnswers(text: string, html: string): string[] {
  const numbers = new Set([...decimalNumbers(html.replace(/ style="[^"]*"/g, ''))].map((n) => n.digits));
  return answerTexts(text).filter((s) => numbers.has(s));
}

describe('question sheet', () => {
  const exam = example('lstm-exam.md');
  const sheet = renderSheet(exam, 'questions');

  it('asks each ?= check of the exam with a box grid the shape of its answer, a formula check with ruled lines', () => {
    assert.deepStrictEqual(
      answers(sheet.html).map((a) => `${a.label} ${a.written ? 'lines' : `${a.rows}×${a.cols}`}`),
      [
        'x_{t} = 4×1',
        'i_{t} = 4×1',
        'C_{t} = 4×1',
        'C_{t} = lines',
        'h_{t} = lines',
        'h_{t} = 4×1',
        'g_{t} = 2×1',
        'c_{t} = 2×1',
        'h_{t} = 2×1',
      ],
    );
  });

  it('prints the prose and the givens, and no source, steps, results, checks or diagnostics', () => {
    assert.match(sheet.html, /We’ve practised LSTMs|We've practised LSTMs/);
    assert.strictEqual((sheet.html.match(/rnn-section--givens/g) ?? []).length, 2);
    assert.match(sheet.html, /0\.4165792/, 'a given with the digits the note wrote, as the card shows it');
    for (const part of [
      'rnn-card__source',
      'rnn-section--steps',
      'rnn-section--results',
      'rnn-section--checks',
      'rnn-diagnostic',
      'rnn-badge',
      'rnn-card__export',
    ]) {
      assert.ok(!sheet.html.includes(part), part);
    }
    assertBalanced(sheet.html);
  });

  it('leaks no answer of the exam anywhere in the HTML: text, attributes, titles or MathML', () => {
    assert.deepStrictEqual(leakedAnswers(exam, sheet.html), []);
    // the list is not empty: the test can fail
    // the check can fail: the prose printed as written gives 1.1473 and 0.9725 away
    assert.deepStrictEqual(leakedAnswers(exam, renderSheet(exam, 'questions', { keepProse: true }).html).sort(), ['0.9725', '1.1473']);
  });

  it('withholds the exam prose that gives 1.1473 away, with its line and the answer it gives', () => {
    assert.deepStrictEqual(
      sheet.withheld.map((w) => ({ line: w.line + 1, number: w.number, answer: w.answer, answerLine: w.answerLine + 1 })),
      [{ line: 69, number: '1.1473', answer: 'c', answerLine: 65 }],
    );
    assert.match(sheet.html, /<span class="rnn-withheld">\(withheld from the question sheet: it gives an answer away\)<\/span>/);
  });

  it('prints that prose as written with keepProse', () => {
    const kept = renderSheet(exam, 'questions', { keepProse: true });
    assert.deepStrictEqual(kept.withheld, []);
    assert.match(kept.html, /C_t\[1\] should be 1\.1473/);
  });

  it('lays a row-layout GRU answer out as a row of boxes and withholds prose giving the z=keep H_t', () => {
    const gru = renderSheet(example('gru.md'), 'questions');
    assert.deepStrictEqual(
      answers(gru.html).map((a) => `${a.rows}×${a.cols}`),
      ['1×2', '1×2', '1×2', '1×2'],
    );
    assert.deepStrictEqual(
      gru.withheld.map((w) => w.number),
      ['0.3086'],
    );
    assert.deepStrictEqual(leakedAnswers(example('gru.md'), gru.html), []);
  });

  it('gives a 3×3 batch answer a 3×3 grid of boxes', () => {
    const batches = renderSheet(example('batches.md'), 'questions');
    assert.deepStrictEqual(answers(batches.html)[0], { label: 'H_{t} =', rows: 3, cols: 3, written: false });
  });

  it('a question sheet labels givens as the note writes them (C_t, not c_t)', () => {
    const note = '```lstm\nf_t = [0.5]\ni_t = [0.25]\n\\tilde{C}_t = [0.8]\nC_{t-1} = [0.4]\no_t = [0.9]\n\nC_t ?= 0.4\n```\n';
    const html = renderSheet(note, 'questions').html;
    const givens = html
      .split('<tr class="rnn-given ')
      .slice(1)
      .map((row) => /<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/.exec(row)?.[1]);
    assert.deepStrictEqual(givens, ['f_{t} =', 'i_{t} =', '\\tilde{C}_{t} =', 'C_{t-1} =', 'o_{t} =']);
    assert.deepStrictEqual(
      answers(html).map((a) => a.label),
      ['C_{t} ='],
    );
  });

  it('gives a one-unit answer one box', () => {
    const html = renderSheet('```rnn\nx = [1]\nh_prev = [0]\nW_xh = [0.5]\nW_hh = [0]\nb_h = [0]\n\nh ?= 0.4621\n```\n', 'questions').html;
    assert.deepStrictEqual(
      answers(html).map((a) => `${a.rows}×${a.cols}`),
      ['1×1'],
    );
    assert.match(html, /<span class="rnn-box rnn-box--scalar" role="img" aria-label="answer box, a number"><\/span>/);
    assert.ok(!html.includes('0.4621'));
  });

  it('gives a 13-unit blank (`h ?=`) one large box labelled with its shape', () => {
    const zeros = (r: number, c: number) => Array.from({ length: r }, () => Array(c).fill(0).join(' ')).join('; ');
    const w = Array.from({ length: 13 }, (_, r) => `${(r % 3) / 10} 0.1`).join('; ');
    const note = `\`\`\`rnn\nx = [1; 2]\nh_prev = [${zeros(13, 1)}]\nW_xh = [${w}]\nW_hh = [${zeros(13, 13)}]\nb_h = [${zeros(13, 1)}]\n\nh ?=\n\`\`\`\n`;
    const html = renderSheet(note, 'questions').html;
    assert.deepStrictEqual(
      answers(html).map((a) => a.label),
      ['h_{t} ='],
    );
    assert.match(
      html,
      /<div class="rnn-box rnn-box--large" role="img" aria-label="answer box, 13×1"><span class="rnn-box__shape">13×1<\/span><\/div>/,
    );
    assert.ok(!html.includes('0.1974'), 'tanh(0.2) leaked');
  });

  it('asks for every result of a block without checks', () => {
    const html = renderSheet(
      '```rnn\nx = [1; 2]\nh_prev = [0; 0]\nW_xh = [0.5 0; 0 0.5]\nW_hh = [0 0; 0 0]\nb_h = [0; 0]\n```\n',
      'questions',
    ).html;
    assert.deepStrictEqual(
      answers(html).map((a) => `${a.label} ${a.rows}×${a.cols}`),
      ['a_{t} = 2×1', 'h_{t} = 2×1'],
    );
    assert.ok(!html.includes('0.4621'), 'tanh(0.5) leaked');
  });

  it('breaks pages at ## headings when the note has them, else between blocks', () => {
    assert.match(sheet.html, /^<div class="rnn-sheet rnn-sheet--questions rnn-sheet--by-section">/);
    assert.match(renderSheet(example('gru.md'), 'questions').html, /^<div class="rnn-sheet rnn-sheet--questions rnn-sheet--by-block">/);
  });

  it('shows no block source in the card of a block that could not be analysed', () => {
    const html = renderSheet('```lstm\nh ?= [0.7686]\n```\n', 'questions', {
      analyze: () => {
        throw new Error('boom');
      },
    }).html;
    assert.match(html, /could not analyse this note: boom/);
    assert.ok(!html.includes('0.7686'));
  });
});

describe('question sheets of every example note', () => {
  for (const name of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.md'))) {
    it(`${name}: no answer in the HTML`, () => {
      const text = example(name);
      const html = renderSheet(text, 'questions').html;
      assert.deepStrictEqual(leakedAnswers(text, html), []);
    });
  }
});

describe('solution sheet', () => {
  it('shows the solution cards with their steps and the answers, without the LaTeX export', () => {
    const sheet = renderSheet(example('lstm-exam.md'), 'solutions');
    assert.strictEqual((sheet.html.match(/<div class="rnn-card rnn-card--lstm/g) ?? []).length, 2);
    assert.match(sheet.html, /rnn-section--steps/);
    assert.match(sheet.html, /0\.7686/);
    assert.match(sheet.html, /1\.1473/);
    assert.ok(!sheet.html.includes('rnn-card__export'));
    assert.ok(!sheet.html.includes('rnn-sheet__candidate'));
    assert.deepStrictEqual(sheet.withheld, []);
  });
});

describe('numbers in prose', () => {
  it('reads decimals as toFixed spells them and skips versions and whole numbers', () => {
    assert.deepStrictEqual(
      [...decimalNumbers('h = .76, c = 01.1473; v1.2.3 and 42, 0.5')].map((n) => `${n.number}→${n.digits}/${n.decimals}`),
      ['.76→0.76/2', '01.1473→1.1473/4', '0.5→0.5/1'],
    );
  });
});

describe('Preview question sheet (the editor command)', () => {
  interface Manifest {
    contributes: {
      commands: { command: string; title: string; category: string }[];
      menus: Record<string, { command: string; when: string }[]>;
    };
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

  it('is contributed as "RNN Math: Preview question sheet", in the editor title bar and the command palette of Markdown notes', () => {
    const command = manifest.contributes.commands.find((c) => c.command === 'rnnMath.previewQuestionSheet');
    assert.deepStrictEqual(command && `${command.category}: ${command.title}`, 'RNN Math: Preview question sheet');
    assert.deepStrictEqual(
      manifest.contributes.menus['editor/title'].find((m) => m.command === 'rnnMath.previewQuestionSheet')?.when,
      'resourceLangId == markdown',
    );
    assert.deepStrictEqual(
      manifest.contributes.menus.commandPalette.find((m) => m.command === 'rnnMath.previewQuestionSheet')?.when,
      'editorLangId == markdown',
    );
  });

  it('styles its webview with media/sheet.css, which the .vsix ships', () => {
    assert.match(fs.readFileSync(path.join(ROOT, 'src', 'extension', 'questionSheet.ts'), 'utf8'), /media\('sheet\.css'\)/);
    assert.match(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8'), /^!media\/sheet\.css$/m);
    assert.match(fs.readFileSync(path.join(ROOT, '.npmignore'), 'utf8'), /^!\/media\/sheet\.css$/m);
  });
});
