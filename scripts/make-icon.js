// Rasterises media/icon/icon.svg to media/icon/icon.png (128×128, the size the Marketplace and
// VS Code show) with Debian's chromium through playwright-core. Run by hand after editing the
// SVG (`node scripts/make-icon.js`); the PNG is committed, so packaging needs no browser.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

async function main() {
  const dir = path.join(__dirname, '..', 'media', 'icon');
  const svg = fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(dir, 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(String((e && e.message) || e));
  process.exitCode = 1;
});
