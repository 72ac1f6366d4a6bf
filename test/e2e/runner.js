// Runs the real-VS-Code tests on code-server (VS Code 1.100.3 with a Node extension host) and
// Debian's chromium through playwright-core, offline. Two sessions, each on its own server:
//   1. in-host: the mocha suite in out/test/e2e/suite runs inside the extension host
//      (extensionTestsPath) and writes its results to a file;
//   2. UI: test/e2e/ui/ui.test.js drives the workbench like a person and takes screenshots;
//   3. themes: test/e2e/ui/themes.ui.js, every surface in light, dark and both high-contrast themes;
//   4. installed: the .vsix `npm run package` makes, installed with --install-extension, runs the
//      same UI checks with no extensionDevelopmentPath (test/e2e/ui/installed.ui.js).
// Prints every test, then `e2e: N passed, N failed`. Needs scripts/e2e-setup.sh first.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { execFileSync, spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '../..');
const E2E_DIR = process.env.E2E_DIR || '/tmp/vscode-e2e';
const CS_BIN = path.join(E2E_DIR, 'cs/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'test-output', 'e2e');
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const keep = process.argv.includes('--keep') || !!process.env.E2E_KEEP;
const t0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A copy of examples/ and the e2e fixtures: tests edit documents, never the repository's files. */
function makeWorkspace(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const from of [path.join(ROOT, 'examples'), path.join(__dirname, 'fixtures')]) {
    for (const f of fs.readdirSync(from)) if (f.endsWith('.md')) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  }
  return dir;
}

