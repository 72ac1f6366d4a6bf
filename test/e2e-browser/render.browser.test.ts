// Headless Chromium on what people see: the page `rnn-math render` writes, and the step panel's
// HTML under its real CSP. Screenshots (light and dark) go to test-output/browser/.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeDocument } from '../../src/markdown/document';
import { withSteps } from '../../src/engine/analyze';
import { panelBody, panelDocument } from '../../src/markdown/solution/page';

const ROOT = path.resolve(__dirname, '../../..');
const OUT = path.join(ROOT, 'test-output', 'browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const EXAM = path.join(ROOT, 'examples', 'lstm-exam.md');

interface Watch {
  errors: string[];
  requests: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') w.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('requestfailed', (r) => w.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return w;
}

describe('rendered solutions in headless Chromium', function () {
  let browser: Browser;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/e2e-setup.sh (or set CHROMIUM)`);
    if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build`');
    fs.mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  after(async () => {
    await browser?.close();
  });

  describe('rnn-math render examples/lstm-exam.md', () => {
    const page = path.join(OUT, 'lstm-exam.html');

    before(() => {
      execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'render', EXAM, '-o', page], { stdio: 'pipe' });
    });

    for (const scheme of ['light', 'dark'] as const) {
      it(`shows typeset math with KaTeX fonts and no errors (${scheme})`, async () => {
        const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1000, height: 900 } });
        const p = await context.newPage();
        const w = watch(p);
        await p.goto('file://' + page);
        await p.evaluate(() => document.fonts.ready);
        const facts = await p.evaluate(() => ({
          katex: document.querySelectorAll('.katex').length,
          cards: document.querySelectorAll('.rnn-card').length,
          loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
          main: document.fonts.check('16px KaTeX_Main'),
          math: document.fonts.check('italic 16px KaTeX_Math'),
          // the typeset C_t and h_t of Question 2, as a reader sees them (KaTeX's HTML, not MathML)
          q2: document.querySelectorAll('.rnn-card')[1]?.querySelector('.rnn-section--results .katex-html')
            ? [...document.querySelectorAll('.rnn-card')[1].querySelectorAll('.rnn-section--results .katex-html')].map((e) =>
                (e.textContent ?? '').replace(/\s+/g, ''),
              )
            : [],
          bg: getComputedStyle(document.body).backgroundColor,
          cardBorder: getComputedStyle(document.querySelector('.rnn-card')!).borderTopColor,
        }));
        assert.ok(facts.katex > 50, `${facts.katex} .katex elements`);
        assert.strictEqual(facts.cards, 2);
        assert.ok(
          facts.loaded.some((f) => /KaTeX_Main/.test(f)),
          `fonts loaded: ${facts.loaded.join(', ')}`,
        );
        assert.ok(
          facts.loaded.some((f) => /KaTeX_Math/.test(f)),
          `fonts loaded: ${facts.loaded.join(', ')}`,
        );
        assert.ok(facts.main && facts.math);
        assert.ok(
          facts.q2.some((t) => t.includes('1.1473') && t.includes('2.1362')),
          `C_t in ${facts.q2.join(' | ')}`,
        );
        assert.ok(
          facts.q2.some((t) => t.includes('0.2723') && t.includes('0.9725')),
          `h_t in ${facts.q2.join(' | ')}`,
        );
        assert.strictEqual(facts.bg, scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        assert.deepStrictEqual(w.errors, []);
        assert.deepStrictEqual(
          w.requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')),
          [],
        );
        await p.screenshot({ path: path.join(OUT, `render-lstm-exam-${scheme}.png`), fullPage: true });
        await p
          .locator('.rnn-card')
          .nth(1)
          .screenshot({ path: path.join(OUT, `render-question2-${scheme}.png`) });
        await context.close();
      });
    }
  });

  describe('the step panel under its CSP', () => {
    let server: http.Server;
    let origin: string;
    const nonce = 'dGVzdG5vbmNlMTIzNDU2Nzg5MA==';

    before(async () => {
      const text = fs.readFileSync(EXAM, 'utf8');
      const blocks = analyzeDocument(text).blocks.map((b) => ({ block: b.block, analysis: withSteps(b.block, b.analysis) }));
      server = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (url.pathname === '/panel.html') {
          const body = panelBody({
            analysis: blocks[1].analysis,
            line: blocks[1].block.line,
            fileName: 'lstm-exam.md',
            blockIndex: 1,
            blockCount: blocks.length,
          });
          const html = panelDocument({
            cspSource: origin,
            nonce,
            styles: [`${origin}/media/katex/katex.min.css`, `${origin}/media/solution.css`, `${origin}/media/panel.css`],
            script: `${origin}/media/panel.js`,
            body,
          });
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(html);
          return;
        }
        if (url.pathname === '/update.html') {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(
            panelBody({
              analysis: blocks[0].analysis,
              line: blocks[0].block.line,
              fileName: 'lstm-exam.md',
              blockIndex: 0,
              blockCount: blocks.length,
            }),
          );
          return;
        }
        if (url.pathname === '/favicon.ico') {
          res.writeHead(204);
          res.end();
          return;
        }
        const file = path.join(ROOT, path.normalize(url.pathname));
        if (!file.startsWith(path.join(ROOT, 'media') + path.sep) || !fs.existsSync(file)) {
          res.writeHead(404);
          res.end();
          return;
        }
        const type = file.endsWith('.css')
          ? 'text/css'
          : file.endsWith('.js')
            ? 'text/javascript'
            : file.endsWith('.woff2')
              ? 'font/woff2'
              : 'application/octet-stream';
        res.writeHead(200, { 'content-type': type });
        res.end(fs.readFileSync(file));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    for (const theme of ['light', 'dark'] as const) {
      it(`loads only from the resource origin, applies KaTeX's layout, wires the buttons (${theme})`, async () => {
        const context = await browser.newContext({ viewport: { width: 760, height: 1000 } });
        const p = await context.newPage();
        const w = watch(p);
        // What the webview host provides: acquireVsCodeApi, and VS Code's theme variables and
        // body class. Init scripts run outside the page's CSP, like the host's own preload.
        await p.addInitScript((themeName: string) => {
          const w = window as unknown as Record<string, unknown>;
          w.__messages = [];
          w.__violations = [];
          let state: unknown;
          w.acquireVsCodeApi = () => ({
            postMessage: (m: unknown) => (w.__messages as unknown[]).push(m),
            getState: () => state,
            setState: (s: unknown) => {
              state = s;
            },
          });
          document.addEventListener('securitypolicyviolation', (e) =>
            (w.__violations as string[]).push(`${e.violatedDirective} ${e.blockedURI}`),
          );
          const dark = themeName === 'dark';
          const vars: Record<string, string> = dark
            ? {
                foreground: '#cccccc',
                'editor-foreground': '#d4d4d4',
                'editor-background': '#1e1e1e',
                descriptionForeground: '#9d9d9d',
                'textBlockQuote-background': '#222222',
                'widget-border': '#454545',
                'textLink-foreground': '#3794ff',
                'testing-iconPassed': '#73c991',
                'testing-iconFailed': '#f14c4c',
                'textCodeBlock-background': '#0a0a0a',
                'button-secondaryBackground': '#3a3d41',
                'button-secondaryForeground': '#cccccc',
                'font-family': 'sans-serif',
                'font-size': '13px',
              }
            : {
                foreground: '#3b3b3b',
                'editor-foreground': '#3b3b3b',
                'editor-background': '#ffffff',
                descriptionForeground: '#717171',
                'textBlockQuote-background': '#f2f2f2',
                'widget-border': '#e5e5e5',
                'textLink-foreground': '#005fb8',
                'testing-iconPassed': '#388a34',
                'testing-iconFailed': '#c72e0f',
                'textCodeBlock-background': '#f3f3f3',
                'button-secondaryBackground': '#e5e5e5',
                'button-secondaryForeground': '#3b3b3b',
                'font-family': 'sans-serif',
                'font-size': '13px',
              };
          document.addEventListener('DOMContentLoaded', () => {
            for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(`--vscode-${k}`, v);
            document.body.classList.add(dark ? 'vscode-dark' : 'vscode-light');
          });
        }, theme);
        await p.goto(`${origin}/panel.html`);
        await p.evaluate(() => document.fonts.ready);
        await p.waitForFunction(() => (window as unknown as { __messages: { type: string }[] }).__messages.some((m) => m.type === 'ready'));
        const facts = await p.evaluate(() => ({
          violations: (window as unknown as { __violations: string[] }).__violations,
          katex: document.querySelectorAll('.katex').length,
          pending: document.querySelectorAll('[data-k-style]').length,
          strutHeights: [...document.querySelectorAll('.katex .strut')].slice(0, 20).map((e) => (e as HTMLElement).style.height),
          inlineScripts: [...document.scripts].filter((s) => !s.src).length,
          fonts: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
        }));
        assert.deepStrictEqual(facts.violations, []);
        assert.ok(facts.katex > 20);
        assert.strictEqual(facts.pending, 0, 'every KaTeX style applied');
        assert.ok(
          facts.strutHeights.every((h) => /em$/.test(h)),
          facts.strutHeights.join(','),
        );
        assert.strictEqual(facts.inlineScripts, 0);
        assert.ok(
          facts.fonts.some((f) => /KaTeX_Main/.test(f)),
          facts.fonts.join(','),
        );
        assert.deepStrictEqual(
          w.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:')),
          [],
        );
        await p.screenshot({ path: path.join(OUT, `panel-${theme}.png`), fullPage: true });

        // buttons → messages to the extension host
        await p.click('button[data-action="copy-latex"]');
        await p.click('button[data-action="copy-markdown"]');
        await p.locator('.rnn-check--fail button[data-action="reveal"]').first().click();
        const messages = await p.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages);
        assert.deepStrictEqual(messages.slice(1), [
          { type: 'copy', format: 'latex' },
          { type: 'copy', format: 'markdown' },
          { type: 'reveal', line: 64 },
        ]);

        // an update from the host swaps the content and keeps the panel working under the CSP
        const html = await (await fetch(`${origin}/update.html`)).text();
        await p.evaluate(
          (h) => window.postMessage({ type: 'update', html: h, uri: 'file:///exam.md', line: 21, keepScroll: false }, '*'),
          html,
        );
        await p.waitForFunction(() => document.querySelector('.rnn-panel__title')?.textContent?.includes(':22'));
        const after = await p.evaluate(() => ({
          pending: document.querySelectorAll('[data-k-style]').length,
          violations: (window as unknown as { __violations: string[] }).__violations,
        }));
        assert.strictEqual(after.pending, 0);
        assert.deepStrictEqual(after.violations, []);
        assert.deepStrictEqual(w.errors, []);
        await context.close();
      });
    }
  });
});
