import * as assert from 'assert';
import MarkdownIt from 'markdown-it';
import { renderCard, renderErrorCard, mergeClass } from '../../src/markdown/solution/card';
import { escapeHtml, escapeLatexText, escapeMarkdown, markdownCode } from '../../src/markdown/solution/escape';
import { analysisToLatex, analysisToMarkdown, shapesLatex } from '../../src/markdown/solution/export';
import { renderMath } from '../../src/markdown/solution/math';
import { nameToLatex } from '../../src/markdown/solution/names';
import { moveInlineStyles, panelBody, panelCsp, panelDocument, standalonePage } from '../../src/markdown/solution/page';
import { stepLines, substituteOperands } from '../../src/markdown/solution/steps';
import { hostile, lstmQuestion2, mat, rnnSequence } from './solutionFixtures';
import { assertBalanced, assertInert, tags } from './solutionHtml';

export const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '</code></pre></div><b>x',
  '$$\\begin{bmatrix}1\\end{bmatrix}$$',
  '\\href{javascript:alert(1)}{click}',
  "' onmouseover='alert(1)",
  '\\def\\x{\\x\\x}\\x',
  '`code` | pipe & amp',
];

describe('solution/names and escaping', () => {
  it('maps canonical names to the LaTeX a student reads', () => {
    assert.strictEqual(nameToLatex('h_prev'), 'h_{t-1}');
    assert.strictEqual(nameToLatex('g'), '\\tilde{c}_{t}');
    assert.strictEqual(nameToLatex('h_3'), 'h_{3}');
    assert.strictEqual(nameToLatex('W_xf'), 'W_{xf}');
    assert.strictEqual(nameToLatex('recurrent_kernel'), '\\mathrm{recurrent\\_kernel}');
  });

  it('turns any other name into escaped text that cannot start a TeX command', () => {
    for (const p of PAYLOADS) {
      const latex = nameToLatex(p);
      assert.match(latex, /^\\text\{/);
      const inner = latex.slice('\\text{'.length, -1);
      // every backslash left is one of the escapes
      const WORD = /\\(textbackslash|textasciicircum|textasciitilde|textless|textgreater)\{\}/g;
      assert.ok(!/\\(?![{}$&#_%])/.test(inner.replace(WORD, '')), latex);
      assert.ok(!/(^|[^\\])[{}$]/.test(inner.replace(WORD, '')), latex);
    }
    assert.strictEqual(escapeLatexText('a_b{c}$%'), 'a\\_b\\{c\\}\\$\\%');
    assert.strictEqual(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    assert.strictEqual(markdownCode('a`b'), '``a`b``');
  });

  it('escapes Markdown in names for a plain hover', () => {
    assert.strictEqual(escapeMarkdown('W_i*[x]'), 'W\\_i\\*\\[x\\]');
  });

  it('never lets KaTeX trust a command, and never throws', () => {
    const html = renderMath('\\href{javascript:alert(1)}{x} \\url{http://example.com} \\htmlClass{x}{y}', false);
    assert.ok(!/href=/.test(html));
    assert.ok(!/<a\s/.test(html));
    assert.match(renderMath('\\frac{', true), /katex|rnn-math-error/);
    const bomb = renderMath('\\def\\a{\\b\\b}\\def\\b{\\c\\c}\\def\\c{\\d\\d}\\def\\d{xxxxxxxx}\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a', false);
    assert.ok(bomb.length < 2_000_000);
  });
});

describe('solution/steps', () => {
  it('substitutes \\operand placeholders with balanced braces', () => {
    assert.strictEqual(
      substituteOperands('\\operand{W_{i}} x + \\operand{b}', (n) => `[${n}]`),
      '{[W_{i}]} x + {[b]}',
    );
    assert.strictEqual(
      substituteOperands('a \\operand{broken', () => 'X'),
      'a ',
    );
  });

  it('gives the symbolic line, the substituted line, the pre-activation and the result', () => {
    const a = lstmQuestion2();
    const lines = stepLines(a.steps[0], a);
    assert.match(lines.symbolic, /W_\{c\}/);
    assert.match(lines.symbolic, /h_\{t-1\}/);
    assert.match(lines.substituted!, /3 & 4 & 0 & 5/);
    assert.ok(lines.preInline);
    assert.match(lines.preActivation!, /13\.5351/);
    assert.match(lines.result, /\\begin\{bmatrix\} 1 \\\\ 1 \\end\{bmatrix\}/);
  });

  it('writes vectors as rows in row layout', () => {
    const a = rnnSequence();
    const lines = stepLines(a.steps[1], a);
    assert.match(lines.result, /\\begin\{bmatrix\} 0\.3634 & 0\.6899 \\end\{bmatrix\}/);
  });
});

describe('solution/card', () => {
  it('shows givens, every step, results, checks with failing elements, parameters', () => {
    const html = renderCard(lstmQuestion2(), { latexExport: true });
    assertBalanced(html);
    for (const s of ['Givens', 'Steps', 'Results', 'Checks', 'Parameters']) assert.ok(html.includes(`>${s}</h4>`), s);
    assert.strictEqual((html.match(/class="rnn-step[" ]/g) ?? []).length, 3);
    assert.match(html, /1\.1473/);
    assert.match(html, /0\.9725/);
    assert.match(html, /13\.5351/); // the pre-activation
    assert.match(html, /\(2×4\)·\(4×1\) \+ \(2×1\) = 2×1/);
    assert.strictEqual((html.match(/rnn-check--pass/g) ?? []).length, 1);
    assert.strictEqual((html.match(/rnn-check--fail/g) ?? []).length, 2);
    assert.match(html, /c\[1\]: stated 1\.1469, computed 1\.14729/);
    assert.match(html, /h\[2\]: stated 0\.9719, computed 0\.972478/);
    assert.match(html, /c is wrong for the g you wrote too/);
    assert.match(html, /2×4 \+ 2 = 10/);
    assert.match(html, /W_f, W_i, W_o are not given/); // a block-level diagnostic, in place
    assert.match(html, /<details class="rnn-card__export">/);
    assert.ok(html.includes('class="katex"'));
  });

  it('shows a sequence as a table of h_t over t', () => {
    const html = renderCard(rnnSequence());
    assert.match(html, /Sequence over t = 1…2/);
    const table = html.slice(html.indexOf('rnn-sequence'));
    assert.match(table, /<th scope="row">0<\/th>/);
    assert.match(table, /<th scope="row">2<\/th>/);
    assert.match(html, />t = 1</);
    assert.match(html, />t = 2</);
  });

  it('puts the given root attributes on the card and merges classes', () => {
    const html = renderCard(lstmQuestion2(), { rootAttrs: ' class="code-line hljs" data-line="43"' });
    const root = tags(html)[0];
    assert.strictEqual(root.name, 'div');
    assert.match(root.attrs, /data-line="43"/);
    assert.strictEqual((root.attrs.match(/class=/g) ?? []).length, 1);
    assert.match(root.attrs, /class="rnn-card rnn-card--lstm code-line"/);
    assert.strictEqual(mergeClass(' data-line="1"', 'a b'), ' class="a b" data-line="1"');
  });

  it('renders hostile names, comments, messages and values as inert text', () => {
    const a = hostile(PAYLOADS);
    const html = renderCard(a, { source: PAYLOADS.join('\n'), latexExport: true, interactive: true });
    assertInert(html);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;/code&gt;&lt;/pre&gt;&lt;/div&gt;'));
    const err = renderErrorCard(PAYLOADS.join(' '), { source: PAYLOADS.join('\n') });
    assertInert(err);
  });

  it('never throws on an analysis with odd values', () => {
    const a = lstmQuestion2();
    const odd = {
      ...a,
      quantities: a.quantities.map((q) => ({ ...q, value: mat(1, 3, [NaN, Infinity, -Infinity]) })),
      steps: a.steps.map((s) => ({ ...s, latex: '\\frac{', result: mat(0, 0, []) })),
    };
    assertBalanced(renderCard(odd));
  });
});

describe('solution/export', () => {
  it('LaTeX keeps every step and result in one align*', () => {
    const tex = analysisToLatex(lstmQuestion2());
    assert.strictEqual((tex.match(/\\begin\{align\*\}/g) ?? []).length, 1);
    assert.match(tex, /g_\{t\} &= \\tanh/); // the note writes g ?= (its own name for the candidate)
    assert.match(tex, /1\.1473 \\\\ 2\.1362/);
    assert.match(tex, /0\.2723 \\\\ 0\.9725/);
    assert.match(tex, /\(2\\times 4\)\\cdot \(4\\times 1\)/);
    assert.match(tex, /wrong, computed/);
    assert.ok(!tex.includes('\\operand'));
    // the LaTeX typesets (KaTeX reads align*'s body as aligned)
    const body = tex.slice(tex.indexOf('\\begin{align*}') + 14, tex.indexOf('\\end{align*}'));
    assert.ok(!renderMath(`\\begin{aligned}${body}\\end{aligned}`, true).includes('katex-error'));
  });

  it('Markdown keeps givens, steps, checks and the parameter sum', () => {
    const md = analysisToMarkdown(lstmQuestion2());
    assert.match(md, /\| \$h_\{t-1\}\$ \| 2×1 \|/);
    assert.strictEqual((md.match(/\\begin\{aligned\}/g) ?? []).length, 3);
    assert.match(md, /- ✗ `c`: stated `\[1\.1469; 2\.1363\]`, computed `\[1\.14729; 2\.13622\]`/);
    assert.match(md, /Parameters: `2×4 \+ 2 = 10`/);
  });

  it('escapes hostile text for LaTeX and Markdown', () => {
    const a = hostile(PAYLOADS);
    const tex = analysisToLatex(a);
    assert.ok(!tex.includes('\\href{javascript'));
    assert.ok(!/(^|[^\\])\$\$/.test(tex));
    const md = analysisToMarkdown(a);
    // pasted into a note and previewed (raw HTML on), nothing becomes markup
    assertInert(new MarkdownIt({ html: true }).render(md));
  });

  it('writes shape arithmetic as math', () => {
    assert.strictEqual(shapesLatex('(2×4)·(4×1) = 2×1'), '(2\\times 4)\\cdot (4\\times 1) = 2\\times 1');
    assert.strictEqual(shapesLatex('a$b'), '\\text{a\\$b}');
  });
});

describe('solution/page', () => {
  it('the panel document has a strict CSP, one nonce script and no inline styles', () => {
    const body = panelBody({ analysis: lstmQuestion2(), fileName: 'lstm-exam.md', blockIndex: 1, blockCount: 2 });
    const html = panelDocument({
      cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
      nonce: 'abc123',
      styles: ['https://file+.vscode-resource.vscode-cdn.net/ext/media/solution.css'],
      script: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.js',
      body,
    });
    assert.ok(html.includes(`content="${panelCsp('https://file+.vscode-resource.vscode-cdn.net', 'abc123')}"`));
    assert.match(html, /default-src 'none'; style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net; font-src/);
    const scripts = tags(html).filter((t) => t.name === 'script' && !t.close);
    assert.strictEqual(scripts.length, 1);
    assert.match(scripts[0].attrs, /nonce="abc123"/);
    assert.match(html, /<script nonce="abc123" src="[^"]+"><\/script>/); // no inline code
    assert.ok(!/\sstyle="/.test(html), 'inline style attribute');
    assert.ok(!/<style/.test(html));
    assert.ok(!tags(html).some((t) => /\son[a-z]+=/i.test(t.attrs)));
    assert.ok(html.includes('data-k-style="'));
    assert.match(body, /data-action="copy-latex"/);
    assert.match(body, /data-action="reveal" data-line="63"/);
    assert.match(body, /lstm-exam\.md:44 · block 2 of 2/);
  });

  it('moves only attributes', () => {
    assert.strictEqual(moveInlineStyles('<span style="height:1em;">style="x"</span>'), '<span data-k-style="height:1em;">style="x"</span>');
  });

  it('the standalone page forbids scripts and remote loads', () => {
    const html = standalonePage({ title: '<t>', body: '<p>x</p>', css: ['a{}', 'b{} </style><script>'] });
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:;/);
    assert.match(html, /<title>&lt;t&gt;<\/title>/);
    assert.ok(!html.includes('</style><script>'));
  });
});
