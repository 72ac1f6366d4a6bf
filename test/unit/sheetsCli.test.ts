// `rnn-math render --sheet …`: the flags, their errors (usage, exit 2), the LaTeX document's
// structure, and the PDFs of the seed's exam when Chromium is on this machine.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runRender } from '../../src/cli/render';
import { findChromium } from '../../src/cli/pdf';
import { safeMath } from '../../src/markdown/latex/prose';
import { latexSheet } from '../../src/markdown/latex/sheet';
import { captured } from './captured';

const ROOT = path.resolve(__dirname, '../../..');
const EXAM = path.join(ROOT, 'examples', 'lstm-exam.md');

/** Runs the command in-process, capturing its output. */
const render = (...args: string[]) => captured(() => runRender(args));

/** The page count and each page's MediaBox (width × height in points) of a PDF Chromium wrote. */
function pdfPages(file: string): { count: number; boxes: string[] } {
  const text = fs.readFileSync(file).toString('latin1');
  const count = Number(/\/Type\s*\/Pages\b[^>]*?\/Count (\d+)|\/Count (\d+)/.exec(text)?.slice(1).find(Boolean) ?? 0);
  const boxes = [...text.matchAll(/\/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]/g)].map(
    (m) => `${Math.round(Number(m[1]))}×${Math.round(Number(m[2]))}`,
  );
  return { count, boxes };
}

