// The UI smoke test on the extension as users get it: runner.js packs the .vsix (`npm run
// package`), installs it with `code-server --install-extension` into a fresh extensions folder
// and opens a workbench with no extensionDevelopmentPath, so the only copy VS Code can load is
// the installed one. This checks that copy is what runs (the extension's own folder under the
// extensions folder, its package and files as the .vsix listed them), runs ui.test.js's checks on
// it, and shows the extension's page (README, icon, version) in the Extensions view.
'use strict';
const fs = require('fs');
const path = require('path');
const { session } = require('./driver');
const { runUi } = require('./ui.test.js');

const ID = 'rnn-math-notes.rnn-math-notes';

/**
 * `installed` = { dir, version, listed }: the folder the install made, the manifest's version and
 * what `code-server --list-extensions --show-versions` printed.
 */
async function runInstalledUi({ page, workspace, shots, log, installed }) {
  const { results, shot, step, command } = session({ page, shots, log, prefix: 'vsix-page' });
  await step('the .vsix is installed: the extension is listed and its folder holds the packaged files only', async () => {
    if (!installed.listed.includes(`${ID}@${installed.version}`)) throw new Error(`--list-extensions printed: ${installed.listed}`);
    for (const f of ['package.json', 'dist/extension.js', 'dist/katex.js', 'media/icon/icon.png'])
      if (!fs.existsSync(path.join(installed.dir, f))) throw new Error(`${f} is missing from ${installed.dir}`);
    // vsce stores these as readme.md, changelog.md and LICENSE.txt.
    const top = fs.readdirSync(installed.dir).map((f) => f.toLowerCase());
    for (const f of ['readme.md', 'changelog.md'])
      if (!top.includes(f)) throw new Error(`${f} is missing from ${installed.dir}: ${top.join(', ')}`);
    if (!top.some((f) => f.startsWith('license'))) throw new Error(`no LICENSE in ${installed.dir}: ${top.join(', ')}`);
    for (const f of ['src', 'test', 'node_modules', 'dist/cli.js', 'tsconfig.json'])
      if (fs.existsSync(path.join(installed.dir, f))) throw new Error(`${f} was packaged into ${installed.dir}`);
    // vscode:prepublish ran the production build: no source map comment, minified.
    const bundle = fs.readFileSync(path.join(installed.dir, 'dist/extension.js'), 'utf8');
    if (/sourceMappingURL/.test(bundle)) throw new Error('the installed dist/extension.js is a development build');
  });
  const ui = await runUi({ page, workspace, shots, log, prefix: 'vsix' });
  await step("the Extensions view shows the installed extension's page: name, version, icon and README", async () => {
    await page.keyboard.press('Escape');
    await command('Extensions: Show Enabled Extensions');
    const item = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'RNN Math Notes' });
    await item.first().waitFor({ timeout: 20000 });
    await item.first().click();
    const editor = page.locator('.extension-editor');
    await editor.locator('.header .name', { hasText: 'RNN Math Notes' }).first().waitFor({ timeout: 20000 });
    // The page's Installation table: `Version 0.1.0`, `Source VSIX`.
    // The table renders after the header: wait for it (up to 20 s) before reading the page.
    let details = '';
    for (const deadline = Date.now() + 20000; Date.now() < deadline; await page.waitForTimeout(250)) {
      details = (await editor.first().innerText()).replace(/\s+/g, ' ');
      if (details.includes('Source VSIX')) break;
    }
    if (!details.includes(`Version ${installed.version}`) || !details.includes('Source VSIX'))
      throw new Error(`the page does not say Version ${installed.version} from a VSIX: ${details.slice(0, 400)}`);
    const icon = editor.locator('.header .icon-container img, .header img.icon').first();
    await icon.waitFor({ timeout: 10000 });
    const iconOk = await icon.evaluate((img) => img.complete && img.naturalWidth === 128);
    if (!iconOk) throw new Error('the icon did not load at 128×128');
    // The README is shown in a webview inside the editor: wait for its first heading.
    let readme = null;
    const deadline = Date.now() + 30000;
    while (!readme && Date.now() < deadline) {
      for (const frame of page.frames()) {
        const text = await frame.evaluate(() => (document.body && document.body.innerText) || '').catch(() => '');
        if (/Install/.test(text) && /rnn-math check/.test(text)) readme = { frame, text };
      }
      if (!readme) await page.waitForTimeout(300);
    }
    if (!readme) throw new Error('the README did not show on the extension page');
    const images = await readme.frame.evaluate(() => [...document.images].map((i) => ({ src: i.src, w: i.naturalWidth })));
    log(`extension page images: ${JSON.stringify(images)}`);
    const broken = images.filter((i) => !i.w);
    if (broken.length) throw new Error(`README images that did not load: ${broken.map((i) => i.src).join(', ')}`);
    await page.waitForTimeout(500);
    await shot('extension-page');
  });
  return [...results.slice(0, 1), ...ui, ...results.slice(1)];
}

module.exports = { runInstalledUi };
