#!/usr/bin/env node
'use strict';
// The CLI is dist/cli.js (`npm run build`). Whatever goes wrong loading it is one line and exit 2
// (SPEC §9), never a stack trace; errors after loading are reported by dist/cli.js itself.
try {
  require('../dist/cli.js');
} catch (e) {
  const missing = e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js');
  const text = missing
    ? 'dist/cli.js is missing (run `npm run build`)'
    : String((e && e.message) || e)
        .split('\n', 1)[0]
        .slice(0, 200);
  process.stderr.write(`rnn-math: internal error: ${text}; please report it\n`);
  process.exitCode = 2;
}
