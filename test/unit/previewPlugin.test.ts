import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { analyzeDocument } from '../../src/markdown/document';
import { solutionPlugin, type SolutionPluginOptions } from '../../src/markdown/previewPlugin';
import { PAYLOADS } from './solution.test';
import { assertBalanced, assertInert, tags } from './solutionHtml';

const ROOT = path.resolve(__dirname, '../../..');
const example = (name: string) => fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');

/** markdown-it as VS Code's preview sets it up, with the plugin and the real engine. */
function preview(options: Partial<SolutionPluginOptions> = {}, withLineNumbers = false): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: true });
  if (withLineNumbers) {
    // What VS Code's preview does for scroll sync (markdown-language-features' pluginSourceMap).
    md.core.ruler.push('source_map_data_attribute', (state) => {
      for (const token of state.tokens) {
        if (token.map && token.type !== 'inline') {
          token.attrSet('data-line', String(token.map[0]));
          token.attrJoin('class', 'code-line');
        }
      }
    });
  }
  return solutionPlugin(md, { analyze: (src) => analyzeDocument(src), ...options });
}

function cards(html: string): string[] {
  const out: string[] = [];
  let at = html.indexOf('<div class="rnn-card');
  while (at >= 0) {
    // each card is a balanced top-level div; find its end by counting divs
    let depth = 0;
    const re = /<(\/?)div\b[^>]*>/g;
    re.lastIndex = at;
    for (let m = re.exec(html); m; m = re.exec(html)) {
      depth += m[1] ? -1 : 1;
      if (depth === 0) {
        out.push(html.slice(at, re.lastIndex));
        at = html.indexOf('<div class="rnn-card', re.lastIndex);
        break;
      }
    }
    if (depth !== 0) break;
  }
  return out;
}

