// Bundles bench/entry.ts like `npm run build:prod` bundles the extension (minified, node20).
'use strict';
const path = require('path');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'bench', '.build', 'engine.js');

function buildEngine() {
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'bench', 'entry.ts')],
    outfile: OUT,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    logLevel: 'error',
  });
  return require(OUT);
}

module.exports = { buildEngine, ROOT };
