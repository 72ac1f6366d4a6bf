// The in-host suite on a desktop VS Code (downloaded by @vscode/test-electron):
// `npm run test:vscode`. CI and offline machines use `npm run test:e2e` (code-server) instead;
// both load the same compiled files from out/test/e2e/suite.
import { defineConfig } from '@vscode/test-cli';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// A fresh copy of examples/ and the e2e fixtures: the tests edit documents, never the repository's files.
const workspace = '.vscode-test/workspace';
rmSync(workspace, { recursive: true, force: true });
mkdirSync(workspace, { recursive: true });
for (const dir of ['examples', 'test/e2e/fixtures']) {
  for (const f of readdirSync(dir)) if (f.endsWith('.md')) copyFileSync(join(dir, f), join(workspace, f));
}

export default defineConfig({
  label: 'in-host',
  files: 'out/test/e2e/suite/**/*.test.js',
  version: process.env.VSCODE_VERSION ?? 'stable',
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 60000 },
});
