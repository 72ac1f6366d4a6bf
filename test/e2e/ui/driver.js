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
    await page.keyboard.press('Enter');
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
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Enter');
  };
  return { results, shot, step, gotoLine, command, openFile };
}

module.exports = { lineOf, session };
