// A copy of the extension as a web-only extension: package.json without `main` (so only the
// web worker extension host can run it: the Node host needs `main`), dist/web/ and the static
// files the manifest points at. Nothing else from the source tree (no dist/extension.js, no
// node_modules), so the test fails if the web bundle needs any of them.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const STATIC = ['media', 'syntaxes', 'snippets'];

function makeWebExtension(dest) {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error('package.json has no `browser` entry');
  const bundle = path.join(ROOT, manifest.browser);
  if (!fs.existsSync(bundle)) throw new Error(`${manifest.browser} is missing: run \`npm run build\``);
  delete manifest.main;
  delete manifest.scripts; // a copy to run, not to build
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.cpSync(path.dirname(bundle), path.join(dest, path.dirname(manifest.browser)), { recursive: true });
  for (const dir of STATIC) fs.cpSync(path.join(ROOT, dir), path.join(dest, dir), { recursive: true });
  return { dest, manifest };
}

module.exports = { makeWebExtension, ROOT };
