import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderNotes, runRender } from '../../src/cli/render';
import { assertInert, tags } from './solutionHtml';
import { captured } from './captured';

const ROOT = path.resolve(__dirname, '../../..');
const EXAM = path.join(ROOT, 'examples', 'lstm-exam.md');

/** Runs the command in-process, capturing its output. */
const render = (...args: string[]) => captured(() => runRender(args));

describe('rnn-math render', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-render-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a standalone page of the notes with the solution cards', async () => {
    const file = path.join(dir, 'exam.html');
    const r = await render(EXAM, '-o', file);
    assert.strictEqual(r.code, 0, r.err);
    assert.match(r.out, /wrote .*exam\.html \(2 blocks, 2 failed checks\)/);
    const html = fs.readFileSync(file, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<title>LSTM — worked exam questions<\/title>/);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; font-src data:;/,
    );
    assert.strictEqual((html.match(/<div class="rnn-card rnn-card--lstm/g) ?? []).length, 2);
    // KaTeX styles and fonts inlined: nothing to fetch, viewable offline
    assert.match(html, /\.katex\{/);
    assert.match(html, /src:url\(data:font\/woff2;base64,/);
    assert.ok(!/url\((?!data:)/.test(html), 'a url() that is not inlined');
    assert.ok(!/\b(?:src|href)="(?:https?:)?\/\//.test(html), 'a remote load');
    assert.ok(!/<script/i.test(html));
    // prose math ($…$ and $$…$$) is typeset too
    const prose = html.slice(html.indexOf('<main'), html.indexOf('<div class="rnn-card'));
    assert.ok((prose.match(/class="katex"/g) ?? []).length >= 8);
    assert.ok(html.includes('<mn>1.1473</mn>'));
  });

  it('defaults to NOTES.html beside the notes and can hide the source', async () => {
    const notes = path.join(dir, 'notes.md');
    fs.copyFileSync(EXAM, notes);
    assert.strictEqual((await render(notes)).code, 0);
    assert.ok(fs.readFileSync(path.join(dir, 'notes.html'), 'utf8').includes('class="rnn-card__source"'));
    assert.strictEqual((await render('--no-source', notes, '--output=' + path.join(dir, 'bare.html'))).code, 0);
    assert.ok(!fs.readFileSync(path.join(dir, 'bare.html'), 'utf8').includes('class="rnn-card__source"'));
  });

  it('exits 2 on usage errors and unreadable files', async () => {
    for (const args of [[], ['-o'], ['--bogus', EXAM], [EXAM, EXAM], [path.join(dir, 'missing.md')], [dir]]) {
      const r = await render(...args);
      assert.strictEqual(r.code, 2, `render ${args.join(' ')}`);
      assert.match(r.err, /rnn-math render: /);
    }
    assert.strictEqual((await render('--help')).code, 0);
  });

  it('keeps hostile notes inert inside the cards', () => {
    const { html } = renderNotes('```rnn\n# <script>alert(1)</script>\n"><img onerror=alert(1)> = [1; 2]\nx ?= $$1$$\n```\n');
    const card = html.slice(html.indexOf('<div class="rnn-card'));
    assertInert(card);
    assert.strictEqual(tags(card)[0].name, 'div');
  });
});
