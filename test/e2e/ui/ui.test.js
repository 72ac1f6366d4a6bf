// The UI test: a person's view of examples/lstm-exam.md in a real VS Code workbench (code-server)
// driven by playwright-core: CodeLens text, the hover on W_i, the quick fix on 0.9719, a hover on
// a LaTeX matrix outside any block. Screenshots go to test-output/e2e/.
'use strict';
const path = require('path');
const { lineOf, locateText, session } = require('./driver');

/**
 * Runs the UI checks on an open workbench page. Returns [{ title, state, error? }].
 * `workspace` is the folder the workbench opened (a copy of examples/), `shots` the screenshot folder;
 * `prefix` names the screenshots (installed.ui.js runs the same checks on the installed .vsix).
 */
async function runUi({ page, workspace, shots, log, prefix = 'ui' }) {
  const { results, shot, step, gotoLine, openFile } = session({ page, shots, log, prefix });
  const exam = path.join(workspace, 'lstm-exam.md');
  const hover = async (needle, index, expect) => {
    await page.mouse.move(5, 5);
    await page.waitForTimeout(150);
    const p = await locateText(page, needle, index);
    if (!p) throw new Error(`"${needle}" is not on screen`);
    await page.mouse.move(p.x, p.y, { steps: 3 });
    const box = page.locator('.monaco-hover-content', { hasText: expect });
    await box.first().waitFor({ state: 'visible', timeout: 15000 });
    return box.first().innerText();
  };
  const problemCounts = async () => {
    const item = page.locator('[id="status.problems"]');
    const label = (await item.getAttribute('aria-label').catch(() => '')) || (await item.innerText().catch(() => ''));
    const num = (re) => {
      const m = re.exec(label);
      return m ? Number(m[1]) : NaN;
    };
    return { label, errors: num(/Errors?:\s*(\d+)/i), warnings: num(/Warnings?:\s*(\d+)/i) };
  };

  await step('the workbench opens examples/lstm-exam.md', async () => {
    await openFile('lstm-exam.md');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20000 });
  });

  let lensTexts = [];
  await step('CodeLens: each block says what it computed and how many checks pass', async () => {
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'LSTM' });
    await lens.first().waitFor({ timeout: 60000 });
    await gotoLine(lineOf(exam, '```lstm').line, 1);
    lensTexts = await lens.allInnerTexts();
    log(`CodeLens: ${JSON.stringify(lensTexts[0])}`);
    const first = lensTexts[0];
    if (!/Show steps.*Insert results.*LSTM · (\d+)\/\1 ✓/s.test(first)) throw new Error(`unexpected first lens: ${first}`);
    if (!/Show steps/.test(first) || !/Insert results/.test(first)) throw new Error(`no actions in lens: ${first}`);
    await shot('codelens');
  });

  await step('hover on W_i shows its shape 4×8 and the formula of i', async () => {
    const text = await hover('W_i = [6 4 3 1', 1, '4×8');
    log(`hover W_i: ${JSON.stringify(text.slice(0, 160))}`);
    if (!/i_t = σ\(/.test(text)) throw new Error(`no formula of i in hover: ${text}`);
    await shot('hover-W_i');
  });

  await step('CodeLens of Question 2 shows two failing checks', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const at = lineOf(exam, 'h ?= [0.2723; 0.9719]');
    await gotoLine(at.line, at.column);
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '2 ✗' });
    await lens.first().waitFor({ timeout: 20000 });
    log(`CodeLens Q2: ${JSON.stringify(await lens.first().innerText())}`);
  });

  await step('the quick fix replaces 0.9719 by the computed value and the diagnostic disappears', async () => {
    const at = lineOf(exam, '0.9719');
    const before = await problemCounts();
    log(`problems before: ${before.label}`);
    if (!(before.errors >= 2)) throw new Error(`expected the two slips as errors, status bar says "${before.label}"`);
    await gotoLine(at.line, at.column + 1);
    await page.keyboard.press('Control+Period');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: /0\.972/ });
    await item.first().waitFor({ state: 'visible', timeout: 15000 });
    await shot('quick-fix-menu');
    // The menu focuses its first fix; move to ours with the keyboard as a person would.
    for (let k = 0; k < 6; k++) {
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      if (
        /0\.972/.test(
          await focused
            .first()
            .innerText()
            .catch(() => ''),
        )
      )
        break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => {
        const text = [...document.querySelectorAll('.monaco-editor .view-line')].map((l) => l.textContent || '').join('\n');
        return !text.includes('0.9719') && /h \?= \[0\.2723;.0\.972[45]/.test(text.replace(/\u00a0/g, ' '));
      },
      null,
      { timeout: 15000 },
    );
    const deadline = Date.now() + 15000;
    let after = await problemCounts();
    while (after.errors !== before.errors - 1 && Date.now() < deadline) {
      await page.waitForTimeout(200);
      after = await problemCounts();
    }
    log(`problems after: ${after.label}`);
    if (after.errors !== before.errors - 1) throw new Error(`errors went from ${before.errors} to ${after.errors}`);
    await page.keyboard.press('Control+Shift+M');
    await page
      .locator('.markers-panel')
      .first()
      .waitFor({ state: 'visible', timeout: 10000 })
      .catch(() => {});
    await page.waitForTimeout(400);
    await shot('after-quick-fix');
  });

  await step('hover on a LaTeX matrix outside any block shows its dimensions', async () => {
    const at = lineOf(exam, '$$E = \\begin{bmatrix}');
    await gotoLine(at.line, 1);
    const text = await hover('\\begin{bmatrix} 1 & 1 & 3 & 4', 3, '4×4');
    log(`hover LaTeX: ${JSON.stringify(text.slice(0, 120))}`);
    await shot('hover-latex');
  });

  await step('gru.md (row layout): inline results and the convention hint on a failing check', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10000 });
    await page.keyboard.type('gru.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'gru.md' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .codelens-decoration', { hasText: 'GRU' }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Control+J'); // hide the Problems panel again
    const at = lineOf(path.join(workspace, 'gru.md'), 'H_t ?= [0.2284');
    await gotoLine(at.line, 1);
    const text = await hover('H_t ?= [0.2284', 0, 'z=write');
    log(`hover H_t: ${JSON.stringify(text.slice(0, 160))}`);
    await shot('gru-hover');
  });

  return results;
}

module.exports = { runUi };
