// Activation time in the real VS Code the e2e tests use (code-server 1.100 + Debian chromium,
// installed by scripts/e2e-setup.sh in $E2E_DIR): starts a server with the staged extension as
// the extension under development and bench/activation as the tests entry, opens the workbench in
// headless chromium, and reads the time `extension.activate()` took in the extension host.
// Each run is a fresh server (a cold extension host). Runs in a child process (async work).
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { summarize } = require('./harness');

const E2E_DIR = process.env.E2E_DIR || '/tmp/vscode-e2e';
const CS_BIN = path.join(E2E_DIR, 'cs/node_modules/.bin/code-server');
const PW = path.join(E2E_DIR, 'cs/node_modules/playwright-core');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function measureActivation({ root, tests, runs = 3 }) {
  if (!fs.existsSync(CS_BIN) || !fs.existsSync(PW) || !fs.existsSync(CHROMIUM)) {
    return { error: 'e2e host not installed — run `npm run e2e:setup`' };
  }
  if (!root || !fs.existsSync(path.join(root, 'dist', 'extension.js'))) return { error: 'no built extension to load' };
  const r = spawnSync(process.execPath, [__filename, root, tests, String(runs)], { encoding: 'utf8', timeout: 180000 });
  try {
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    if (out.error) return out;
    return {
      result: summarize(out.ms),
      vscode: `VS Code ${out.vscode} (code-server), cold extension host, ${out.ms.length} runs`,
      raw: out,
    };
  } catch {
    return { error: `the e2e host did not report (${(r.stderr || '').trim().split('\n').slice(-2).join(' ') || 'timeout'})` };
  }
}

// ── child: one code-server per run ───────────────────────────────────────────────────────
async function child(root, tests, runs) {
  const net = require('net');
  const os = require('os');
  const { spawn } = require('child_process');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const freePort = () =>
    new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  const { chromium } = require(PW);
  const ms = [];
  let version;
  for (let i = 0; i < runs; i++) {
    const run = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-activation-'));
    const ud = path.join(run, 'userdata');
    const ws = path.join(run, 'ws');
    fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
    fs.mkdirSync(ws, { recursive: true });
    fs.mkdirSync(path.join(run, 'exts'), { recursive: true });
    fs.writeFileSync(
      path.join(ud, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
      }),
    );
    fs.writeFileSync(path.join(ud, 'config.yaml'), '');
    const result = path.join(run, 'activation.json');
    const port = await freePort();
    const server = spawn(
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
        path.join(run, 'exts'),
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
      ],
      {
        detached: true,
        stdio: 'ignore',
        env: {
          ...process.env,
          RNN_MATH_BENCH_ACTIVATION: result,
          XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
          XDG_DATA_HOME: path.join(run, 'xdg/data'),
          XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
        },
      },
    );
    const stop = async () => {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        return;
      }
      for (let k = 0; k < 30 && server.exitCode === null && server.signalCode === null; k++) await sleep(100);
      try {
        process.kill(-server.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    let browser;
    try {
      let up = false;
      for (let k = 0; k < 120 && !up; k++) {
        try {
          up = (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
        } catch {
          await sleep(250);
        }
      }
      if (!up) throw new Error('code-server did not come up');
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
      });
      const page = await browser.newPage();
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [
        ['extensionDevelopmentPath', remote(root)],
        ['extensionTestsPath', remote(tests)],
      ];
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      const deadline = Date.now() + 60000;
      while (!fs.existsSync(result) && Date.now() < deadline) await sleep(200);
      if (!fs.existsSync(result)) throw new Error('the extension host wrote no activation time in 60 s');
      await sleep(100);
      const r = JSON.parse(fs.readFileSync(result, 'utf8'));
      if (!r.found) throw new Error('the extension was not found in the host');
      if (r.wasActive) throw new Error('the extension was already active');
      ms.push(r.ms);
      version = r.vscode;
    } finally {
      if (browser) await browser.close().catch(() => {});
      await stop();
      fs.rmSync(run, { recursive: true, force: true });
    }
  }
  return { ms, vscode: version };
}

if (require.main === module) {
  child(process.argv[2], process.argv[3], Number(process.argv[4] || 3)).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => console.log(JSON.stringify({ error: String((e && e.message) || e) })),
  );
}

module.exports = { measureActivation };