async function startServer(run, name, extraEnv) {
  const port = await freePort();
  const ud = path.join(run, `${name}-userdata`);
  const exts = path.join(run, `${name}-extensions`);
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(exts, { recursive: true });
  fs.writeFileSync(
    path.join(ud, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'editor.hover.delay': 100,
        'editor.minimap.enabled': false,
        'chat.commandCenter.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(path.join(ud, 'config.yaml'), '');
  const logFile = path.join(run, `${name}-server.log`);
  const out = fs.openSync(logFile, 'w');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
    XDG_DATA_HOME: path.join(run, 'xdg/data'),
    XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
    ...extraEnv,
  };
  const child = spawn(
    CS_BIN,
    [
      '--config',
      path.join(ud, 'config.yaml'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      ud,
      '--extensions-dir',
      exts,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    { detached: true, stdio: ['ignore', out, out], env },
  );
  fs.closeSync(out);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 30 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`code-server exited:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { port, stop, logFile };
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  await stop();
  throw new Error('code-server did not come up in 30 s');
}

function workbenchUrl(port, workspace, payload) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const pairs = Object.entries(payload).map(([k, v]) => [k, remote(v)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(pairs))}`;
}

async function withBrowser(fn) {
  const { chromium } = require(path.join(E2E_DIR, 'cs/node_modules/playwright-core'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    return await fn(page);
  } finally {
    await browser.close().catch(() => {});
  }
}

async function inHostSession(run) {
  const workspace = makeWorkspace(path.join(run, 'ws-host'));
  const resultsFile = path.join(run, 'host-results.json');
  const suite = path.join(ROOT, 'out/test/e2e/suite/index');
  if (!fs.existsSync(suite + '.js')) throw new Error(`${suite}.js is missing: run \`npm run compile-e2e\``);
  const server = await startServer(run, 'host', { RNN_MATH_E2E_RESULTS: resultsFile });
  try {
    return await withBrowser(async (page) => {
      const consoleLines = [];
      page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      await page.goto(workbenchUrl(server.port, workspace, { extensionDevelopmentPath: ROOT, extensionTestsPath: suite }));
      log('in-host suite started');
      const fallback = path.join(workspace, '.e2e-results.json');
      const deadline = Date.now() + 600000; // the huge-note test alone takes a minute or two
      while (Date.now() < deadline) {
        for (const f of [resultsFile, fallback]) {
          if (fs.existsSync(f)) {
            await sleep(100);
            return JSON.parse(fs.readFileSync(f, 'utf8'));
          }
        }
        await sleep(250);
      }
      const hostLog = fs.readFileSync(server.logFile, 'utf8').slice(-3000);
      throw new Error(
        `the in-host suite wrote no results in 600 s\n--- server log ---\n${hostLog}\n--- console ---\n${consoleLines.slice(-30).join('\n')}`,
      );
    });
  } finally {
    await server.stop();
  }
}

/**
 * A workbench session in headless chromium on a fresh server and a copy of examples/: the UI
 * checks (ui.test.js), then the step panel and the Markdown preview (solution.ui.js), which gets a
 * session of its own since it edits settings and reloads.
 */
async function workbenchSession(run, name, runChecks, { dev = true } = {}) {
  const workspace = makeWorkspace(path.join(run, `ws-${name}`));
  fs.mkdirSync(SHOTS, { recursive: true });
  const server = await startServer(run, name, {});
  try {
    return await withBrowser(async (page) => {
      // dev: false opens the workbench on the extensions folder alone (the installed .vsix).
      await page.goto(workbenchUrl(server.port, workspace, dev ? { extensionDevelopmentPath: ROOT } : {}));
      return runChecks({ page, workspace, shots: SHOTS, log });
    });
  } finally {
    await server.stop();
  }
}

/**
 * Packs the .vsix as a user would (`npm run package`: vscode:prepublish's production build, then
 * vsce) into the run folder, and puts the development build back in dist/ for the other suites.
 */
function packageVsix(run) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const vsix = path.join(run, `${manifest.name}-${manifest.version}.vsix`);
  try {
    execFileSync('npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'ignore' });
  }
  log(`packed ${path.basename(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} kB)`);
  return { vsix, manifest };
}

/** The installed-copy session: pack, install into a fresh extensions folder, run installed.ui.js. */
async function installedSession(run) {
  const { vsix, manifest } = packageVsix(run);
  const exts = path.join(run, 'vsix-extensions');
  const ud = path.join(run, 'vsix-userdata');
  const cli = (args) =>
    execFileSync(CS_BIN, ['--extensions-dir', exts, '--user-data-dir', ud, ...args], {
      encoding: 'utf8',
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
        XDG_DATA_HOME: path.join(run, 'xdg/data'),
        XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
      },
    });
  log(cli(['--install-extension', vsix]).trim().split('\n').pop());
  const installed = {
    dir: path.join(exts, `${manifest.publisher}.${manifest.name}-${manifest.version}`),
    version: manifest.version,
    listed: cli(['--list-extensions', '--show-versions']),
  };
  const { runInstalledUi } = require('./ui/installed.ui.js');
  return workbenchSession(run, 'vsix', (ctx) => runInstalledUi({ ...ctx, installed }), { dev: false });
}

async function main() {
  if (!fs.existsSync(CS_BIN)) throw new Error(`code-server is not installed in ${E2E_DIR}: run scripts/e2e-setup.sh`);
  if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run `npm run build`');
  fs.mkdirSync(E2E_DIR, { recursive: true });
  const run = fs.mkdtempSync(path.join(E2E_DIR, 'run-'));
  const all = [];
  const print = (kind, tests) => {
    for (const t of tests) {
      const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-';
      console.log(`  ${mark} [${kind}] ${t.title}${t.ms !== undefined ? ` (${t.ms} ms)` : ''}`);
      if (t.error)
        console.log(
          t.error
            .split('\n')
            .map((l) => `      ${l}`)
            .join('\n'),
        );
      all.push(t);
    }
  };
  try {
    if (!only.length || only.includes('host')) {
      try {
        const summary = await inHostSession(run);
        log(`in-host: ${summary.passed} passed, ${summary.failed} failed`);
        print('in-host', summary.tests);
        for (const n of summary.notes || []) console.log(`    · ${n}`);
      } catch (e) {
        print('in-host', [{ title: 'in-host session', state: 'failed', error: String((e && e.stack) || e) }]);
      }
    }
    const workbenchRuns = [
      { name: 'ui', label: 'UI', checks: () => require('./ui/ui.test.js').runUi },
      { name: 'solution', label: 'solution UI', checks: () => require('./ui/solution.ui.js').runSolutionUi },
      { name: 'themes', label: 'themes UI', checks: () => require('./ui/themes.ui.js').runThemesUi },
      { name: 'vsix', label: 'installed .vsix', session: installedSession },
    ].filter((w) => !only.length || only.includes(w.name));
    if (workbenchRuns.length) fs.rmSync(SHOTS, { recursive: true, force: true }); // only this run's screenshots
    for (const { name, label, checks, session } of workbenchRuns) {
      try {
        const tests = session ? await session(run) : await workbenchSession(run, name, checks());
        log(
          `${label}: ${tests.filter((t) => t.state === 'passed').length} passed, ${tests.filter((t) => t.state === 'failed').length} failed`,
        );
        print(name, tests);
      } catch (e) {
        print(name, [{ title: `${label} session`, state: 'failed', error: String((e && e.stack) || e) }]);
      }
    }
  } finally {
    if (!keep) fs.rmSync(run, { recursive: true, force: true });
    else log(`kept ${run}`);
  }
  const passed = all.filter((t) => t.state === 'passed').length;
  const failed = all.filter((t) => t.state === 'failed').length;
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, SHOTS)}/`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed || !passed ? 1 : 0;
}

main().catch((e) => {
  console.error((e && e.stack) || e);
  console.log('e2e: 0 passed, 1 failed');
  process.exitCode = 1;
});
