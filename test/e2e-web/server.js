// A code-server for the web e2e suite: a free 127.0.0.1 port, auth, telemetry, updates and
// workspace trust off, user data and XDG folders in the run folder, `setsid`-style process
// group so `stop()` ends the whole tree. Adapted from test/e2e/runner.js (which exports nothing),
// with the settings this suite needs passed in.
'use strict';
const fs = require('fs');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const E2E_DIR = process.env.E2E_DIR || '/tmp/vscode-e2e';
const CS_BIN = path.join(E2E_DIR, 'cs/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

const BASE_SETTINGS = {
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
};

async function startServer(run, name, settings = {}) {
  if (!fs.existsSync(CS_BIN)) throw new Error(`code-server is not installed in ${E2E_DIR}: run scripts/e2e-setup.sh`);
  const port = await freePort();
  const ud = path.join(run, `${name}-userdata`);
  const exts = path.join(run, `${name}-extensions`);
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(exts, { recursive: true });
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  fs.writeFileSync(path.join(ud, 'config.yaml'), '');
  const logFile = path.join(run, `${name}-server.log`);
  const out = fs.openSync(logFile, 'w');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
    XDG_DATA_HOME: path.join(run, 'xdg/data'),
    XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
  };
  const args = ['--config', path.join(ud, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`];
  args.push('--user-data-dir', ud, '--extensions-dir', exts, '--disable-telemetry', '--disable-update-check');
  args.push('--disable-workspace-trust', '--disable-getting-started-override');
  const child = spawn(CS_BIN, args, { detached: true, stdio: ['ignore', out, out], env });
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
      if (res.ok) return { port, stop, logFile, userData: ud };
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  await stop();
  throw new Error('code-server did not come up in 30 s');
}

/** The workbench on `folder`, with the extension under development at `extensionPath`. */
function workbenchUrl(port, folder, extensionPath) {
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extensionPath}`]];
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
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

module.exports = { E2E_DIR, startServer, workbenchUrl, withBrowser, sleep };
