// The CLI outside the repository (issue 16): `npm pack` makes the package, `npm install -g
// --prefix <tmp>` installs it (offline: everything is bundled, so there is nothing to fetch), and
// the installed `rnn-math` checks a copy of examples/ in a folder that is not a clone, renders a
// page and reports in SARIF. Prints each check and `install: N passed, N failed`.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-install-'));
const results = [];
function check(title, fn) {
  try {
    fn();
    results.push({ title, ok: true });
    console.log(`  ✔ ${title}`);
  } catch (e) {
    results.push({ title, ok: false });
    console.log(
      `  ✘ ${title}\n      ${String((e && e.message) || e)
        .split('\n')
        .slice(0, 8)
        .join('\n      ')}`,
    );
  }
}

let tarball, bin, notes;
try {
  check('npm pack makes the package with bin/ and the dist/ bundles, and no dependencies', () => {
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    tarball = path.join(tmp, info.filename);
    const files = info.files.map((f) => f.path);
    for (const f of [
      'bin/rnn-math.js',
      'dist/cli.js',
      'dist/cli-render.js',
      'dist/cli-variants.js',
      'dist/markdown-it.js',
      'dist/katex.js',
      'media/solution.css',
      'media/sheet.css',
    ])
      assert.ok(files.includes(f), `${f} is not in the package: ${files.join(', ')}`);
    for (const f of files) assert.ok(!/^(src|test|node_modules|bench)\//.test(f), `${f} should not be in the package`);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(manifest.dependencies || {}), []);
    console.log(`    · ${info.filename}: ${(info.size / 1024).toFixed(0)} kB, ${files.length} files`);
  });
  check('npm install -g --prefix <tmp> installs it offline and puts rnn-math on the prefix', () => {
    const prefix = path.join(tmp, 'prefix');
    execFileSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
      cwd: tmp,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    bin = process.platform === 'win32' ? path.join(prefix, 'rnn-math.cmd') : path.join(prefix, 'bin', 'rnn-math');
    assert.ok(fs.existsSync(bin), `${bin} is missing`);
  });
  const run = (args, cwd) => spawnSync(bin, args, { cwd, encoding: 'utf8', timeout: 60000 });
  check('the installed rnn-math checks examples/ outside the repository: 13 slips, exit 1', () => {
    notes = path.join(tmp, 'course');
    fs.cpSync(path.join(ROOT, 'examples'), path.join(notes, 'examples'), { recursive: true });
    const r = run(['check', 'examples/'], notes);
    assert.strictEqual(r.stderr, '');
    assert.strictEqual(r.status, 1, r.stdout);
    const lines = r.stdout.trimEnd().split('\n');
    assert.strictEqual(lines.pop(), '33 blocks, 97 checks: 84 passed, 13 failed, 0 errors');
    assert.match(lines.join('\n'), /examples\/lstm-exam\.md:65:6: error check: check c: element 1 is 1\.1469/);
  });
  check('it runs from the installed copy, not the clone', () => {
    const real = fs.realpathSync(bin);
    assert.ok(!real.startsWith(ROOT + path.sep), `${real} is inside the repository`);
    assert.ok(fs.existsSync(path.join(path.dirname(real), '..', 'dist', 'cli.js')));
  });
  check('--format sarif and github work from the installed copy', () => {
    const sarif = JSON.parse(run(['check', '--format', 'sarif', 'examples/'], notes).stdout);
    assert.strictEqual(sarif.version, '2.1.0');
    assert.strictEqual(sarif.runs[0].results.length, 13);
    const gh = run(['check', '--format', 'github', 'examples/gru.md'], notes).stdout;
    assert.match(gh, /^::error file=examples\/gru\.md,line=26,col=8,/);
  });
  check('render writes a standalone page with its fonts inlined', () => {
    const out = path.join(notes, 'exam.html');
    const r = run(['render', 'examples/lstm-exam.md', '-o', out], notes);
    assert.strictEqual(r.status, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /class="katex"/);
    assert.match(html, /font\/woff2;base64,/);
  });
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const passed = results.filter((r) => r.ok).length;
console.log(`install: ${passed} passed, ${results.length - passed} failed`);
process.exitCode = passed === results.length ? 0 : 1;
