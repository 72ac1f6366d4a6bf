// The in-host test entry point, as @vscode/test-electron loads it (`extensionTestsPath`): runs
// every *.test.js beside it with mocha inside the extension host, prints the usual spec output,
// and writes a summary the runner reads (the host exits when run() settles). The summary goes to
// $RNN_MATH_E2E_RESULTS, else to `.e2e-results.json` in the first workspace folder.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface E2eResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly error?: string;
  readonly ms?: number;
}

export interface E2eSummary {
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  readonly tests: E2eResult[];
  readonly notes: string[];
}

/** Facts a test wants in the runner's output (timings, counts), not assertions. */
export const notes: string[] = [];

function resultsPath(): string | undefined {
  if (process.env.RNN_MATH_E2E_RESULTS) return process.env.RNN_MATH_E2E_RESULTS;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && folder.uri.scheme === 'file' ? path.join(folder.uri.fsPath, '.e2e-results.json') : undefined;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60000, reporter: 'spec' });
  // RNN_MATH_E2E_GREP=pattern runs only the matching tests (the runner passes its environment on)
  if (process.env.RNN_MATH_E2E_GREP) mocha.grep(process.env.RNN_MATH_E2E_GREP);
  const dir = __dirname;
  for (const f of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(dir, f));
  const tests: E2eResult[] = [];
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
      runner.on('fail', (t, err) => tests.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err).slice(0, 2000) }));
      runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    } catch (err) {
      reject(err);
    }
  });
  const summary: E2eSummary = {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
    notes,
  };
  const out = resultsPath();
  if (out) fs.writeFileSync(out, JSON.stringify(summary, null, 2));
  if (failures > 0) throw new Error(`${failures} in-host test(s) failed`);
}
