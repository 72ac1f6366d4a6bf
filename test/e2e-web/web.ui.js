// The checks of the web e2e suite, on a workbench whose only copy of the extension is web-only:
// examples/lstm-exam.md shows its CodeLens, a hover on W_i, the diagnostics of Question 2's two
// slips, and the step panel; the extension's log says it runs in the web worker extension host.
// Called by runner.js: runWebUi({ page, workspace, shots, log, userData }) → [{ title, state, error? }].
'use strict';
const fs = require('fs');
const path = require('path');
const { lineOf, session } = require('../e2e/ui/driver');

/** The centre of the `index`-th character of the first rendered editor line holding `needle`. */
async function locateText(page, needle, index = 0) {
  return page.evaluate(
    ({ needle, index }) => {
      for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
        const text = (line.textContent || '').replace(/\u00a0/g, ' ');
        const at = text.indexOf(needle);
        if (at < 0) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const len = node.textContent.length;
          if (seen + len > at + index) {
            const range = document.createRange();
            range.setStart(node, at + index - seen);
            range.setEnd(node, at + index - seen + 1);
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }
          seen += len;
        }
      }
      return null;
    },
    { needle, index },
  );
}

const EXTENSION_ID = 'rnn-math-notes.rnn-math-notes';

/** Every file called `name` under `dir`. */
function findFiles(dir, name) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => path.basename(String(f)) === name)
    .map((f) => path.join(dir, String(f)));
}

