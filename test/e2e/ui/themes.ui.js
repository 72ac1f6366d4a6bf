// Every surface in every kind of theme, in a real VS Code workbench (code-server) at 1500×950: for
// Light Modern, Dark Modern, Dark High Contrast and Light High Contrast, the editor (CodeLens,
// inline results), the hover on a failing check, the step panel (examples/lstm-exam.md's
// Question 2, and both gradient charts of examples/gradients.md), the Markdown preview; then the
// compact page of `rnn-math render --compact` and the gradients page in light, dark and forced
// colours. Each view's text must be legible on its background (WCAG contrast ≥ 4.5), and every
// view is a screenshot in test-output/e2e/ (themes-<n>-<view>-<theme>.png) to look at.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { frameWith, lineOf, locateText, session } = require('./driver');

const ROOT = path.resolve(__dirname, '../../..');

const THEMES = [
  { id: 'light', name: 'Default Light Modern', workbench: 'vs', body: 'vscode-light' },
  { id: 'dark', name: 'Default Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
  { id: 'hc-dark', name: 'Default High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
  { id: 'hc-light', name: 'Default High Contrast Light', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
];

/**
 * The WCAG contrast ratio of `selector`'s text against the first opaque background behind it, in
 * the document `target` (a page or a webview frame) shows.
 */
function contrastOf(target, selector, pseudo) {
  return target.evaluate(
    ([selector, pseudo]) => {
      const el = [...document.querySelectorAll(selector)].find((e) => !pseudo || /✗/.test(getComputedStyle(e, pseudo).content));
      if (!el) return { error: `no ${selector}` };
      // #rrggbb, rgb(…) / rgba(…) in 0–255, or color(srgb …) in 0–1 (what a color-mix() computes to)
      const rgba = (c) => {
        if (/^#[0-9a-f]{6}/i.test(c)) return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
        const v = (c.match(/[\d.]+/g) || []).map(Number);
        return c.startsWith('color(') ? v.map((x, i) => (i < 3 ? x * 255 : x)) : v;
      };
      const luminance = ([r, g, b]) => {
        const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      // a webview's own page may be transparent over the editor: then the theme's editor background
      let back = rgba(
        getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim() || 'rgb(255,255,255)',
      );
      if (back.length < 3) back = [255, 255, 255];
      for (let n = el; n; n = n.parentElement) {
        const c = rgba(getComputedStyle(n).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3] > 0.9)) {
          back = c.slice(0, 3);
          break;
        }
      }
      const fore = rgba(getComputedStyle(el, pseudo).color).slice(0, 3);
      const [a, b] = [luminance(fore), luminance(back)].sort((x, y) => y - x);
      return { ratio: (a + 0.05) / (b + 0.05), fore: `rgb(${fore})`, back: `rgb(${back})` };
    },
    [selector, pseudo],
  );
}

/** `pseudo` ('::after'): the inline ✗ annotation VS Code draws as generated content. */
async function legible(target, selector, what, log, pseudo) {
  const c = await contrastOf(target, selector, pseudo);
  if (c.error) throw new Error(`${what}: ${c.error}`);
  log(`${what}: ${c.fore} on ${c.back}, contrast ${c.ratio.toFixed(1)}`);
  if (c.ratio < 4.5) throw new Error(`${what}: ${c.fore} on ${c.back} has contrast ${c.ratio.toFixed(2)} < 4.5`);
}

async function runThemesUi({ page, workspace, shots, log }) {
  const { results, shot, step, gotoLine, command, openFile, focusTab } = session({ page, shots, log, prefix: 'themes' });
  const exam = path.join(workspace, 'lstm-exam.md');
  const gradients = path.join(workspace, 'gradients.md');
  await page.setViewportSize({ width: 1500, height: 950 });

  const setTheme = async (theme) => {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme.name }));
    await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls), theme.workbench, {
      timeout: 30000,
    });
  };
  /** The step panel's webview once it shows `title` typeset in `theme`. */
  const panelShowing = async (theme, title) => {
    // the panel's body carries both the panel's class and the theme's
    const frame = await frameWith(page, `body.rnn-panel.${theme.body} .rnn-card`, { timeout: 30000 });
    await frame.waitForFunction(
      (title) =>
        new RegExp(title).test(document.querySelector('.rnn-panel__title')?.textContent || '') &&
        !document.querySelector('[data-k-style]') &&
        document.fonts.status === 'loaded',
      title,
      { timeout: 20000 },
    );
    return frame;
  };

  // E2E_THEMES=dark,hc-dark runs some of them (when looking at one theme's views)
  const only = (process.env.E2E_THEMES || '').split(',').filter(Boolean);
  for (const theme of THEMES.filter((t) => !only.length || only.includes(t.id))) {
    await step(`themes (${theme.id}): the editor shows the CodeLens and the inline results of Question 2`, async () => {
      await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
      if (theme !== THEMES[0]) await command('View: Close All Editor Groups');
      await setTheme(theme);
      await openFile('lstm-exam.md');
      await gotoLine(lineOf(exam, 'c ?= [1.1469; 2.1363]').line, 1);
      await page.locator('.monaco-editor .codelens-decoration', { hasText: '2 ✗' }).first().waitFor({ timeout: 30000 });
      // the CodeLens has the theme's own colour; the inline results have ours (rnnMath.inlineResult.*)
      await legible(page, '.monaco-editor .view-line span', `${theme.id} inline ✗`, log, '::after');
      await page.waitForTimeout(300);
      await shot(`editor-${theme.id}`);
    });

    await step(`themes (${theme.id}): the hover on the failing c ?= opens with the failing elements`, async () => {
      await page.mouse.move(5, 5);
      await page.waitForTimeout(150);
      const p = await locateText(page, 'c ?= [1.1469', 7);
      if (!p) throw new Error('c ?= is not on screen');
      await page.mouse.move(p.x, p.y, { steps: 3 });
      const box = page.locator('.monaco-hover-content', { hasText: '✗ check fails' }).first();
      await box.waitFor({ state: 'visible', timeout: 15000 });
      await legible(page, '.monaco-hover-content', `${theme.id} hover`, log);
      await shot(`hover-${theme.id}`);
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await step(`themes (${theme.id}): the step panel of Question 2`, async () => {
      const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '2 ✗' }).first();
      await lens.locator('a', { hasText: 'Show steps' }).click();
      const panel = await panelShowing(theme, 'lstm-exam\\.md:47');
      await legible(panel, '.rnn-card', `${theme.id} panel card`, log);
      await legible(panel, '.rnn-step__mark--wrong', `${theme.id} panel's first wrong step`, log);
      await legible(panel, '.rnn-check--pass .rnn-check__mark', `${theme.id} panel's ✓`, log);
      await legible(panel, '.rnn-check--fail .rnn-check__mark', `${theme.id} panel's ✗`, log);
      await page.waitForTimeout(300);
      await shot(`panel-${theme.id}`);
    });

    for (const [which, needle] of [
      ['vanishing', 'norm(grad(h_4, h_1)) ?= 0.0343'],
      ['exploding', 'norm(grad(h_4, h_0)) ?= 5.8979'],
    ]) {
      await step(`themes (${theme.id}): the panel's gradient chart of the ${which} block of gradients.md`, async () => {
        await focusTab('lstm-exam.md');
        await openFile('gradients.md');
        await page.locator('.tab.active', { hasText: 'gradients.md' }).waitFor({ timeout: 30000 });
        await gotoLine(lineOf(gradients, needle).line, 1);
        await page.locator('.monaco-editor .codelens-decoration:visible', { hasText: 'RNN' }).first().waitFor({ timeout: 30000 });
        const panel = await panelShowing(theme, 'gradients\\.md');
        // the panel follows the cursor into the block: wait for that block's verdict
        const handle = await panel.waitForFunction(
          (which) => {
            const svg = document.querySelector('.rnn-section--gradients svg.rnn-chart');
            const verdict = document.querySelector('.rnn-gradients__verdict')?.textContent || '';
            if (!svg || verdict !== which) return null;
            svg.closest('.rnn-section--gradients').scrollIntoView({ block: 'start' });
            const line = getComputedStyle(svg.querySelector('.rnn-chart__line'));
            return { label: svg.getAttribute('aria-label'), role: svg.getAttribute('role'), verdict, stroke: line.stroke };
          },
          which,
          { timeout: 20000 },
        );
        const chart = await handle.jsonValue();
        log(`${theme.id} ${which} chart: ${JSON.stringify(chart)}`);
        if (chart.role !== 'img' || !chart.label) throw new Error(`the chart has no text alternative: ${JSON.stringify(chart)}`);
        await legible(panel, '.rnn-gradients__explanation', `${theme.id} ${which} explanation`, log);
        await page.waitForTimeout(300);
        await shot(`gradients-${which}-panel-${theme.id}`);
      });
    }

    await step(`themes (${theme.id}): the Markdown preview of lstm-exam.md`, async () => {
      await focusTab('lstm-exam.md');
      await command('Markdown: Open Preview to the Side');
      const preview = await frameWith(page, `body.${theme.body} .rnn-card`, { not: '.rnn-panel', timeout: 40000 });
      await preview.waitForFunction(() => document.querySelectorAll('.rnn-card').length === 2 && document.fonts.status === 'loaded', null, {
        timeout: 20000,
      });
      await preview.evaluate(() => document.querySelectorAll('.rnn-card')[1].scrollIntoView({ block: 'start' }));
      await legible(preview, '.rnn-card', `${theme.id} preview card`, log);
      await page.waitForTimeout(300);
      await shot(`preview-${theme.id}`);
    });
  }

  // The standalone pages `rnn-math render` writes, as a browser shows them in each colour scheme.
  const pages = path.join(path.dirname(workspace), 'rendered');
  fs.mkdirSync(pages, { recursive: true });
  const render = (note, args) => {
    const out = path.join(pages, `${path.basename(note, '.md')}${args.length ? '-compact' : ''}.html`);
    execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'render', path.join(workspace, note), ...args, '-o', out]);
    return out;
  };
  const compact = render('lstm-exam.md', ['--compact']);
  const gradientPage = render('gradients.md', []);
  const context = await page.context().browser().newContext();
  const browserPage = await context.newPage();
  try {
    for (const scheme of [
      { id: 'light', media: { colorScheme: 'light', forcedColors: 'none' } },
      { id: 'dark', media: { colorScheme: 'dark', forcedColors: 'none' } },
      { id: 'forced-colors', media: { colorScheme: 'dark', forcedColors: 'active' } },
    ]) {
      await step(`themes (${scheme.id}): the compact rendered page of lstm-exam.md`, async () => {
        await browserPage.setViewportSize({ width: 1100, height: 900 });
        await browserPage.emulateMedia(scheme.media);
        await browserPage.goto(`file://${compact}`);
        await browserPage.waitForFunction(() => document.fonts.status === 'loaded' && document.querySelectorAll('.rnn-card').length === 2);
        const height = await browserPage.evaluate(() => Math.round(document.querySelector('.rnn-card').getBoundingClientRect().height));
        log(`${scheme.id} compact page: Question 1's card is ${height} px tall`);
        await legible(browserPage, '.rnn-card', `${scheme.id} compact card`, log);
        await browserPage.screenshot({ path: path.join(shots, `themes-page-compact-${scheme.id}.png`), fullPage: true });
      });
      await step(`themes (${scheme.id}): the rendered gradients page shows both charts`, async () => {
        await browserPage.emulateMedia(scheme.media);
        await browserPage.goto(`file://${gradientPage}`);
        const charts = await browserPage.evaluate(() => document.querySelectorAll('svg.rnn-chart[role="img"]').length);
        if (charts !== 2) throw new Error(`${charts} charts on the gradients page`);
        await legible(browserPage, '.rnn-gradients__explanation', `${scheme.id} gradients page`, log);
        await browserPage.screenshot({ path: path.join(shots, `themes-page-gradients-${scheme.id}.png`), fullPage: true });
      });
    }
  } finally {
    await context.close().catch(() => {});
  }
  return results;
}

module.exports = { runThemesUi };
