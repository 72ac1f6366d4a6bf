// Screenshots of the "Gradient through time" section, drawn from hand-made reports
// (test/unit/gradientFixtures.ts), to look at after changing the chart or its CSS:
//
//   npm run shots:gradients   (npm run compile-tests && node scripts/gradient-screenshots.js)
//
// Writes test-output/gradients/{page,panel}-card-<theme>.png with Debian's chromium through
// playwright-core (never a downloaded browser): the standalone page of `rnn-math render` in
// light and dark (prefers-color-scheme), and the step panel's document under a CSP as strict as
// the webview's (no style attributes: KaTeX's are applied through the CSSOM as media/panel.js
// does) with VS Code's light, dark and high-contrast theme variables.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..');
const out = path.join(root, 'out');
const f = require(path.join(out, 'test/unit/gradientFixtures.js'));
const { renderCard } = require(path.join(out, 'src/markdown/solution/card.js'));
const { moveInlineStyles, standalonePage } = require(path.join(out, 'src/markdown/solution/page.js'));
const { loadAssets } = require(path.join(out, 'src/cli/render.js'));

/** Colours of VS Code's default themes (Light Modern, Dark Modern, Dark High Contrast) the card reads. */
const THEMES = {
  light: {
    body: 'vscode-light',
    vars: {
      foreground: '#3b3b3b',
      'editor-foreground': '#3b3b3b',
      'editor-background': '#ffffff',
      'textBlockQuote-background': '#f8f8f8',
      'widget-border': '#e5e5e5',
      descriptionForeground: '#717171',
      'textLink-foreground': '#005fb8',
      'charts-blue': '#1a85ff',
      'charts-orange': '#d18616',
      'editorInfo-foreground': '#1a85ff',
      'testing-iconPassed': '#388a34',
      errorForeground: '#f85149',
    },
  },
  dark: {
    body: 'vscode-dark',
    vars: {
      foreground: '#cccccc',
      'editor-foreground': '#cccccc',
      'editor-background': '#1f1f1f',
      'textBlockQuote-background': '#2b2b2b',
      'widget-border': '#313131',
      descriptionForeground: '#9d9d9d',
      'textLink-foreground': '#4daafc',
      'charts-blue': '#3794ff',
      'charts-orange': '#d18616',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      errorForeground: '#f85149',
    },
  },
  hc: {
    body: 'vscode-high-contrast',
    vars: {
      foreground: '#ffffff',
      'editor-foreground': '#ffffff',
      'editor-background': '#000000',
      'textBlockQuote-background': '#000000',
      'widget-border': '#6fc3df',
      contrastBorder: '#6fc3df',
      descriptionForeground: '#ffffff',
      'textLink-foreground': '#21a6ff',
      'charts-blue': '#3794ff',
      'charts-orange': '#d18616',
      'editorInfo-foreground': '#3794ff',
      'testing-iconPassed': '#73c991',
      errorForeground: '#f48771',
    },
  },
};

/** The six reports, each on a card cut down to its header and gradient section (so one image shows them all). */
function sections() {
  const reports = [f.lstmTwoSeries(), f.vanishing(), f.exploding(), f.withZeroAndTiny(), f.oneStep(), f.fiftySteps()];
  const bare = (r, i) => ({
    ...(i === 0 ? f.lstmWith(r) : f.rnnWith(r)),
    quantities: [],
    steps: [],
    diagnostics: [],
    parameters: undefined,
    sequenceLength: undefined,
  });
  return reports.map((r, i) => renderCard(bare(r, i))).join('\n');
}

/** One whole card (the LSTM's), to see the section in its place. */
function wholeCard() {
  return renderCard(f.lstmWith(f.lstmTwoSeries()));
}

function panelHtml(theme, css, body) {
  const nonce = 'screenshot';
  const vars = Object.entries(theme.vars)
    .map(([k, v]) => `--vscode-${k}: ${v};`)
    .join(' ');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; font-src data:; script-src 'nonce-${nonce}';`;
  // The webview loads the same stylesheets from files; here they come in nonce'd <style>s.
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}">
${css.map((c) => `<style nonce="${nonce}">${c}</style>`).join('\n')}
<style nonce="${nonce}">html { ${vars} --vscode-font-family: sans-serif; --vscode-font-size: 13px; } body { max-width: 760px; }</style>
</head><body class="rnn-panel ${theme.body}"><div id="rnn-root">${moveInlineStyles(body)}</div>
<script nonce="${nonce}">document.querySelectorAll('[data-k-style]').forEach((el) => { el.style.cssText = el.getAttribute('data-k-style'); });</script>
</body></html>`;
}

async function main() {
  const dir = path.join(root, 'test-output', 'gradients');
  fs.mkdirSync(dir, { recursive: true });
  const [katexCss, solutionCss, pageCss] = loadAssets();
  const panelCss = fs.readFileSync(path.join(root, 'media', 'panel.css'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const written = [];
  const violations = [];
  try {
    for (const [suffix, body] of [
      ['', sections()],
      ['-card', wholeCard()],
    ]) {
      for (const scheme of ['light', 'dark']) {
        const page = await browser.newPage({ viewport: { width: 900, height: 800 }, colorScheme: scheme });
        await page.setContent(standalonePage({ title: 'Gradients', body, css: [katexCss, solutionCss, pageCss] }));
        const file = path.join(dir, `page${suffix}-${scheme}.png`);
        await page.locator('main').screenshot({ path: file });
        written.push(file);
        await page.close();
      }
      for (const [name, theme] of Object.entries(THEMES)) {
        const page = await browser.newPage({ viewport: { width: 800, height: 800 } });
        page.on('console', (m) => {
          if (/Content Security Policy/i.test(m.text())) violations.push(`${name}: ${m.text()}`);
        });
        await page.setContent(panelHtml(theme, [katexCss, solutionCss, panelCss], body));
        const file = path.join(dir, `panel${suffix}-${name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push(file);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  for (const w of written) console.log(path.relative(root, w));
  // KaTeX's own style attributes were moved off; anything left is the chart's and would be dropped.
  if (violations.length) {
    console.error(violations.join('\n'));
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(String((e && e.message) || e));
  process.exitCode = 1;
});
