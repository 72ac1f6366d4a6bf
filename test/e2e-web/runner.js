// The web extension in a real browser, offline: code-server 4.100.3 (VS Code 1.100.3) runs a
// web-only copy of the extension (webExtension.js: a manifest with `browser` and no `main`) in
// its web worker extension host, and headless Debian chromium (playwright-core) uses it on a copy
// of examples/: CodeLens, a hover, a diagnostic, the step panel, and the extension's own log
// line naming the host it runs in. Prints every check, then `e2e-web: N passed, N failed`.
// Needs scripts/e2e-setup.sh first (`npm run test:web` runs it).
'use strict';
const fs = require('fs');
const path = require('path');
const { E2E_DIR, startServer, workbenchUrl, withBrowser } = require('./server');
const { makeWebExtension, ROOT } = require('./webExtension');
const { runWebUi } = require('./web.ui');

const SHOTS = path.join(ROOT, 'test-output', 'e2e-web');
const keep = process.argv.includes('--keep') || !!process.env.E2E_KEEP;
const t0 = Date.now();
const log = (...a) => console.log(`[e2e-web ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

/** The examples (tests edit documents, never the repository's files). */
function makeWorkspace(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const from = path.join(ROOT, 'examples');
  for (const f of fs.readdirSync(from)) if (f.endsWith('.md')) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  return dir;
}

async function main() {
  fs.mkdirSync(E2E_DIR, { recursive: true });
  const run = fs.mkdtempSync(path.join(E2E_DIR, 'web-run-'));
  let tests = [];
  try {
    const { dest } = makeWebExtension(path.join(run, 'extension'));
    const workspace = makeWorkspace(path.join(run, 'ws'));
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    const server = await startServer(run, 'web');
    try {
      tests = await withBrowser(async (page) => {
        await page.goto(workbenchUrl(server.port, workspace, dest));
        return runWebUi({ page, workspace, shots: SHOTS, log, userData: server.userData });
      });
    } finally {
      await server.stop();
    }
  } catch (e) {
    tests.push({ title: 'web session', state: 'failed', error: String((e && e.stack) || e) });
  } finally {
    if (!keep) fs.rmSync(run, { recursive: true, force: true });
    else log(`kept ${run}`);
  }
  for (const t of tests) {
    const mark = t.state === 'passed' ? '✔' : '✘';
    console.log(`  ${mark} [web] ${t.title}${t.ms !== undefined ? ` (${t.ms} ms)` : ''}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.length - passed;
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, SHOTS)}/`);
  console.log(`e2e-web: ${passed} passed, ${failed} failed`);
  process.exitCode = failed || !passed ? 1 : 0;
}

main().catch((e) => {
  console.error((e && e.stack) || e);
  console.log('e2e-web: 0 passed, 1 failed');
  process.exitCode = 1;
});
