// `npm run package`: the .vsix, with no prompts. vsce runs vscode:prepublish (the production
// build), packs what .vscodeignore lists, and takes any other vsce option given after `--`
// (`npm run package -- --out x.vsix`).
//
// The README it packs is README.md without its screenshots: VS Code's extension page does not
// resolve a README's relative images for an installed .vsix (microsoft/vscode#43173), and with
// no repository URL there is nothing absolute to point them at, so they would show as broken
// images. When the project has a URL, add `repository` to package.json, drop this filter and
// --allow-missing-repository / --no-rewrite-relative-links, and vsce will link the images.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const withoutImages = readme.replace(/^!\[[^\]]*\]\(media\/screenshots\/[^)]+\)\n\n?/gm, '');
fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
const packed = path.join(ROOT, 'out', 'README.vsix.md');
fs.writeFileSync(packed, withoutImages);

const vsce = require.resolve('@vscode/vsce/vsce');
const args = [
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--readme-path',
  path.relative(ROOT, packed).split(path.sep).join('/'),
];
const r = spawnSync(process.execPath, [vsce, ...args, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
process.exitCode = r.status === null ? 1 : r.status;
