// The hostile corpus (test/fixtures/hostile/cases.json: script tags, event handlers, javascript:
// and data: URLs, CSS injection, KaTeX \href/\url/\html*, unbalanced fences, zero-width and bidi
// characters, </code>, $$, entities, SVG, iframes, CDATA, huge numbers — in prose, names,
// comments, values, check formulas and fence options) rendered through every surface's pure
// renderer, and the HTML parsed by a small strict checker: nothing active may survive.
//   - the Markdown preview: markdown-it as VS Code configures it (html on) + the plugin; every
//     solution card the plugin renders is checked (the prose around the cards is VS Code's
//     markdown-it output, which the preview itself sanitises);
//   - the step panel: the full webview document (panelDocument + panelBody) for every block;
//   - `rnn-math render`: the standalone page (renderNotes + standalonePage with the real assets).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import markdownItKatex from '@vscode/markdown-it-katex';
import { loadAssets, renderNotes } from '../../src/cli/render';
import { analyzeDocument } from '../../src/markdown/document';
import { withSteps } from '../../src/engine/analyze';
import { solutionPlugin } from '../../src/markdown/previewPlugin';
import { safeKatex } from '../../src/markdown/solution/math';
import { panelBody, panelCsp, panelDocument, standalonePage } from '../../src/markdown/solution/page';

const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.join(ROOT, 'test/fixtures/hostile/cases.json');

export interface HostileCase {
  readonly id: string;
  readonly what: string;
  readonly markdown: string;
}

export function hostileCases(): HostileCase[] {
  return (JSON.parse(fs.readFileSync(CORPUS, 'utf8')) as { cases: HostileCase[] }).cases;
}

// ---------------------------------------------------------------------------------------------
// A small, strict HTML checker: a tokenizer that understands quoted attributes, comments and
// raw-text elements (so `>` inside an attribute or `<` inside a script cannot hide anything),
// entity decoding for URL checks, then rules.

interface Tag {
  readonly name: string;
  readonly attrs: readonly { name: string; value: string }[];
  readonly close: boolean;
  /** Text content of a raw-text element (script, style, textarea, title). */
  readonly raw?: string;
  readonly at: number;
}

const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

export function tokenize(html: string): Tag[] {
  const out: Tag[] = [];
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<!', i) || html.startsWith('<?', i)) {
      const end = html.indexOf('>', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    const m = /^<(\/?)([A-Za-z][^\s/>\u0000]*)/.exec(html.slice(i, i + 200));
    if (!m) {
      i++;
      continue;
    }
    const close = m[1] === '/';
    const name = m[2].toLowerCase();
    i += m[0].length;
    const attrs: { name: string; value: string }[] = [];
    // attributes, as a browser reads them
    for (;;) {
      while (i < n && /[\s/]/.test(html[i])) i++;
      if (i >= n || html[i] === '>') {
        i++;
        break;
      }
      const an = /^[^\s"'>/=][^\s"'>/=]*/.exec(html.slice(i, i + 1000));
      let attrName: string;
      if (an) {
        attrName = an[0];
        i += an[0].length;
      } else {
        attrName = html[i];
        i++;
      }
      while (i < n && /\s/.test(html[i])) i++;
      let value = '';
      if (html[i] === '=') {
        i++;
        while (i < n && /\s/.test(html[i])) i++;
        const q = html[i];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, i + 1);
          value = html.slice(i + 1, end < 0 ? n : end);
          i = end < 0 ? n : end + 1;
        } else {
          const uv = /^[^\s>]*/.exec(html.slice(i))![0];
          value = uv;
          i += uv.length;
        }
      }
      attrs.push({ name: attrName.toLowerCase(), value: decodeEntities(value) });
    }
    let raw: string | undefined;
    if (!close && RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, i);
      raw = html.slice(i, end < 0 ? n : end);
      i = end < 0 ? n : end;
    }
    out.push({ name, attrs, close, raw, at: lt });
  }
  return out;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  colon: ':',
  tab: '\t',
  newline: '\n',
  sol: '/',
  lpar: '(',
  rpar: ')',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[e.toLowerCase()] ?? whole;
  });
}

/** What a browser sees as the URL's scheme (it drops controls and whitespace). */
function scheme(url: string): string {
  const clean = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const m = /^([a-z][a-z0-9+.-]*):/.exec(clean);
  return m ? m[1] : clean.startsWith('//') ? 'network-path' : '';
}