describe('markdown preview plugin', () => {
  it('turns the lstm fences of lstm-exam.md into solution cards with the right numbers', () => {
    const html = preview().render(example('lstm-exam.md'));
    const found = cards(html);
    assert.strictEqual(found.length, 2);
    const [q1, q2] = found;
    // Question 1: embedding [2;3;3;4], i = 1, C_t and h_t
    for (const v of ['1.017', '1.98', '1.003', '0.7686', '0.9626', '0.7629', '0.7574']) assert.ok(q1.includes(`<mn>${v}</mn>`), `Q1 ${v}`);
    // Question 2: g = 1, C_t = [1.1473; 2.1362], h_t = [0.2723; 0.9725], two failing checks
    for (const v of ['1.1473', '2.1362', '0.2723', '0.9725', '13.5351']) assert.ok(q2.includes(`<mn>${v}</mn>`), `Q2 ${v}`);
    assert.strictEqual((q2.match(/rnn-check--fail/g) ?? []).length, 2);
    assert.ok(q2.includes('c[1]: stated 1.1469, computed 1.147291'));
    assert.ok(q2.includes('h[2]: stated 0.9719, computed 0.972478'));
    assert.ok(q2.includes('(2×4)·(4×1) + (2×1) = 2×1'));
    for (const c of found) assertBalanced(c);
  });

  it('renders gru, rnn, sequence and shapes-only blocks', () => {
    const gru = preview().render(example('gru.md'));
    assert.strictEqual(cards(gru).length, 1);
    assert.ok(gru.includes('rnn-card--gru'));
    assert.ok(gru.includes('Colah/Chung update (z=write)'), 'convention hint');
    assert.ok(gru.includes('<mn>0.3086</mn>') && /<mo>−<\/mo><mn>0\.0910<\/mn>/.test(gru), 'H_t in row layout');
    const rnn = preview().render(example('rnn-embeddings.md'));
    assert.strictEqual(cards(rnn).length, 2);
    assert.ok(rnn.includes('6×8 + 5×6 + 5×5 + 8×5 = 143'), 'parameter sum');
    const grad = preview().render(example('gradients.md'));
    const seq = cards(grad)[1];
    assert.ok(seq.includes('rnn-section--sequence'), 'sequence table');
    assert.ok(/<th scope="row">4<\/th>/.test(seq), 'row for t = 4');
  });

  it('leaves every other fence byte-identical to markdown-it', () => {
    const text = [
      '# notes',
      '',
      '```python',
      'print("<b>")',
      '```',
      '',
      '~~~',
      'plain',
      '~~~',
      '',
      '```js {x}',
      'let a = 1;',
      '```',
      '',
      '```lstmx',
      'not a block',
      '```',
      '',
      '    indented code',
      '',
      '> ```text',
      '> quoted',
      '> ```',
      '',
    ].join('\n');
    const plain = new MarkdownIt({ html: true, linkify: true }).render(text);
    assert.strictEqual(preview().render(text), plain);
    // also when a previous plugin replaced the fence renderer: the plugin delegates to it
    const md = new MarkdownIt();
    md.renderer.rules.fence = (tokens, idx) => `<pre class="custom">${tokens[idx].info}</pre>`;
    solutionPlugin(md, { analyze: (src) => analyzeDocument(src) });
    assert.strictEqual(md.render('```python\nx\n```\n'), '<pre class="custom">python</pre>');
  });

  it('keeps the data-line attribute (scroll sync) on the card root', () => {
    const text = example('lstm-exam.md');
    const html = preview({}, true).render(text);
    const lines = text.split('\n');
    const fences = lines.map((l, i) => (/^```lstm/.test(l) ? i : -1)).filter((i) => i >= 0);
    const roots = cards(html).map((c) => tags(c)[0]);
    assert.deepStrictEqual(
      roots.map((r) => /data-line="(\d+)"/.exec(r.attrs)?.[1]),
      fences.map(String),
    );
    for (const r of roots) {
      assert.strictEqual((r.attrs.match(/\bclass=/g) ?? []).length, 1);
      assert.match(r.attrs, /class="rnn-card rnn-card--lstm code-line"/);
    }
    // no other element of the card claims a source line
    for (const c of cards(html)) assert.strictEqual((c.match(/data-line=/g) ?? []).length, 1);
  });

  it('hides the block source when showSource is off', () => {
    const text = example('lstm-exam.md');
    assert.ok(
      preview({ showSource: () => true })
        .render(text)
        .includes('class="rnn-card__source"'),
    );
    const hidden = preview({ showSource: () => false }).render(text);
    assert.ok(!hidden.includes('rnn-card__source'));
    assert.ok(!hidden.includes('W_i = [6 4 3 1'));
  });

  it('renders names, comments and values with markup as inert text', () => {
    const block = [
      '```lstm',
      ...PAYLOADS.map((p) => `# ${p}`),
      `${PAYLOADS[0]} = [1; 2]`,
      `"><img src=x onerror=alert(1)> = [1; 2]`,
      'x = [1; 2] # </code></pre>',
      'h_prev = [0; 0]',
      'c ?= $$x$$',
      'h ?= \\href{javascript:alert(1)}{x}',
      `W_c = [1 2 3 4; 5 6 7 8]`,
      '<script>alert(2)</script> ?= 1',
      '```',
      '',
      '```gru layout="><img src=x onerror=alert(1)>',
      'x = [1; 2]',
      '```',
    ].join('\n');
    const html = preview({}, true).render(block);
    const found = cards(html);
    assert.strictEqual(found.length, 2);
    for (const c of found) assertInert(c);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!/<script/i.test(html));
    assert.ok(!/<img/i.test(html));
  });

  it('CSP: the cards of every example load nothing and run nothing', () => {
    for (const name of fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.md'))) {
      const html = preview({}, true).render(example(name));
      for (const card of cards(html)) {
        assertInert(card);
        assert.ok(!/<script|javascript:|\son[a-z]+=/i.test(card), name);
        // the only URLs are namespace names (MathML, KaTeX's SVG delimiters), which are not fetched
        const urls = [...new Set(card.match(/(?:https?:)?\/\/[^\s"'<>)]+/g) ?? [])];
        assert.deepStrictEqual(
          urls.filter((u) => !['http://www.w3.org/1998/Math/MathML', 'http://www.w3.org/2000/svg'].includes(u)),
          [],
          name,
        );
        for (const t of tags(card))
          if (/^https?:/.test(t.attrs.replace(/\sxmlns="[^"]*"/g, '').match(/="(https?:[^"]*)"/)?.[1] ?? ''))
            assert.fail(`${name}: URL in <${t.name}${t.attrs}>`);
      }
    }
  });

  it('shows its own error instead of throwing when analysis fails', () => {
    const html = preview(
      {
        analyze: () => {
          throw new Error('<boom>');
        },
      },
      true,
    ).render('```rnn\nx = 1\n```\n');
    assert.match(html, /rnn-card--error/);
    assert.match(html, /&lt;boom&gt;/);
    assert.match(html, /data-line="0"/);
    assertInert(html);
    const html2 = preview({ analyze: () => [] }).render('```rnn\nx = 1\n```\n');
    assert.match(html2, /found no analysis/);
  });
});