/** The first frame (webviews are nested iframes) in which `selector` matches. */
async function frameWith(page, selector, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.evaluate((s) => !!document.querySelector(s), selector).catch(() => false)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no frame with ${selector} in ${timeout / 1000} s`);
}

async function runWebUi({ page, workspace, shots, log, userData }) {
  const { results, shot, step, gotoLine, command, openFile } = session({ page, shots, log, prefix: 'web' });
  const exam = path.join(workspace, 'lstm-exam.md');

  await step('the workbench opens examples/lstm-exam.md', async () => {
    await openFile('lstm-exam.md');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20000 });
  });

  await step('the extension runs in the web worker extension host (its log and the worker host log say so)', async () => {
    // the picker lists the channels that exist when it opens, and the extension makes its channel
    // when it activates, which on a loaded machine can come after the first look: reopen until it
    // is there
    const channel = async (name, expect) => {
      const item = page.locator('.quick-input-list .monaco-list-row', { hasText: name });
      const deadline = Date.now() + 60000;
      for (;;) {
        await command('Output: Show Output Channels');
        if (
          await item
            .first()
            .waitFor({ timeout: 5000 })
            .then(
              () => true,
              () => false,
            )
        )
          break;
        if (Date.now() > deadline) throw new Error(`no output channel "${name}" in 60 s`);
      }
      await item.first().click();
      const text = page.locator('.panel .monaco-editor .view-lines', { hasText: expect });
      await text.first().waitFor({ timeout: 20000 });
      return (await text.first().innerText()).replace(/\u00a0/g, ' ');
    };
    const own = await channel('RNN Math Notes', 'activated in the');
    log(`RNN Math Notes log: ${JSON.stringify(own.trim())}`);
    if (!/activated in the web worker extension host/.test(own)) throw new Error(`the extension reports: ${own}`);
    await shot('output-web-worker');
    // VS Code's own log of the worker host names the extension: its activation, or the warning the
    // host gives when the extension registers its providers (either is written only by the host
    // that runs it; the activation line is sometimes not in the channel yet when it is opened)
    const worker = await channel('Extension Host (Worker)', EXTENSION_ID);
    const lines = worker.split('\n').filter((l) => l.includes(EXTENSION_ID));
    log(`worker host log: ${JSON.stringify(lines)}`);
    if (!lines.length) throw new Error(`the worker host log does not name ${EXTENSION_ID}: ${worker.slice(0, 400)}`);
    await shot('output-worker-host');
    await page.keyboard.press('Control+J'); // hide the panel
  });

  await step("VS Code's Node extension host never activated it (its log on the server)", async () => {
    const logs = findFiles(path.join(userData, 'logs'), 'remoteexthost.log');
    if (!logs.length) throw new Error(`no remoteexthost.log under ${userData}/logs`);
    const text = logs.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    // the same activation event reached the Node host: it activated the built-in Markdown extension
    if (!/_doActivateExtension vscode\.markdown-language-features/.test(text))
      throw new Error('the Node host log has no Markdown activation');
    // the host may list every extension the workbench knows ("global extensions"); any other line
    // naming the extension (its activation, its own list, a warning about its providers) is one
    // only the host that runs it writes
    const lines = text.split('\n').filter((l) => l.includes(EXTENSION_ID));
    const known = lines.filter((l) => /Creating extension host with the following global extensions:/.test(l));
    const ran = lines.filter((l) => !known.includes(l));
    if (ran.length) throw new Error(`the Node host log names ${EXTENSION_ID} as its own: ${JSON.stringify(ran)}`);
    const own = text.split('\n').find((l) => /Creating extension host with the following local extensions:/.test(l));
    log(
      `Node host log: ${logs.length} file(s), markdown-language-features activated, ${EXTENSION_ID} ` +
        `${known.length ? 'in its list of global extensions only' : 'absent'}${own ? ', not among its local extensions' : ''}`,
    );
  });

  await step('CodeLens: the first block says what it computed and that its checks pass', async () => {
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'LSTM' });
    await lens.first().waitFor({ timeout: 60000 });
    await gotoLine(lineOf(exam, '```lstm').line, 1);
    const first = (await lens.allInnerTexts())[0];
    log(`CodeLens: ${JSON.stringify(first)}`);
    if (!/Show steps.*Insert results.*LSTM · (\d+)\/\1 ✓/s.test(first)) throw new Error(`unexpected first lens: ${first}`);
    if (!/Show steps/.test(first)) throw new Error(`no Show steps in the lens: ${first}`);
    await shot('codelens');
  });

  await step('hover on W_i shows its shape 4×8 and the formula of i', async () => {
    await page.mouse.move(5, 5);
    const p = await locateText(page, 'W_i = [6 4 3 1', 1);
    if (!p) throw new Error('W_i is not on screen');
    await page.mouse.move(p.x, p.y, { steps: 3 });
    const box = page.locator('.monaco-hover-content', { hasText: '4×8' });
    await box.first().waitFor({ state: 'visible', timeout: 15000 });
    const text = await box.first().innerText();
    log(`hover W_i: ${JSON.stringify(text.slice(0, 160))}`);
    if (!/i_t = σ\(/.test(text)) throw new Error(`no formula of i in the hover: ${text}`);
    await shot('hover-W_i');
    await page.mouse.move(5, 5);
  });

  await step('diagnostics: the Problems panel lists the two slips of Question 2', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row', { hasText: /^check [ch]: element/ });
    await rows.first().waitFor({ state: 'visible', timeout: 20000 });
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    log(`problems: ${JSON.stringify(texts)}`);
    if (texts.length !== 2 || !texts.some((t) => /check h: element 2 is 0\.9719 but computes to 0\.972478/.test(t))) {
      throw new Error(`expected the slips in c and h, the Problems panel shows ${JSON.stringify(texts)}`);
    }
    await shot('problems');
    await page.keyboard.press('Control+J'); // hide the panel
  });

  await step('"Show steps" on Question 2 opens the step panel with the typeset h_t', async () => {
    const at = lineOf(exam, '## Question 2');
    await gotoLine(at.line + 4, 1);
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '2 ✗' });
    await lens.first().waitFor({ timeout: 20000 });
    await lens.first().locator('a', { hasText: 'Show steps' }).click();
    const panel = await frameWith(page, '.rnn-panel .rnn-card');
    await panel.waitForFunction(() => document.fonts.status === 'loaded', null, { timeout: 20000 });
    const typeset = await panel.evaluate(() =>
      [...document.querySelectorAll('.rnn-card .rnn-section--results .katex-html')].map((e) => (e.textContent || '').replace(/\s+/g, '')),
    );
    log(`panel results: ${JSON.stringify(typeset)}`);
    if (!typeset.some((t) => t.includes('0.2723') && t.includes('0.9725'))) throw new Error(`no typeset h_t: ${JSON.stringify(typeset)}`);
    const title = await panel.evaluate(() => document.querySelector('.rnn-panel__title')?.textContent || '');
    if (!/lstm-exam\.md:47/.test(title)) throw new Error(`the panel shows ${title}`);
    await shot('step-panel');
  });

  await step('markdown.math.macros (\\odot → \\circ) re-typesets the step panel', async () => {
    // a workspace setting, as a person would add it; VS Code picks the file change up live
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'markdown.math.macros': { '\\odot': '\\circ' } }));
    const panel = await frameWith(page, '.rnn-panel .rnn-card');
    await panel.waitForFunction(
      () => {
        const typeset = [...document.querySelectorAll('.rnn-card .katex-html')].map((e) => e.textContent || '').join(' ');
        return typeset.includes('∘') && !typeset.includes('⊙');
      },
      null,
      { timeout: 20000 },
    );
    await panel.evaluate(() => document.querySelectorAll('.rnn-step')[1]?.scrollIntoView());
    await shot('step-panel-macros');
  });

  await step('the quick fix on 0.9719 writes the computed value and its diagnostic goes', async () => {
    await page
      .locator('.tab', { hasText: /^lstm-exam\.md/ })
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
    const at = lineOf(exam, '0.9719');
    await gotoLine(at.line, at.column + 1);
    await page.keyboard.press('Control+Period');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: /0\.972/ });
    await item.first().waitFor({ state: 'visible', timeout: 15000 });
    // the menu focuses its first fix; move to ours with the keyboard as a person would
    for (let k = 0; k < 6; k++) {
      const focused = await page
        .locator('.action-widget .monaco-list-row.focused')
        .first()
        .innerText()
        .catch(() => '');
      if (/0\.972/.test(focused)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => {
        const text = [...document.querySelectorAll('.monaco-editor .view-line')].map((l) => (l.textContent || '').replace(/\u00a0/g, ' '));
        const problems = document.querySelector('[id="status.problems"]')?.getAttribute('aria-label') || '';
        // the fixed line, and one error left (the slip in c): the diagnostic of h went
        return text.some((l) => /^h \?= \[0\.2723; 0\.972[45]\]/.test(l)) && /Errors?:\s*1\b/i.test(problems);
      },
      null,
      { timeout: 15000 },
    );
    await shot('quick-fix');
  });

  await step(
    'the walkthrough: its four steps with their images, light and dark; "Open the LSTM example" opens a checked note',
    async () => {
      await page.keyboard.press('Escape');
      // room for the walkthrough: the step panel and the side bar out of the way
      await page
        .locator('.tab', { hasText: 'Steps ·' })
        .locator('.codicon-close')
        .first()
        .click()
        .catch(() => {});
      await page.keyboard.press('Control+B');
      await command('Welcome: Open Walkthrough');
      const pick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with RNN Math Notes' });
      await pick.first().waitFor({ timeout: 20000 });
      await pick.first().click();
      const titles = page.locator('.getting-started-step .step-title');
      await titles.first().waitFor({ timeout: 20000 });
      const names = (await titles.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
      log(`walkthrough steps: ${JSON.stringify(names)}`);
      const expected = ['Open an example note', 'Hover a matrix', 'Show the steps', 'Check the notes in CI'];
      if (expected.some((t) => !names.includes(t))) throw new Error(`walkthrough steps: ${JSON.stringify(names)}`);
      // its SVG is drawn in a webview with the theme's colours
      const media = await frameWith(page, 'svg[aria-label*="CodeLens"]', 20000);
      const fill = await media.evaluate(() => getComputedStyle(document.querySelector('svg > rect')).fill);
      log(`walkthrough image background (light): ${fill}`);
      await shot('walkthrough-light');
      fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': 'Default Dark Modern' }));
      await page.waitForFunction(() => document.querySelector('.monaco-workbench')?.classList.contains('vs-dark'), null, {
        timeout: 20000,
      });
      await page.waitForTimeout(1000);
      await page.locator('.getting-started-step .step-title', { hasText: 'Show the steps' }).first().click();
      const dark = await frameWith(page, 'svg[aria-label*="step panel"]', 20000);
      const darkFill = await dark.evaluate(() => getComputedStyle(document.querySelector('svg > rect')).fill);
      log(`walkthrough image background (dark): ${darkFill}`);
      if (darkFill === fill) throw new Error(`the image kept its background ${fill} in the dark theme`);
      await shot('walkthrough-dark');
      await page.locator('.getting-started-step .step-title', { hasText: 'Open an example note' }).first().click();
      await page
        .locator('.getting-started-step a, .getting-started-step .button-link', { hasText: 'Open the LSTM example' })
        .first()
        .click();
      // an untitled note: its tab is named by its first line, with Untitled-N beside it
      await page
        .locator('.tab', { hasText: /Untitled-\d/ })
        .first()
        .waitFor({ timeout: 20000 });
      const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '6/6 ✓' });
      await lens.first().waitFor({ timeout: 30000 });
      await shot('walkthrough-example');
      // the walkthrough ticks "Open an example note" done (its onCommand completion event)
      await page.locator('.tab', { hasText: 'Walkthrough' }).first().click();
      const done = async () =>
        page.evaluate(() =>
          [...document.querySelectorAll('.getting-started-step')]
            .filter((e) => e.querySelector('.codicon.complete'))
            .map((e) => (e.querySelector('.step-title')?.textContent || '').trim()),
        );
      const deadline = Date.now() + 10000;
      let ticked = await done();
      while (!ticked.includes('Open an example note') && Date.now() < deadline) {
        await page.waitForTimeout(250);
        ticked = await done();
      }
      log(`walkthrough steps done: ${JSON.stringify(ticked)}`);
      if (!ticked.includes('Open an example note')) throw new Error(`"Open an example note" is not ticked: ${JSON.stringify(ticked)}`);
      await shot('walkthrough-done');
    },
  );

  return results;
}

module.exports = { runWebUi };
