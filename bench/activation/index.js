// Loaded by VS Code as `extensionTestsPath` (bench/lib/activation.js starts it): times
// `extension.activate()` — loading dist/extension.js and running activate() — inside the real
// extension host, and writes the figure to $RNN_MATH_BENCH_ACTIVATION.
'use strict';
const fs = require('fs');
const { performance } = require('perf_hooks');
const vscode = require('vscode');

exports.run = async function run() {
  const out = process.env.RNN_MATH_BENCH_ACTIVATION;
  const ext = vscode.extensions.getExtension('rnn-math-notes.rnn-math-notes');
  const result = { vscode: vscode.version, found: !!ext };
  if (ext) {
    result.wasActive = ext.isActive;
    const t0 = performance.now();
    await ext.activate();
    result.ms = performance.now() - t0;
  }
  if (out) fs.writeFileSync(out, JSON.stringify(result));
};
