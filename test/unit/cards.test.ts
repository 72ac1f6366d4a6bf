// Issue 15 on the solution cards (panel, preview, `rnn-math render`): what the HTML shows. The
// note's own names, one formatter, the first wrong step and what inherits it, the GRU's order,
// and the compact handout.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatAligned, formatNumber, formatOffBy, formatWritten } from '../../src/engine/format';
import type { Matrix } from '../../src/engine/types';
import { renderNotes, runRender } from '../../src/cli/render';
import { analysisToLatex, analysisToMarkdown, renderCard } from '../../src/markdown/solution';
import { panelBody } from '../../src/markdown/solution/page';
import { parseSpelling } from '../../src/markdown/solution/notation';
import { analyzeWithSteps, md } from './engine/helpers';
import { assertBalanced } from './solutionHtml';

const ROOT = path.resolve(__dirname, '../../..');
const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
const m = (rows: number, cols: number, values: number[]): Matrix => ({ rows, cols, data: Float64Array.from(values) });

/** The TeX source of every formula KaTeX typeset in `html` (its MathML annotation). */
function tex(html: string): string[] {
  return [...html.matchAll(/<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g)].map((x) =>
    x[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  );
}

/** The `<li>` of each step, in order, as [data-target, class]. */
function steps(html: string): [string, string][] {
  return [...html.matchAll(/<li class="([^"]*)" data-step="\d+" data-target="([^"]*)"/g)].map((x) => [x[2], x[1]]);
}

/** The HTML of the step whose data-target is `target` (the first). */
function stepHtml(html: string, target: string): string {
  const at = html.indexOf(`data-target="${target}"`);
  assert.ok(at >= 0, `a step for ${target}`);
  return html.slice(at, html.indexOf('</li>', at));
}

const cardsOf = (text: string, compact = false) => renderNotes(text, { compact }).html;

// A slip at f (σ(1) = 0.7311 stated 0.5), then c stated as it follows from that f (carried forward).
const SLIP_AT_F = md('lstm', [
  'x = [1]',
  'h_prev = [0]',
  'c_prev = [0.5]',
  'W_f = [0 1]',
  'b_f = [0]',
  'W_i = [0 1]',
  'b_i = [0]',
  'W_o = [0 1]',
  'b_o = [0]',
  'W_c = [0 1]',
  'b_c = [0]',
  'f ?= [0.5]',
  'c ?= [0.8068]',
]);

describe('cards: the note’s own names (issue 15, point 2)', () => {
  it('shows C_t, C_{t-1} and \\tilde{C}_t as lstm-exam.md writes them, in givens, steps, results and checks', () => {
    const q1 = cardsOf(example('lstm-exam.md')).split('rnn-card--lstm')[1];
    const all = tex(q1);
    assert.ok(all.includes('\\tilde{C}_{t} ='), 'the given \\tilde{C}_t');
    assert.ok(all.includes('C_{t-1} ='), 'the given C_{t-1}');
    assert.ok(all.includes('C_{t} ='), 'the result C_t');
    assert.ok(
      all.some((t) => t.startsWith('\\begin{aligned}C_{t} &= {f_{t}} \\odot {C_{t-1}} + {i_{t}} \\odot {\\tilde{C}_{t}}')),
      'the step in the note’s letters',
    );
    assert.ok(!all.some((t) => /(^|[^A-Za-z\\])c_\{t/.test(t) || t.includes('\\tilde{c}')), 'no canonical c_t or \\tilde{c}_t');
  });

  it('shows R_t, Z_t, \\tilde{H}_t and H_{t-1} for gru.md, the reset operand included', () => {
    const all = tex(cardsOf(example('gru.md')));
    for (const name of ['R_{t} =', 'Z_{t} =', '\\tilde{H}_{t} =', 'H_{t} =', 'H_{t-1} =']) assert.ok(all.includes(name), name);
    assert.ok(
      all.some((t) => t.includes('{(R_{t} \\odot H_{t-1})}\\,{W_{hh}}')),
      'r ⊙ h_prev as R_t ⊙ H_{t-1}',
    );
    assert.ok(!all.some((t) => /\\tilde\{h\}|(^|[^A-Za-z\\])[rzn]_\{t\}/.test(t)), 'no r_t, z_t, \\tilde{h}_t');
  });

  it('keeps a superscript time index: x^{<t>} and h^{<t-1>} are typeset x^{\\langle t\\rangle}, h^{\\langle t-1\\rangle}', () => {
    const text = md('rnn', [
      'x^{<t>} = [1; 2]',
      'h^{<t-1>} = [0.5; -0.5]',
      'W_x = [0.1 0.2; 0.3 0.4]',
      'W_h = [0.5 0; 0 0.5]',
      'b = [0; 0.1]',
    ]);
    const all = tex(cardsOf(text));
    assert.ok(all.includes('x^{\\langle t\\rangle} ='));
    assert.ok(all.includes('h^{\\langle t-1\\rangle} ='));
    assert.ok(all.includes('h^{\\langle t\\rangle} ='), 'the computed h in the same style');
  });

  it('keeps canonical names as the keys: the analysis (what check --json lists) and the steps’ data-target say c and h', () => {
    const [a] = analyzeWithSteps(example('lstm-exam.md'));
    assert.deepStrictEqual(
      a.quantities.filter((q) => q.origin === 'computed').map((q) => q.name),
      ['e', 'x', 'i', 'c', 'h'],
    );
    assert.deepStrictEqual(
      steps(renderCard(a)).map(([t]) => t),
      ['e', 'x', 'i', 'c', 'h'],
    );
  });

  it('uses the note’s names in the LaTeX and Markdown step exports', () => {
    const [a] = analyzeWithSteps(example('lstm-exam.md'));
    assert.match(analysisToLatex(a), /\\tilde\{C\}_\{t\} &= \\begin\{bmatrix\} 0\.017 \\\\ 0\.980/);
    assert.match(analysisToMarkdown(a), /\| \$C_\{t-1\}\$ \| 4×1 \|/);
  });

  it('typesets onehot as a name, \\mathrm{onehot}, not x^{onehot}', () => {
    const all = tex(cardsOf(example('lstm-exam.md')));
    assert.ok(all.includes('\\mathrm{onehot} ='));
    assert.ok(all.some((t) => t.includes('{E}^{\\top}\\,{\\mathrm{onehot}}')));
    assert.ok(!all.some((t) => t.includes('x^{\\text{onehot}}')));
  });

  it('learns only a letter, an accent from a short list and a time index: \\href{C}_t is not read', () => {
    assert.deepStrictEqual(parseSpelling('\\tilde{C}_t'), { stem: '\\tilde{C}', time: 'sub' });
    assert.deepStrictEqual(parseSpelling('a^{\\langle t-1\\rangle}'), { stem: 'a', time: 'angle' });
    assert.strictEqual(parseSpelling('\\href{C}_t'), undefined);
    assert.strictEqual(parseSpelling('C_{t}^{\\text{x}}'), undefined);
  });
});

describe('cards: one formatter (issue 15, point 4)', () => {
  it('shows a written 0.2090 with its last zero and a given 0.99999057 with all its digits', () => {
    const q2 = tex(cardsOf(example('lstm-exam.md')).split('rnn-card--lstm')[2]);
    assert.ok(q2.includes('\\begin{bmatrix} 0.99999057 \\\\ 0.333263 \\end{bmatrix}'), 'the given i as written');
    const gru = tex(cardsOf(example('gru.md')));
    assert.ok(gru.includes('\\begin{bmatrix} 0.2284 & 0.2090 \\end{bmatrix}'), 'the stated H_t as written');
  });

  it('shows a computed 0.99999057 as 0.99999 at 4 decimals, never 1', () => {
    assert.strictEqual(formatNumber(0.99999057, 4), '0.99999');
    assert.strictEqual(formatNumber(-0.99999057, 4), '-0.99999');
    assert.strictEqual(formatNumber(1.00003, 4), '1.00003');
    const q2 = tex(cardsOf(example('lstm-exam.md')).split('rnn-card--lstm')[2]);
    assert.ok(
      q2.some((t) => t.includes('{\\begin{bmatrix} 0.99999 \\\\ 0.3333 \\end{bmatrix}} \\odot')),
      'i in the c step',
    );
  });

  it('drops trailing zeros only for a value that is that number: 0.5 and 1 for σ(30), 0.8090 for 0.80899', () => {
    assert.strictEqual(formatNumber(0.5, 4), '0.5');
    assert.strictEqual(formatNumber(1 / (1 + Math.exp(-30)), 4), '1');
    assert.strictEqual(formatNumber(0.80899, 4), '0.8090');
    assert.strictEqual(formatWritten(0.209, 4, 4), '0.2090');
    assert.strictEqual(formatWritten(0.76, 2, 4), '0.76');
  });

  it('spells a vector the same way in a hover as in a note: [0.3086, -0.0910], no padded cells', () => {
    assert.strictEqual(formatAligned(m(2, 1, [0.3086, -0.09096]), 4, 'row'), '[0.3086, -0.0910]');
    assert.strictEqual(formatAligned(m(2, 1, [0.209, 0.5]), 4, 'column', undefined, [4, 1]), '[0.2090; 0.5]');
  });

  it('says how far off in one wording in the CLI message, the card and the Markdown export', () => {
    assert.strictEqual(formatOffBy(802.3), 'off by 802 units in the last written digit');
    const text = example('lstm-exam.md');
    const [, q2] = analyzeWithSteps(text);
    const wording = 'off by 3.9 units in the last written digit';
    assert.ok(
      q2.diagnostics.some((d) => d.message.includes(`(${wording})`)),
      'the engine message',
    );
    assert.ok(renderCard(q2).includes(`(${wording})`), 'the card');
    assert.ok(analysisToMarkdown(q2).includes(wording), 'the Markdown export');
  });
});

describe('cards: the first wrong step and what inherits it (issue 15, point 5)', () => {
  it('marks c as the first wrong step of lstm-exam.md Q2 and h as a slip of its own, not g', () => {
    const q2 = cardsOf(example('lstm-exam.md')).split('rnn-card--lstm')[2];
    assert.deepStrictEqual(steps(q2), [
      ['g', 'rnn-step'],
      ['c', 'rnn-step rnn-step--wrong rnn-step--first-wrong'],
      ['h', 'rnn-step rnn-step--wrong'],
    ]);
    assert.match(stepHtml(q2, 'c'), /<strong>First wrong step<\/strong>: your .* \(line 65\) differs from this result/);
  });

  it('points the marked step at its check’s line in the note, where the panel scrolls to (data-check-line)', () => {
    const q2 = cardsOf(example('lstm-exam.md')).split('rnn-card--lstm')[2];
    assert.match(stepHtml(q2, 'c'), /data-check-line="64"/);
    assert.match(q2, /<li class="rnn-check rnn-check--fail" data-check-line="64">/);
  });

  it('marks the steps after a slip at f as using the wrong f_t, and c’s carried-forward check as inheriting it', () => {
    const html = cardsOf(SLIP_AT_F);
    assert.deepStrictEqual(
      steps(html).map(([t, cls]) => `${t}${cls.replace('rnn-step', '')}`),
      ['f rnn-step--wrong rnn-step--first-wrong', 'i', 'g', 'c rnn-step--inherits', 'o', 'h rnn-step--inherits'],
    );
    const c = stepHtml(html, 'c');
    assert.match(c, /↳ uses the wrong <span class="katex">/);
    assert.ok(tex(c).includes('f_{t}'), 'names f_t');
    assert.match(c, /carries it forward/);
    assert.ok(tex(stepHtml(html, 'h')).includes('c_{t}'), 'h reads the wrong c_t');
  });

  it('marks nothing when every check passes', () => {
    const html = cardsOf(md('rnn', ['x = [1]', 'h_prev = [0]', 'W_x = [1]', 'W_h = [1]', 'b = [0]', 'h ?= [0.7616]']));
    assert.ok(!/rnn-step--(wrong|inherits)/.test(html));
  });

  it('lists a GRU’s steps in the cell’s order, r before z, then the candidate and h', () => {
    assert.deepStrictEqual(
      steps(cardsOf(example('gru.md'))).map(([t]) => t),
      ['r', 'z', 'n', 'h'],
    );
    const [a] = analyzeWithSteps(example('gru.md'));
    assert.deepStrictEqual(
      a.quantities.filter((q) => q.origin === 'computed').map((q) => q.name),
      ['r', 'z', 'n', 'h'],
    );
  });
});

describe('cards: the compact handout (issue 15, point 9)', () => {
  it('collapses the source and each step in <details>, the first wrong step open', () => {
    const page = cardsOf(example('lstm-exam.md'), true);
    assertBalanced(page);
    const q2 = page.split('rnn-card--lstm')[2];
    assert.match(q2, /<details class="rnn-card__source-details"><summary>Block source<\/summary>/);
    assert.strictEqual((q2.match(/<details class="rnn-step__details"/g) ?? []).length, 3);
    assert.strictEqual((q2.match(/<details class="rnn-step__details" open>/g) ?? []).length, 1);
    assert.match(stepHtml(q2, 'c'), /<details class="rnn-step__details" open>/);
    assert.match(stepHtml(q2, 'h'), /✗ wrong step<\/span><\/summary>/);
  });

  it('shows each check on one line: ✓ and the name alone, ✗ with its first wrong element', () => {
    const q2 = cardsOf(example('lstm-exam.md'), true).split('rnn-card--lstm')[2];
    const checks = q2.slice(q2.indexOf('<ul class="rnn-checks">'), q2.indexOf('</ul>', q2.indexOf('<ul class="rnn-checks">')));
    const pass = checks.slice(checks.indexOf('rnn-check--pass'), checks.indexOf('</li>'));
    assert.ok(!pass.includes('bmatrix'), 'no vector repeated from Results');
    assert.match(checks, /\[1\]: stated 1\.1469, computed 1\.147291, off by 3\.9 units in the last written digit/);
    assert.ok(!checks.includes('rnn-mismatches'), 'no per-element list');
    assert.ok(!q2.includes('rnn-card__export'), 'no LaTeX export in a handout');
  });

  it('renders a page with rnn-math render --compact, and the page is shorter than the full one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-cards-'));
    const out = path.join(dir, 'exam.html');
    const write = process.stdout.write;
    process.stdout.write = (() => true) as typeof process.stdout.write;
    let code: number;
    try {
      code = await runRender([path.join(ROOT, 'examples', 'lstm-exam.md'), '--compact', '-o', out]);
    } finally {
      process.stdout.write = write;
    }
    assert.strictEqual(code, 0);
    const page = fs.readFileSync(out, 'utf8');
    assert.strictEqual((page.match(/class="rnn-card rnn-card--lstm rnn-card--compact/g) ?? []).length, 2);
    assert.ok(!renderNotes(example('lstm-exam.md')).html.includes('rnn-card--compact'));
  });

  it('gives the step panel the same compact card when asked (rnnMath.solution.compact)', () => {
    const [a] = analyzeWithSteps(example('lstm-exam.md'));
    assert.match(panelBody({ analysis: a, compact: true }), /rnn-card--compact/);
    assert.doesNotMatch(panelBody({ analysis: a }), /rnn-card--compact/);
  });
});

describe('cards: the parameter count of stacked and bidirectional blocks', () => {
  it('names each layer and direction as the note names its weights: W^{[2]}, ←W, not W_l2 or W_rev', () => {
    const [a] = analyzeWithSteps(md('gru', ['H = 16', 'D = 8'], 'bidirectional layers=2'));
    assert.strictEqual(a.parameters?.total, 7104);
    const labels = [
      ...renderCard(a).matchAll(/<tr><th scope="row">.*?<annotation encoding="application\/x-tex">([^<]*)<\/annotation>/g),
    ].map((m) => m[1]);
    for (const want of ['W_{r}', '\\overleftarrow{W}_{r}', 'W_{r}^{[2]}', '\\overleftarrow{W}_{r}^{[2]}', '\\overleftarrow{b}_{h}^{[2]}'])
      assert.ok(labels.includes(want), `${want} in ${labels.join(' ')}`);
    assert.ok(!labels.some((l) => /rev|l2/.test(l)), labels.join(' '));
  });
});
