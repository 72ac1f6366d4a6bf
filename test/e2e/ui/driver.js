// What both UI sessions (ui.test.js, solution.ui.js) do in the workbench: record named steps
// with a screenshot on failure, move the cursor, run a command, open a file from the examples.
'use strict';
const fs = require('fs');
const path = require('path');

/** The 1-based line and column of the first `needle` in `file`. */
function lineOf(file, needle) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${file}`);
  return { line: i + 1, column: lines[i].indexOf(needle) + 1 };
}

/** Finds `needle` in the rendered editor lines and returns the centre of its `index`-th character. */
async function locateText(page, needle, index = 0) {
  return page.evaluate(
    ({ needle, index }) => {
      const lines = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')];
      for (const line of lines) {
        const text = (line.textContent || '').replace(/\u00a0/g, ' ');
        const at = text.indexOf(needle);
        if (at < 0) continue;
        const target = at + index;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let seen = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const len = node.textContent.length;
          if (seen + len > target) {
            const range = document.createRange();
            range.setStart(node, target - seen);
            range.setEnd(node, target - seen + 1);
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

/** The first frame (webviews are nested iframes) in which `selector` matches. */
async function frameWith(page, selector, { not, timeout = 30000 } = {}) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const ok = await frame
        .evaluate(({ selector, not }) => !!document.querySelector(selector) && !(not && document.querySelector(not)), { selector, not })
        .catch(() => false);
      if (ok) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no frame with ${selector}${not ? ` and without ${not}` : ''} in ${timeout / 1000} s`);
}

/**
 * A UI session on an open workbench `page`: `step(title, fn)` records a passed or failed check in
 * `results` (a failure takes a screenshot); screenshots are `<prefix>-<n>-<name>.png` in `shots`.
 */
function session({ page, shots, log, prefix }) {
  const results = [];
  let n = 0;
  const shot = async (name, target = page) => {
    const file = path.join(shots, `${prefix}-${++n}-${name}.png`);
    await target.screenshot({ path: file }).catch(() => {});
    log(`screenshot ${path.relative(process.cwd(), file)}`);
  };
  const step = async (title, fn) => {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ title, state: 'passed', ms: Date.now() - t0 });
    } catch (e) {
      results.push({
        title,
        state: 'failed',
        error: String((e && e.message) || e)
          .split('\n')
          .slice(0, 6)
          .join('\n'),
      });
      await shot('failed').catch(() => {});
    }
  };
  const quickInput = () => page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10000 });
  const gotoLine = async (line, column) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await quickInput();
    await page.keyboard.type(`${line}:${column}`);
    // Enter before the widget has read the typed line is lost (seen under load): wait for its row
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: `line ${line}` })
      .first()
      .waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
    await page.waitForTimeout(300);
  };
  const command = async (name) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quickInput();
    await page.keyboard.type(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  };
  /** Clicks the editor tab of `file`, so keys go to the workbench and not to a webview. */
  const focusTab = async (file) => {
    await page
      .locator('.tab', { hasText: new RegExp(`^${file.replace(/\./g, '\\.')}`) })
      .first()
      .click({ timeout: 5000 })
      .catch(() => {});
    await page.waitForTimeout(200);
  };
  /** Waits for the workbench, then opens `file` with Quick Open. */
  const openFile = async (file) => {
    await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 700, y: 400 } })
      .catch(() => {});
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 20000 });
    await page.keyboard.type(file);
    // Enter opens the focused row: wait until the typed name's row is the focused one (the list
    // first shows the recently opened files, and an Enter while it refilters is lost)
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: file }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
  };
  return { results, shot, step, gotoLine, command, openFile, focusTab };
}

module.exports = { frameWith, lineOf, locateText, session };