const URL_ATTRS = new Set([
  'href',
  'src',
  'xlink:href',
  'action',
  'formaction',
  'data',
  'poster',
  'background',
  'srcset',
  'codebase',
  'cite',
  'longdesc',
  'ping',
  'lowsrc',
  'dynsrc',
  'manifest',
  'icon',
]);
/** Attributes whose URL is loaded (not only navigated to). */
const LOAD_ATTRS = new Set(['src', 'data', 'poster', 'background', 'srcset', 'codebase', 'lowsrc', 'dynsrc', 'manifest', 'icon']);
const FORBIDDEN_ELEMENTS = new Set([
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'form',
  'input',
  'textarea',
  'select',
  'portal',
  'video',
  'audio',
  'source',
  'track',
  'img',
  'image',
  'picture',
  'noscript',
  'template',
  'xmp',
  'plaintext',
  'isindex',
  'marquee',
  'bgsound',
  'foreignobject',
  'animate',
  'set',
  'use',
  'handler',
  'listener',
]);

function badCss(css: string): string | undefined {
  const text = decodeEntities(css)
    .replace(/\\[0-9a-f]{1,6}\s?/gi, (e) => String.fromCodePoint(parseInt(e.slice(1), 16)))
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .toLowerCase();
  if (/expression\s*\(/.test(text)) return 'expression(';
  if (/javascript\s*:/.test(text)) return 'javascript:';
  if (/vbscript\s*:/.test(text)) return 'vbscript:';
  if (/-moz-binding|behavior\s*:/.test(text)) return 'binding/behavior';
  if (/@import/.test(text)) return '@import';
  if (/url\s*\(/.test(text)) return 'url(';
  return undefined;
}

export interface CheckOptions {
  /** The single <script> allowed (the panel's): its nonce and src. */
  readonly script?: { nonce: string; src: string };
  /** Number of <style> elements allowed (the page's own inlined CSS), whose url() may be font data. */
  readonly styleElements?: number;
  /** <meta>/<link> allowed in a page head (charset, viewport, CSP, generator; stylesheets). */
  readonly pageHead?: boolean;
}

/** Every way the HTML could run script, load something remote or escape its styles; [] when inert. */
export function activeContent(html: string, options: CheckOptions = {}): string[] {
  const problems: string[] = [];
  let scripts = 0;
  let styles = 0;
  for (const t of tokenize(html)) {
    if (t.close) continue;
    const where = `<${t.name}${t.attrs.map((a) => ` ${a.name}="${a.value.slice(0, 60)}"`).join('')}> at ${t.at}`;
    if (t.name === 'script') {
      scripts++;
      const ok =
        options.script &&
        scripts === 1 &&
        (t.raw ?? '').trim() === '' &&
        t.attrs.some((a) => a.name === 'nonce' && a.value === options.script!.nonce) &&
        t.attrs.some((a) => a.name === 'src' && a.value === options.script!.src) &&
        t.attrs.length === 2;
      if (!ok) problems.push(`script: ${where} ${(t.raw ?? '').slice(0, 60)}`);
      continue;
    }
    if (t.name === 'style') {
      styles++;
      if (styles > (options.styleElements ?? 0)) {
        problems.push(`style element: ${where} ${(t.raw ?? '').slice(0, 80)}`);
        continue;
      }
      const css = (t.raw ?? '').replace(/url\(data:font\/woff2;base64,[A-Za-z0-9+/=]+\)/g, 'FONT');
      const bad = badCss(css);
      if (bad) problems.push(`page style contains ${bad}`);
      continue;
    }
    if (t.name === 'meta') {
      const ok =
        options.pageHead &&
        t.attrs.every((a) => ['charset', 'name', 'content', 'http-equiv'].includes(a.name)) &&
        !t.attrs.some((a) => a.name === 'http-equiv' && a.value.toLowerCase() !== 'content-security-policy');
      if (!ok) problems.push(`meta: ${where}`);
      continue;
    }
    if (t.name === 'link') {
      const href = t.attrs.find((a) => a.name === 'href')?.value ?? '';
      const ok =
        options.pageHead &&
        t.attrs.every((a) => a.name === 'rel' || a.name === 'href') &&
        t.attrs.some((a) => a.name === 'rel' && a.value === 'stylesheet') &&
        !/^(https?:)?\/\//i.test(href) &&
        !['javascript', 'data'].includes(scheme(href));
      if (!ok) problems.push(`link: ${where}`);
      continue;
    }
    if (FORBIDDEN_ELEMENTS.has(t.name)) problems.push(`element: ${where}`);
    for (const a of t.attrs) {
      if (/^on/.test(a.name)) problems.push(`event handler ${a.name}: ${where}`);
      if (a.name === 'srcdoc') problems.push(`srcdoc: ${where}`);
      if (a.name === 'style' || a.name === 'data-k-style') {
        const bad = badCss(a.value);
        if (bad) problems.push(`${a.name} contains ${bad}: ${where}`);
      }
      if (URL_ATTRS.has(a.name)) {
        const s = scheme(a.value);
        if (['javascript', 'vbscript', 'data', 'livescript', 'mocha'].includes(s)) problems.push(`${s}: URL in ${a.name}: ${where}`);
        if (LOAD_ATTRS.has(a.name) && (s === 'http' || s === 'https' || s === 'network-path' || s === 'ftp'))
          problems.push(`remote load in ${a.name}: ${where}`);
      }
    }
  }
  if (options.script && scripts !== 1) problems.push(`${scripts} scripts (the panel has exactly one)`);
  return problems;
}

// ---------------------------------------------------------------------------------------------

/** The preview: markdown-it as VS Code sets it up, the plugin; each card as the plugin renders it. */
function previewCards(markdown: string): string[] {
  const md = new MarkdownIt({ html: true, linkify: true });
  solutionPlugin(md, { analyze: (src) => analyzeDocument(src) });
  const env = {};
  const tokens = md.parse(markdown, env);
  const cards: string[] = [];
  const fence = md.renderer.rules.fence!;
  tokens.forEach((t, idx) => {
    if (t.type === 'fence' && t.meta?.rnnMath) cards.push(fence(tokens, idx, md.options, env, md.renderer));
  });
  return cards;
}

const NONCE = 'Abc123nonce';
const PANEL_SCRIPT = 'vscode-webview://panel/media/panel.js';

function panelPages(markdown: string): string[] {
  const { blocks } = analyzeDocument(markdown);
  const pages = blocks.map((b, k) =>
    panelDocument({
      cspSource: 'vscode-webview://panel',
      nonce: NONCE,
      styles: ['vscode-webview://panel/media/katex/katex.min.css', 'vscode-webview://panel/media/solution.css'],
      script: PANEL_SCRIPT,
      body: panelBody({
        analysis: withSteps(b.block, b.analysis),
        fileName: 'hostile"><script>alert(1)</script>.md',
        blockIndex: k,
        blockCount: blocks.length,
      }),
    }),
  );
  pages.push(
    panelDocument({
      cspSource: 'vscode-webview://panel',
      nonce: NONCE,
      styles: [],
      script: PANEL_SCRIPT,
      body: panelBody({ emptyMessage: markdown.slice(0, 300) }),
    }),
  );
  return pages;
}

let assets: string[] | undefined;

function renderPage(markdown: string): string {
  assets ??= loadAssets();
  const { html } = renderNotes(markdown);
  return standalonePage({ title: markdown.slice(0, 80), body: html, css: assets });
}

/** The region of the page our renderers produced: the cards (the prose is markdown-it's). */
function cardsOf(html: string): string[] {
  const out: string[] = [];
  const re = /<div class="rnn-card[^"]*"/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    let depth = 0;
    const div = /<(\/?)div\b[^>]*>/g;
    div.lastIndex = m.index;
    for (let d = div.exec(html); d; d = div.exec(html)) {
      depth += d[1] ? -1 : 1;
      if (depth === 0) {
        out.push(html.slice(m.index, div.lastIndex));
        break;
      }
    }
  }
  return out;
}

