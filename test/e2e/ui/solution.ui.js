// UI checks of the full solutions in a real VS Code workbench (code-server), driven by
// playwright-core: the step panel opened from the "Show steps" CodeLens on examples/lstm-exam.md
// (typeset C_t and h_t read from inside the webview, live update after an edit, the buttons),
// and the built-in Markdown preview's solution cards. Screenshots, dark and light, go to
// test-output/e2e/. Called by runner.js like ui.test.js: runSolutionUi({ page, workspace, shots, log }).
'use strict';
const fs = require('fs');
const path = require('path');
const { frameWith, lineOf, session } = require('./driver');

/** The KaTeX-rendered text (what a reader sees) of the Results section of a card. */
async function typesetResults(frame, cardIndex) {
  return frame.evaluate((k) => {
    const card = document.querySelectorAll('.rnn-card')[k];
    if (!card) return null;
    return [...card.querySelectorAll('.rnn-section--results .katex-html')].map((e) => (e.textContent || '').replace(/\s+/g, ''));
  }, cardIndex);
}

async function runSolutionUi({ page, workspace, shots, log }) {
  const { results, shot, step, gotoLine, command, openFile, focusTab } = session({ page, shots, log, prefix: 'solution' });
  const exam = path.join(workspace, 'lstm-exam.md');
  // the note's tab (the first editor group), so keys go to the workbench and not to a webview
  const focusEditor = () => focusTab('lstm-exam.md');

  await step('solutions: the workbench opens examples/lstm-exam.md', async () => {
    await openFile('lstm-exam.md');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'LSTM' }).first().waitFor({ timeout: 60000 });
    log(`CodeLens: ${JSON.stringify(await page.locator('.monaco-editor .codelens-decoration', { hasText: 'LSTM' }).allInnerTexts())}`);
  });

  let panel;
  await step('solutions: "Show steps" on Question 2 opens the panel with the typeset C_t and h_t', async () => {
    const at = lineOf(exam, '## Question 2');
    await gotoLine(at.line + 4, 1);
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '2 ✗' });
    await lens.first().waitFor({ timeout: 20000 });
    await lens.first().locator('a', { hasText: 'Show steps' }).click();
    panel = await frameWith(page, '.rnn-panel .rnn-card');
    await panel.waitForFunction(() => !document.querySelector('[data-k-style]') && document.fonts.status === 'loaded', null, {
      timeout: 20000,
    });
    const typeset = await typesetResults(panel, 0);
    log(`panel results: ${JSON.stringify(typeset)}`);
    if (!typeset || !typeset.some((t) => t.includes('1.1473') && t.includes('2.1362')))
      throw new Error(`no typeset C_t in the panel: ${JSON.stringify(typeset)}`);
    if (!typeset.some((t) => t.includes('0.2723') && t.includes('0.9725')))
      throw new Error(`no typeset h_t in the panel: ${JSON.stringify(typeset)}`);
    const title = await panel.evaluate(() => document.querySelector('.rnn-panel__title')?.textContent || '');
    if (!/lstm-exam\.md:47/.test(title)) throw new Error(`panel shows ${title}`);
    const fonts = await panel.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
    if (!fonts.some((f) => /KaTeX_Main/.test(f))) throw new Error(`KaTeX fonts not loaded in the panel: ${fonts.join(', ')}`);
    await shot('panel-light');
  });

  await step('solutions: with the panel beside the note at 1500×950, the lens actions stay in view', async () => {
    await page.setViewportSize({ width: 1500, height: 950 });
    await page.waitForTimeout(500);
    await focusEditor();
    const at = lineOf(exam, 'c ?= [1.1469; 2.1363]');
    await gotoLine(at.line, 1);
    // The note's editor: the first editor group's (the panel is the second group, beside it).
    const pane = await page.locator('.editor-group-container').first().locator('.monaco-editor').first().boundingBox();
    if (!pane) throw new Error('no editor pane');
    const right = Math.min(pane.x + pane.width, 1500);
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '2 ✗' }).first();
    await lens.waitFor({ timeout: 20000 });
    log(`split CodeLens: ${JSON.stringify(await lens.innerText())} in an editor ${Math.round(pane.width)} px wide`);
    for (const action of ['Show steps', 'Insert results']) {
      const box = await lens.locator('a', { hasText: action }).first().boundingBox();
      if (!box || box.width === 0) throw new Error(`"${action}" is not shown in the lens`);
      if (box.x < pane.x || box.x + box.width > right)
        throw new Error(`"${action}" ends at ${box.x + box.width}, past the editor's edge ${right}`);
    }
    await shot('split-1500x950');
  });

  await step('solutions: at 1500×950 beside the panel, the inline ✗ on c ?= shows its computed value inside the editor', async () => {
    // VS Code draws an inline annotation as the ::after content of an empty span in the line, so
    // its text is read from the computed style and its extent from the span's box.
    const pane = await page.locator('.editor-group-container').first().locator('.monaco-editor .lines-content').first().boundingBox();
    const editor = await page.locator('.editor-group-container').first().locator('.monaco-editor').first().boundingBox();
    if (!pane || !editor) throw new Error('no editor pane');
    const found = await page
      .locator('.editor-group-container')
      .first()
      .evaluate((group) => {
        const out = [];
        for (const line of group.querySelectorAll('.view-lines .view-line')) {
          for (const span of line.querySelectorAll('span')) {
            const content = getComputedStyle(span, '::after').content;
            if (!content || content === 'none' || content === 'normal') continue;
            const r = span.getBoundingClientRect();
            out.push({ line: (line.textContent || '').replace(/\u00a0/g, ' ').trim(), content, left: r.left, right: r.right });
          }
        }
        return out;
      });
    const mark = found.find((f) => f.line.startsWith('c ?= [1.1469; 2.1363]') && f.content.includes('✗'));
    log(`inline annotations on screen: ${JSON.stringify(found.map((f) => `${f.line.slice(0, 24)} → ${f.content}`))}`);
    if (!mark) throw new Error(`no inline ✗ after c ?= [1.1469; 2.1363]: ${JSON.stringify(found)}`);
    if (!mark.content.includes('1.1473') || !mark.content.includes('2.1362')) throw new Error(`the inline ✗ reads ${mark.content}`);
    // the editor's right edge, less its vertical scrollbar (14 px in the default theme)
    const right = Math.min(editor.x + editor.width - 14, 1500);
    log(`inline ✗ spans ${Math.round(mark.left)}–${Math.round(mark.right)} px; the editor's text ends at ${Math.round(right)} px`);
    if (mark.right > right) throw new Error(`the inline ✗ ends at ${mark.right} px, past the editor's edge ${right}`);
  });

  await step('solutions: the cursor on the failing check c ?= scrolls the panel to the step it marks wrong', async () => {
    const at = lineOf(exam, 'c ?= [1.1469; 2.1363]');
    // from another line first, so arriving on the check is a cursor move the extension sees
    await gotoLine(at.line - 3, 1);
    await page.waitForTimeout(400);
    await gotoLine(at.line, 3);
    const focused = await panel.waitForFunction(
      () => {
        const el = document.querySelector('.rnn-focus');
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return {
          line: el.getAttribute('data-check-line'),
          text: (el.textContent || '').replace(/\s+/g, ' ').slice(0, 120),
          top: r.top,
          bottom: r.bottom,
          height: window.innerHeight,
          step: el.classList.contains('rnn-step'),
        };
      },
      null,
      { timeout: 15000 },
    );
    const f = await focused.jsonValue();
    log(`panel focus: ${JSON.stringify(f)}`);
    if (!f.step) throw new Error(`the panel focused a check, not the step it marks: ${f.text}`);
    if (f.line !== String(at.line - 1)) throw new Error(`the focused step is marked by line ${Number(f.line) + 1}, not ${at.line}`);
    if (!/First wrong step|C_t|c_t/.test(f.text)) throw new Error(`the focused step reads "${f.text}"`);
    if (f.top < 0 || f.top > f.height) throw new Error(`the focused step starts at ${f.top} px, outside the panel's ${f.height} px`);
    await shot('panel-scrolled-to-slip');
  });

  await step('solutions: editing a value in the note updates the panel', async () => {
    // o_t[1] 0.33333224 → 0.5 makes h_t[1] = 0.5·tanh(1.147291) = 0.4084
    const at = lineOf(exam, 'o = [[0.33333224]');
    await gotoLine(at.line, at.column + 'o = [['.length);
    for (let k = 0; k < '0.33333224'.length; k++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('0.5');
    await panel.waitForFunction(
      () => {
        const card = document.querySelector('.rnn-card');
        return [...(card ? card.querySelectorAll('.rnn-section--results .katex-html') : [])].some((e) =>
          (e.textContent || '').replace(/\s+/g, '').includes('0.4084'),
        );
      },
      null,
      { timeout: 15000 },
    );
    log('panel updated: h_t[1] = 0.4084');
    await shot('panel-after-edit');
    await page.keyboard.press('Control+Z');
    await panel.waitForFunction(
      () =>
        [...document.querySelectorAll('.rnn-card .rnn-section--results .katex-html')].some((e) =>
          (e.textContent || '').replace(/\s+/g, '').includes('0.9725'),
        ),
      null,
      { timeout: 15000 },
    );
  });

  await step('solutions: the panel follows the cursor to Question 1', async () => {
    await focusEditor();
    const at = lineOf(exam, 'W_i = [6 4 3 1');
    await gotoLine(at.line, 1);
    await panel.waitForFunction(() => /lstm-exam\.md:22/.test(document.querySelector('.rnn-panel__title')?.textContent || ''), null, {
      timeout: 15000,
    });
    const typeset = await typesetResults(panel, 0);
    if (!typeset.some((t) => t.includes('0.7686') && t.includes('0.9626')))
      throw new Error(`no h_t of Question 1: ${JSON.stringify(typeset)}`);
  });

  await step('solutions: the panel\'s "line" button jumps to the check in the note', async () => {
    const at = lineOf(exam, 'h_t ?= [0.7686; 0.9626');
    const button = panel.locator('.rnn-check button[data-action="reveal"]', { hasText: `line ${at.line}` }).first();
    await button.click();
    await page.waitForFunction(
      (line) => {
        const el =
          document.querySelector('.statusbar [id="status.editor.selection"]') || document.querySelector('[id="status.editor.selection"]');
        return el && new RegExp(`Ln ${line},`).test(el.textContent || '');
      },
      at.line,
      { timeout: 10000 },
    );
  });

  let preview;
  await step('solutions: the built-in Markdown preview shows the solution card of Question 2', async () => {
    await focusEditor();
    await command('Markdown: Open Preview to the Side');
    preview = await frameWith(page, '.rnn-card', { not: '.rnn-panel', timeout: 40000 });
    await preview.waitForFunction(() => document.querySelectorAll('.rnn-card').length === 2 && document.fonts.status === 'loaded', null, {
      timeout: 20000,
    });
    const typeset = await typesetResults(preview, 1);
    log(`preview Q2 results: ${JSON.stringify(typeset)}`);
    if (!typeset.some((t) => t.includes('1.1473') && t.includes('2.1362')))
      throw new Error(`no typeset C_t in the preview: ${JSON.stringify(typeset)}`);
    // the card keeps the preview's data-line (scroll sync): Question 2's fence line, 0-based
    const fences = fs
      .readFileSync(exam, 'utf8')
      .split('\n')
      .map((l, i) => (l.startsWith('```lstm') ? i : -1))
      .filter((i) => i >= 0);
    const line = await preview.evaluate(() => document.querySelectorAll('.rnn-card')[1].getAttribute('data-line'));
    if (line !== String(fences[1])) throw new Error(`card data-line ${line}, fence at ${fences[1]}`);
    await preview.locator('.rnn-card').nth(1).scrollIntoViewIfNeeded();
    await shot('preview-light');
  });

  await step('solutions: rnnMath.preview.showSource=false refreshes the preview without the block source', async () => {
    if (!(await preview.evaluate(() => !!document.querySelector('.rnn-card__source')))) throw new Error('no source shown by default');
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'rnnMath.preview.showSource': false }));
    preview = await frameWith(page, '.rnn-card:not(:has(.rnn-card__source))', { not: '.rnn-panel', timeout: 20000 });
    const sources = await preview.evaluate(() => document.querySelectorAll('.rnn-card__source').length);
    if (sources !== 0) throw new Error(`${sources} sources still shown`);
  });

  await step('solutions: dark theme (panel and preview follow the theme)', async () => {
    // a workspace setting, as a person would flip it; VS Code picks the file change up live
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern' }));
    await page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), null, { timeout: 20000 });
    // the theme change and the settings refresh may each reload the preview: find it again
    preview = await frameWith(page, 'body.vscode-dark .rnn-card .rnn-card__source', { not: '.rnn-panel', timeout: 20000 });
    await page.waitForTimeout(1500);
    preview = await frameWith(page, 'body.vscode-dark .rnn-card .rnn-card__source', { not: '.rnn-panel', timeout: 20000 });
    await preview
      .locator('.rnn-card')
      .nth(1)
      .scrollIntoViewIfNeeded()
      .catch(() => {});
    await page.waitForTimeout(500);
    const colour = await preview.evaluate(() => getComputedStyle(document.querySelector('.rnn-card')).color).catch((e) => String(e));
    log(`preview card text colour in the dark theme: ${colour}`);
    await shot('preview-dark');
    await page.locator('.tab', { hasText: 'Steps ·' }).first().click();
    // the hidden panel was unloaded; shown again, it comes back with the block it showed
    panel = await frameWith(page, '.rnn-panel .rnn-card');
    await panel.waitForFunction(
      () =>
        document.body.classList.contains('vscode-dark') &&
        /lstm-exam\.md:22/.test(document.querySelector('.rnn-panel__title')?.textContent || '') &&
        !document.querySelector('[data-k-style]'),
      null,
      { timeout: 10000 },
    );
    await page.waitForTimeout(500);
    await shot('panel-dark');
  });

  await step('solutions: after a window reload the panel is restored with its block', async () => {
    // "Developer: Reload Window", as a person reloads: the workbench saves its state (the panel's
    // webview state, the editors' cursors) before it reloads. A bare page.reload() can cut that
    // save short, and the window comes back with older state.
    await focusEditor();
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 60000 });
    await command('Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    const tab = page.locator('.tab', { hasText: 'Steps' }).first();
    await tab.waitFor({ timeout: 60000 });
    await tab.click();
    panel = await frameWith(page, '.rnn-panel .rnn-card', { timeout: 60000 });
    await panel
      .waitForFunction(
        () =>
          /lstm-exam\.md:22/.test(document.querySelector('.rnn-panel__title')?.textContent || '') &&
          !document.querySelector('[data-k-style]'),
        null,
        { timeout: 20000 },
      )
      .catch(async (e) => {
        const shown = await panel
          .evaluate(() => document.querySelector('.rnn-panel__title')?.textContent || document.body.innerText.slice(0, 200))
          .catch(String);
        throw new Error(`the restored panel shows "${shown}", not lstm-exam.md:22 (${e.message})`);
      });
    await shot('panel-restored');
  });

  return results;
}

module.exports = { runSolutionUi };