describe('rnn-math render --sheet', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-sheets-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the question sheet as a standalone page named after the notes, and reports the withheld prose on stderr', async () => {
    const copy = path.join(dir, 'exam.md');
    fs.copyFileSync(EXAM, copy);
    const r = await render(copy, '--sheet', 'questions');
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /wrote .*exam-questions\.html \(question sheet, 2 blocks\)/);
    assert.match(
      r.err,
      /exam\.md:69: info sheet-withheld: this prose gives away 1\.1473, the answer to c \(line 65\), so the question sheet leaves it out: reword it, or pass --keep-prose/,
    );
    const page = fs.readFileSync(path.join(dir, 'exam-questions.html'), 'utf8');
    assert.match(page, /<title>LSTM — worked exam questions — question sheet<\/title>/);
    assert.match(page, /\.rnn-boxes\{|\.rnn-boxes \{/);
    assert.ok(!/<script/i.test(page));
    for (const answer of ['0.7686', '0.9626', '1.1473', '0.2723', '0.9725', '1.1469', '0.9719']) assert.ok(!page.includes(answer), answer);
  });

  it('writes the solution sheet with the answers', async () => {
    const file = path.join(dir, 's.html');
    const r = await render(EXAM, '--sheet=solutions', '-o', file);
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.err, '');
    assert.match(fs.readFileSync(file, 'utf8'), /0\.7686/);
  });

  for (const [args, message] of [
    [['--sheet', 'answers'], "unknown --sheet value 'answers' (questions or solutions)"],
    [['--sheet'], '--sheet needs questions or solutions'],
    [['--sheet', 'questions', '--format', 'docx'], "unknown --format value 'docx' (html or latex)"],
    [['--sheet', 'questions', '--pdf', '--paper', 'a5'], "unknown --paper value 'a5' (a4 or letter)"],
    [['--sheet', 'questions', '--paper', 'letter'], '--paper sets the paper of --pdf or --format latex'],
    [['--sheet', 'questions', '--chromium', '/usr/bin/chromium'], '--chromium is the browser --pdf prints with: add --pdf'],
    [['--format', 'latex'], '--format latex writes a sheet: add --sheet questions or --sheet solutions'],
    [
      ['--sheet', 'questions', '--format', 'latex', '--pdf'],
      '--pdf prints the HTML sheet; --format latex writes a .tex file (pdflatex makes its PDF)',
    ],
    [['--sheet', 'solutions', '--keep-prose'], '--keep-prose applies to --sheet questions'],
  ] as const) {
    it(`refuses ${args.join(' ')} with the usage and exit code 2`, async () => {
      const r = await render(EXAM, ...args, '-o', path.join(dir, 'never.html'));
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.out, '');
      assert.ok(r.err.startsWith(`rnn-math render: ${message}\nusage: rnn-math render NOTES.md`), r.err);
      assert.ok(!fs.existsSync(path.join(dir, 'never.html')));
    });
  }

  it('says how to get Chromium, exit code 2 and no stack trace, when --chromium names no browser', async () => {
    const r = await render(
      EXAM,
      '--sheet',
      'questions',
      '--pdf',
      '--chromium',
      path.join(dir, 'no-chromium'),
      '-o',
      path.join(dir, 'x.pdf'),
    );
    assert.strictEqual(r.code, 2);
    assert.strictEqual(
      r.err
        .split('\n')
        .filter((l) => l.startsWith('rnn-math render:'))
        .join('\n'),
      `rnn-math render: --chromium ${path.join(dir, 'no-chromium')}: no such file`,
    );
    assert.ok(!/\n\s+at /.test(r.err));
  });

  it('says how to install Chromium when none is on PATH', () => {
    const found = findChromium(undefined, dir);
    assert.deepStrictEqual(found, {
      error:
        "--pdf needs headless Chromium, and none of chromium, chromium-browser, google-chrome-stable, google-chrome is on PATH: install Debian's chromium (apt-get install chromium) or give --chromium PATH",
    });
  });

  it('writes a standalone LaTeX question sheet: article, amsmath, givens in align*, a bmatrix of boxes per vector, lines per equation', async () => {
    const file = path.join(dir, 'q.tex');
    const r = await render(EXAM, '--sheet', 'questions', '--format', 'latex', '--paper', 'letter', '-o', file);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /\(question sheet, 2 blocks, Letter\)/);
    const tex = fs.readFileSync(file, 'utf8');
    assert.match(
      tex,
      /^% LSTM — worked exam questions — question sheet, written by rnn-math render\n\\documentclass\[11pt,letterpaper\]\{article\}\n/,
    );
    assert.match(tex, /\\usepackage\{amsmath,amssymb\}/);
    assert.match(tex, /\\begin\{document\}\n[\s\S]*\\end\{document\}\n$/);
    assert.strictEqual((tex.match(/\\textbf\{Givens\}\n\\begin\{align\*\}/g) ?? []).length, 2);
    assert.match(tex, /x_\{t\} &= \\begin\{bmatrix\} \\answerbox \\\\ \\answerbox \\\\ \\answerbox \\\\ \\answerbox \\end\{bmatrix\}/);
    assert.strictEqual((tex.match(/\\answerlines\n/g) ?? []).length, 2);
    assert.strictEqual((tex.match(/^\\clearpage$/gm) ?? []).length, 1, 'a page per ## question');
    assert.match(tex, /\\subsection\*\{Question 2 \(t = 2\)\}/);
    // prose escaped, its math passed through
    assert.match(tex, /forget gate \$f_t = \\sigma\(W_f v \+ b_f\)\$/);
    assert.match(tex, /Gates, with v = \[h\\_\\\{t-1\\\}; x\\_t\]:/);
    for (const answer of ['0.7686', '1.1473', '0.9725', '1.1469', '\\begin{bmatrix} 2 \\\\ 3']) assert.ok(!tex.includes(answer), answer);
    assert.ok(!tex.includes('\\textbf{Steps}') && !tex.includes('\\textbf{Results}'));
  });

  it('writes the LaTeX solution sheet with steps, results and checks', () => {
    const { latex } = latexSheet(fs.readFileSync(EXAM, 'utf8'), 'solutions', { title: 'Key' });
    assert.match(latex, /\n\\documentclass\[11pt,a4paper\]\{article\}\n/);
    assert.strictEqual((latex.match(/\\textbf\{Steps\}\n\\begin\{align\*\}/g) ?? []).length, 2);
    assert.match(
      latex,
      /\\textbf\{Results\}\n\\begin\{align\*\}[\s\S]*h_\{t\} &= \\begin\{bmatrix\} 0\.7686 \\\\ 0\.9626 \\\\ 0\.7629 \\\\ 0\.7574 \\end\{bmatrix\}/,
    );
    assert.match(
      latex,
      /c_\{t\} &\\overset\{\?\}\{=\} \\begin\{bmatrix\} 1\.1469 \\\\ 2\.1363 \\end\{bmatrix\} && \\text\{wrong, computed\}/,
    );
    assert.match(latex, /should be 1\.1473/);
  });

  it('labels the LaTeX sheet as the note writes its names (C_t, not c_t), as the HTML sheet does', () => {
    const note = '```lstm\nf_t = [0.5]\ni_t = [0.25]\n\\tilde{C}_t = [0.8]\nC_{t-1} = [0.4]\no_t = [0.9]\n\nC_t ?= 0.4\n```\n';
    const questions = latexSheet(note, 'questions', { title: 'Q' }).latex;
    for (const label of ['\\tilde{C}_{t} &= 0.8', 'C_{t-1} &= 0.4', 'C_{t} &= \\answerbox']) assert.ok(questions.includes(label), label);
    assert.ok(!/(^|[^A-Za-z])c_\{t/.test(questions), 'no canonical c_t label');
    const solutions = latexSheet(note, 'solutions', { title: 'K' }).latex;
    assert.match(solutions, /C_\{t\} &\\overset\{\?\}\{=\} 0\.4 && \\checkmark/);
  });

  it('escapes %, &, _ and # in prose and passes $…$ through as math', () => {
    const { latex } = latexSheet('50% of A&B_c #1 costs $5 and $x_t^2$ is math.\n', 'questions', { title: 'T' });
    assert.match(latex, /50\\% of A\\&B\\_c \\#1 costs \\\$5 and \$x_t\^2\$ is math\./);
  });

  it('passes math that cannot leave math mode or reach files, and shows the rest as text', () => {
    assert.strictEqual(safeMath(' \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} '), '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}');
    for (const bad of [
      '\\input{/etc/passwd}',
      'x} \\end{document}',
      '\\immediate\\write18{ls}',
      'a \\] b',
      '\\inp^^75t{x}',
      'x % y',
      '\\def\\x{1}',
      '\\begin{verbatim}',
    ]) {
      assert.strictEqual(safeMath(bad), undefined, bad);
    }
    const { latex } = latexSheet('See $\\input{/etc/passwd}$.\n', 'questions', { title: 'T' });
    assert.match(latex, /See \\texttt\{\\textbackslash\{\}input\\\{\/etc\/passwd\\\}\}\./);
  });

  describe('--pdf of the seed exam (needs Chromium)', function () {
    this.timeout(180_000);
    const chromium = findChromium();
    before(function () {
      if ('error' in chromium) this.skip(); // no browser on this machine: nothing to print with
    });

    for (const sheet of ['questions', 'solutions']) {
      it(`prints the ${sheet} sheet on A4 and on Letter`, async () => {
        const sizes: Record<string, string> = { a4: '595×842', letter: '612×792' };
        for (const paper of ['a4', 'letter']) {
          const file = path.join(dir, `${sheet}-${paper}.pdf`);
          const r = await render(EXAM, '--sheet', sheet, '--pdf', '--paper', paper, '-o', file);
          assert.strictEqual(r.code, 0, r.err);
          assert.ok(fs.readFileSync(file).subarray(0, 5).toString() === '%PDF-');
          const pages = pdfPages(file);
          assert.ok(pages.count > 0, 'no pages');
          assert.strictEqual(pages.boxes.length, pages.count);
          assert.ok(
            pages.boxes.every((b) => b === sizes[paper]),
            `${paper}: ${pages.boxes.join(', ')}`,
          );
        }
      });
    }
  });
});