describe('hostile notes: no active content in any surface', function () {
  this.timeout(120000);
  const cases = hostileCases();
  // KaTeX warns on the console about characters it has no metrics for (zero-width, bidi controls)
  const warn = console.warn;
  before(() => {
    console.warn = (...args: unknown[]) => {
      if (!/No character metrics/.test(String(args[0]))) warn(...args);
    };
  });
  after(() => {
    console.warn = warn;
  });

  it('the corpus holds at least 50 cases covering every technique', () => {
    assert.ok(cases.length >= 50, `${cases.length} cases`);
    const all = cases.map((c) => c.markdown).join('\n');
    for (const needle of [
      '<script',
      'onerror=',
      'onload=',
      'javascript:',
      'data:',
      '</style>',
      'expression(',
      'url(javascript:',
      '\\href{javascript:',
      '\\url{',
      '\\htmlClass',
      '\\htmlId',
      '\\htmlStyle',
      '\\htmlData',
      '\u200b',
      '\u202e',
      '</code>',
      '$$',
      '1e309',
      '&lt;',
      '&#',
      '<svg',
      '<iframe',
      '-->',
      '<![CDATA[',
      '````lstm',
      '~~~rnn',
      'layout=',
    ]) {
      assert.ok(all.includes(needle), `the corpus uses ${JSON.stringify(needle)}`);
    }
  });

  it('the checker itself catches what it must', () => {
    const bad = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="jav&#x61;script:alert(1)">x</a>',
      '<a href=" javascript:alert(1)">x</a>',
      '<div style="background:url(x)">',
      '<span data-k-style="width:expression(1)">',
      '<svg onload=alert(1)>',
      '<iframe src="about:blank"></iframe>',
      '<object data="x"></object>',
      '<embed src="x">',
      '<div title=">" onclick="x">',
      '<style>@import "x"</style>',
      '<link rel="stylesheet" href="https://evil/x.css">',
      '<img src="https://evil/pixel.png">',
      '<a xlink:href="data:text/html,x">x</a>',
      '<meta http-equiv="refresh" content="0">',
    ];
    for (const html of bad) assert.notDeepStrictEqual(activeContent(html), [], html);
    assert.deepStrictEqual(
      activeContent('<p class="a" title="&lt;script&gt;">&lt;script&gt;alert(1)</p><a href="https://example.com">x</a>'),
      [],
    );
    assert.deepStrictEqual(
      activeContent(`<script nonce="${NONCE}" src="${PANEL_SCRIPT}"></script>`, { script: { nonce: NONCE, src: PANEL_SCRIPT } }),
      [],
    );
    assert.notDeepStrictEqual(
      activeContent(`<script nonce="${NONCE}" src="${PANEL_SCRIPT}"></script><script nonce="${NONCE}" src="${PANEL_SCRIPT}"></script>`, {
        script: { nonce: NONCE, src: PANEL_SCRIPT },
      }),
      [],
    );
  });

  it('the Markdown preview plugin: every solution card is inert', () => {
    let cards = 0;
    const problems: string[] = [];
    for (const c of cases) {
      for (const card of previewCards(c.markdown)) {
        cards++;
        for (const p of activeContent(card)) problems.push(`${c.id}: ${p}`);
      }
    }
    assert.ok(cards >= cases.length, `${cards} cards`);
    assert.deepStrictEqual(problems, []);
  });

  it("the step panel: one nonce'd script, a strict CSP, every block's document inert", () => {
    let pages = 0;
    const problems: string[] = [];
    for (const c of cases) {
      for (const page of panelPages(c.markdown)) {
        pages++;
        for (const p of activeContent(page, { script: { nonce: NONCE, src: PANEL_SCRIPT }, pageHead: true }))
          problems.push(`${c.id}: ${p}`);
        assert.ok(page.includes(panelCsp('vscode-webview://panel', NONCE)), `${c.id}: the CSP`);
      }
    }
    assert.ok(pages > cases.length, `${pages} panel documents`);
    assert.deepStrictEqual(problems, []);
  });

  it('rnn-math render: every card of the standalone page is inert, and the page forbids scripts and remote loads', () => {
    const problems: string[] = [];
    let cards = 0;
    for (const c of cases) {
      const page = renderPage(c.markdown);
      // the page's CSP comes before any content and allows no script and no remote load
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
      assert.ok(csp && csp.index < page.indexOf('<body'), `${c.id}: CSP meta in the head`);
      const policy = decodeEntities(csp![1]);
      assert.match(policy, /default-src 'none'/);
      assert.doesNotMatch(policy, /script-src/);
      assert.doesNotMatch(policy, /https?:|\*/);
      assert.ok(page.indexOf(csp![0]) < page.indexOf('<style'), `${c.id}: the CSP comes first`);
      for (const card of cardsOf(page)) {
        cards++;
        for (const p of activeContent(card)) problems.push(`${c.id}: ${p}`);
      }
    }
    assert.ok(cards >= cases.length, `${cards} cards`);
    assert.deepStrictEqual(problems, []);
  });

  it('rnn-math render: the whole page is inert when the note has no raw HTML in its prose', () => {
    // Raw HTML written in the prose is copied into the page by markdown-it (html: true, as in VS
    // Code's preview); there only the page's CSP (checked above) keeps it inert. Every other way
    // in — payloads in blocks, names, values, options, inline and display math, Markdown links
    // and images — must leave the whole page inert, head and styles included.
    const problems: string[] = [];
    let checked = 0;
    const skipped: string[] = [];
    const probe = new MarkdownIt({ html: true }).use(markdownItKatex, {
      katex: safeKatex,
      enableBareBlocks: true,
      enableFencedBlocks: true,
    });
    for (const c of cases) {
      const note = c.markdown
        .split('\n')
        .filter((l) => !l.startsWith('Prose: '))
        .join('\n');
      const rawHtml = probe
        .parse(note, {})
        .some((t) => t.type === 'html_block' || (t.children ?? []).some((k) => k.type === 'html_inline'));
      if (rawHtml) {
        skipped.push(c.id);
        continue;
      }
      checked++;
      for (const p of activeContent(renderPage(note), { styleElements: 3, pageHead: true })) problems.push(`${c.id}: ${p}`);
    }
    assert.ok(checked >= 55, `${checked} pages checked (raw HTML in prose: ${skipped.join(', ')})`);
    assert.deepStrictEqual(problems, []);
  });
});
