// The behaviour scripts' targets (targets.ts), bundled straight from the TypeScript sources with
// esbuild (a devDependency): no compile step, and always the sources as they are now.
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

function loadTargets() {
  const bundle = path.join(ROOT, 'out', 'behaviour', 'targets.js');
  require('esbuild').buildSync({
    absWorkingDir: ROOT,
    entryPoints: ['test/behaviour/targets.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: bundle,
    logLevel: 'error',
    external: ['katex'],
  });
  return require(bundle);
}

module.exports = { ROOT, loadTargets };
