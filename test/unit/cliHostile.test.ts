// Issue 12, the CLI's rows: hostile notes and paths given to the built `rnn-math` (a process,
// like test/unit/cli.test.ts). Exit codes per SPEC §9, never a stack trace, the exact messages.
// Each hostile input is far past what the old code answered within mocha's timeout (or made it
// print a wrong result); the new code answers in milliseconds. No timing assertions.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './engine/helpers';
import { BIN, ensureBuiltCli } from './builtCli';
import { analyzeDocument } from '../../src/markdown/document';
import { safeKatex } from '../../src/markdown/solution/math';

const STACK = /at .*\(.*:\d+:\d+\)/;
const POSIX = process.platform !== 'win32';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: { cwd?: string; node?: string[]; bin?: string } = {}): Run {
  const r = spawnSync(process.execPath, [...(options.node ?? []), options.bin ?? BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 60000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function noStack(r: Run): void {
  assert.ok(!STACK.test(r.stderr), `a stack trace on stderr:\n${r.stderr.slice(0, 2000)}`);
  assert.ok(!STACK.test(r.stdout), 'a stack trace on stdout');
}

function titleOf(html: string): string {
  const a = html.indexOf('<title>');
  return html.slice(a + '<title>'.length, html.indexOf('</title>', a));
}

describe('cli: hostile notes and paths (issue 12)', function () {
  this.timeout(120000);
  let dir: string;

  before(() => {
    ensureBuiltCli();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-hostile-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string | Buffer): string => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
    return p;
  };
  const render = (notes: string, out: string): { r: Run; html: string } => {
    const r = run(['render', notes, '-o', out]);
    return { r, html: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '' };
  };

  describe('row 4: the tolerance given to --tol', () => {
    it('--tol of 60,000 digits and x is a usage error quoting 24 characters of it, exit 2', () => {
      const note = write('tol.md', '```rnn\nx = [1; 2]\n```\n');
      const r = run(['check', '--tol', `${'1'.repeat(60000)}x`, note]);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(
        r.stderr.split('\n')[0],
        `rnn-math check: --tol needs an absolute (1e-3) or relative (0.1%) tolerance, got '${'1'.repeat(23)}…'`,
      );
      noStack(r);
    });
  });

  describe('row 5: the page title', () => {
    it('a heading `# a`, 100,000 spaces and `b` titles the page `a…` at once', () => {
      const { r, html } = render(write('spaces.md', `# a${' '.repeat(100000)}b\n`), path.join(dir, 'spaces.html'));
      assert.strictEqual(r.code, 0, r.stderr);
      noStack(r);
      assert.strictEqual(titleOf(html), 'a…');
    });
    it('a heading of 200,000 characters is cut to 200 characters and …', () => {
      const { r, html } = render(write('long-title.md', `# ${'x'.repeat(200000)} #\n\ntext\n`), path.join(dir, 'long-title.html'));
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(titleOf(html), `${'x'.repeat(200)}…`);
    });
    it('a heading of 100,000 hashes and 100,000 tabs and spaces (no text) falls back to the file name', () => {
      const { r, html } = render(write('hashes.md', `# ${'#'.repeat(100000)}${' \t'.repeat(50000)}\n`), path.join(dir, 'hashes.html'));
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(titleOf(html), 'hashes.md');
    });
    it('an ordinary title keeps its text without the closing hashes; a surrogate pair is never cut', () => {
      assert.strictEqual(titleOf(render(write('plain.md', '  # LSTM — gates ##  \n'), path.join(dir, 'plain.html')).html), 'LSTM — gates');
      const emoji = render(write('emoji.md', `# ${'😀'.repeat(300)}\n`), path.join(dir, 'emoji.html')).html;
      assert.strictEqual(titleOf(emoji), `${'😀'.repeat(200)}…`);
    });
  });

  describe('row 6: check --json never dies', () => {
    // 24 notes, each a 900×1000 outer product (900,000 elements: legal in one block) of long
    // decimals: as one pretty-printed string, far past V8's longest string.
    const NOTE = "```rnn\na = (onehot(1, 900) + 1) / 3\nb = onehot(1, 1000) + 1\nP = a * b'\n```\n";

    it('24 notes with a 900×1000 value each: one JSON document, shapes kept, values omitted with a flag, exit 0', () => {
      for (let k = 0; k < 24; k++) write(path.join('big', `n${String(k).padStart(2, '0')}.md`), NOTE);
      const r = run(['check', '--json', path.join(dir, 'big')]);
      noStack(r);
      assert.strictEqual(r.stderr, '');
      assert.strictEqual(r.code, 0);
      const report = JSON.parse(r.stdout);
      assert.strictEqual(report.files.length, 24);
      assert.deepStrictEqual(report.summary, { blocks: 24, checks: 0, passed: 0, failed: 0, errors: 0 });
      for (const f of report.files) {
        assert.deepStrictEqual(f.blocks[0].values.P, {
          shape: [900, 1000],
          omitted: 'too large (900,000 elements; --json prints values of at most 10,000)',
        });
        assert.deepStrictEqual(f.blocks[0].values.b.shape, [1000, 1]);
        assert.strictEqual(f.blocks[0].values.b.value[0][0], 2);
      }
    });
    it('values of 10,000 elements are printed, 10,100 are summarised; a check’s stated and computed too', () => {
      const note = write(
        'edge.md',
        "```rnn\nQ = onehot(1, 100) * onehot(1, 100)'\nR = onehot(1, 101) * onehot(1, 100)'\nS = R + 0\nS ?= onehot(2, 101) * onehot(1, 100)'\n```\n",
      );
      const r = run(['check', '--json', note]);
      noStack(r);
      assert.strictEqual(r.code, 1, r.stdout + r.stderr);
      const b = JSON.parse(r.stdout).files[0].blocks[0];
      assert.deepStrictEqual(b.values.Q.shape, [100, 100]);
      assert.strictEqual(b.values.Q.value.length, 100);
      assert.deepStrictEqual([b.values.Q.value[0][0], b.values.Q.value[0][1]], [1, 0]);
      const omitted = { shape: [101, 100], omitted: 'too large (10,100 elements; --json prints values of at most 10,000)' };
      assert.deepStrictEqual(b.values.R, omitted);
      assert.deepStrictEqual(b.values.S, omitted);
      const c = b.checks[0];
      assert.strictEqual(c.pass, false);
      assert.deepStrictEqual(c.stated, omitted);
      assert.deepStrictEqual(c.computed, omitted);
    });
    it('check --json piped into a reader that stops early ends without an error', function () {
      const r = spawnSync(
        'sh',
        [
          '-c',
          `"${process.execPath}" "${BIN}" check --json "${path.join(dir, 'big')}" "${path.join(ROOT, 'examples')}" | head -c 100 >/dev/null`,
        ],
        { encoding: 'utf8', timeout: 60000 },
      );
      if (r.error) this.skip();
      assert.strictEqual(r.stderr, '');
    });
  });

  describe('an internal error is one line, never a stack trace (SPEC §9)', () => {
    it('an error thrown anywhere in a command: `rnn-math: internal error: …; please report it`, exit 2', () => {
      const boom = write('boom.js', "process.stdout.write = () => { throw new TypeError('boom\\n  second line'); };\n");
      const r = run(['check', path.join(ROOT, 'examples', 'gradients.md')], { node: ['--require', boom] });
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, 'rnn-math: internal error: TypeError: boom; please report it\n');
    });
    it('bin/rnn-math.js without its dist/cli.js: one line, exit 2', () => {
      const bin = write(path.join('nodist', 'bin', 'rnn-math.js'), fs.readFileSync(BIN));
      const r = run(['check', 'x.md'], { bin });
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, 'rnn-math: internal error: dist/cli.js is missing (run `npm run build`); please report it\n');
    });
  });

  describe('row 9: a byte order mark', () => {
    const BOM = '\uFEFF';
    it('a note starting with a BOM and a fence on line 1 is checked, at the right lines and columns', () => {
      const note = write('bom.md', `${BOM}\`\`\`rnn layout=diagonal\ng = [3; 4]\nnorm(g) ?= 6\n\`\`\`\n`);
      const r = run(['check', note]);
      noStack(r);
      assert.strictEqual(r.code, 1);
      assert.strictEqual(
        r.stdout,
        [
          `${note}:1:8: warning option: \`layout=diagonal\` is not valid; use column (W·v) or row (v·W)`,
          `${note}:3:12: error check: check norm(g): element 1 is 6 but computes to 5 (off by 1 unit in the last written digit)`,
          '1 blocks, 1 checks: 0 passed, 1 failed, 0 errors',
          '',
        ].join('\n'),
      );
    });
    it('block finding strips the BOM for every caller: one block at line 1, its fence range without the BOM', () => {
      const doc = analyzeDocument(`${BOM}\`\`\`rnn\nx = [1]\n\`\`\`\n`);
      assert.strictEqual(doc.blocks.length, 1);
      const b = doc.blocks[0].block;
      assert.deepStrictEqual(
        [b.fenceRange.start, b.fenceRange.end],
        [
          { line: 0, character: 0 },
          { line: 0, character: 6 },
        ],
      );
      assert.strictEqual(b.raw, '```rnn\nx = [1]\n```');
    });
    it('render of a note with a BOM shows its card and takes its title from line 1', () => {
      const { r, html } = render(
        write('bom-render.md', `${BOM}# Title\n\n\`\`\`rnn\nx = [1]\n\`\`\`\n`),
        path.join(dir, 'bom-render.html'),
      );
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, /\(1 block\)/);
      assert.strictEqual(titleOf(html), 'Title');
    });
  });

  describe('row 10: only regular files are read', () => {
    it('check on a FIFO is a usage error naming it, exit 2 (never opened)', function () {
      if (!POSIX) this.skip();
      const fifo = path.join(dir, 'pipe.md');
      execFileSync('mkfifo', [fifo]);
      const r = run(['check', fifo]);
      noStack(r);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, `rnn-math: ${fifo}: not a regular file (a named pipe); only Markdown files and folders are read\n`);
      const rr = run(['render', fifo, '-o', path.join(dir, 'pipe.html')]);
      assert.strictEqual(rr.code, 2);
      assert.strictEqual(
        rr.stderr,
        `rnn-math render: cannot read ${fifo}: not a regular file (a named pipe); only Markdown files are read\n`,
      );
    });
    it('check on /dev/zero is a usage error naming it, exit 2 (not read)', function () {
      if (!fs.existsSync('/dev/zero')) this.skip();
      const r = run(['check', '/dev/zero']);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(
        r.stderr,
        'rnn-math: /dev/zero: not a regular file (a character device); only Markdown files and folders are read\n',
      );
    });
    it('a FIFO named .md inside a folder is skipped with a warning; the other notes are checked', function () {
      if (!POSIX) this.skip();
      const folder = path.join(dir, 'with-fifo');
      write(path.join('with-fifo', 'a.md'), '```rnn\ng = [3; 4]\nnorm(g) ?= 5\n```\n');
      execFileSync('mkfifo', [path.join(folder, 'b.md')]);
      const r = run(['check', folder]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(r.stderr, `rnn-math: warning: ${path.join(folder, 'b.md')}: a named pipe, not a regular file; skipped\n`);
      assert.strictEqual(r.stdout, '1 blocks, 1 checks: 1 passed, 0 failed, 0 errors\n');
    });
    it('symlinked .md files and folders are followed, a loop is walked once, a broken .md link is an error', function () {
      if (!POSIX) this.skip();
      const real = write(path.join('real', 'note.md'), '```rnn\ng = [3; 4]\nnorm(g) ?= 6\n```\n');
      const folder = path.join(dir, 'links');
      fs.mkdirSync(folder);
      fs.symlinkSync(real, path.join(folder, 'linked.md'));
      fs.symlinkSync(path.join(dir, 'real'), path.join(folder, 'sub'));
      fs.symlinkSync(folder, path.join(folder, 'loop'));
      const ok = run(['check', folder]);
      noStack(ok);
      assert.strictEqual(ok.code, 1, ok.stderr);
      assert.strictEqual(ok.stderr, '');
      // The note once (by its real path), under the first name it was found by.
      assert.strictEqual(
        ok.stdout,
        `${path.join(folder, 'linked.md')}:3:12: error check: check norm(g): element 1 is 6 but computes to 5 (off by 1 unit in the last written digit)\n` +
          '1 blocks, 1 checks: 0 passed, 1 failed, 0 errors\n',
      );
      fs.symlinkSync(path.join(dir, 'no-such.md'), path.join(folder, 'broken.md'));
      const broken = run(['check', folder]);
      assert.strictEqual(broken.code, 2);
      assert.strictEqual(broken.stderr, `rnn-math: ${path.join(folder, 'broken.md')}: a broken symbolic link\n`);
      const named = run(['check', path.join(folder, 'broken.md')]);
      assert.strictEqual(named.code, 2);
      assert.strictEqual(named.stderr, `rnn-math: ${path.join(folder, 'broken.md')}: a broken symbolic link\n`);
    });
    it('a note over 50 MB is refused with a clear message, not read, exit 2', () => {
      const big = path.join(dir, 'huge.md');
      const fd = fs.openSync(big, 'w');
      fs.ftruncateSync(fd, 51 * 1024 * 1024);
      fs.closeSync(fd);
      const r = run(['check', big]);
      noStack(r);
      assert.strictEqual(r.code, 2);
      assert.strictEqual(r.stderr, `rnn-math: ${big}: 51.0 MB is more than a note may have (50 MB); not read\n`);
      assert.strictEqual(r.stdout, '0 blocks, 0 checks: 0 passed, 0 failed, 0 errors\n');
    });
  });

  describe('row 11: render never writes over a note', () => {
    const NOTE = '# Keep me\n\n```rnn\ng = [3; 4]\nnorm(g) ?= 5\n```\n';
    it('render x.md -o x.md (also ./x.md, a symlink to it, a hard link to it) is refused, exit 2, the note unchanged', function () {
      const note = write(path.join('own', 'x.md'), NOTE);
      const own = path.join(dir, 'own');
      const outs = ['x.md', './x.md', path.join(own, 'x.md')];
      if (POSIX) {
        fs.symlinkSync('x.md', path.join(own, 'link.html'));
        fs.linkSync(note, path.join(own, 'hard.html'));
        outs.push('link.html', 'hard.html');
      }
      for (const out of outs) {
        const r = run(['render', 'x.md', '-o', out], { cwd: own });
        noStack(r);
        assert.strictEqual(r.code, 2, out);
        assert.match(r.stderr, /^rnn-math render: refusing to write the page (to|over) /, out);
        const line = r.stderr.split('\n')[0];
        assert.ok(line.includes(` ${out}: `) || line.endsWith('over its own notes x.md (give -o NAME.html)'), line);
        assert.strictEqual(fs.readFileSync(note, 'utf8'), NOTE, out);
      }
      const txt = write(path.join('own', 'notes.txt'), NOTE);
      const self = run(['render', txt, '-o', txt]);
      assert.strictEqual(self.code, 2);
      assert.strictEqual(
        self.stderr.split('\n')[0],
        `rnn-math render: refusing to write the page over its own notes ${txt} (give -o NAME.html)`,
      );
      assert.strictEqual(fs.readFileSync(txt, 'utf8'), NOTE);
    });
    it('render refuses any .md or .markdown output, exit 2', () => {
      const note = write(path.join('md-out', 'x.md'), NOTE);
      const other = write(path.join('md-out', 'other.MD'), 'other');
      for (const out of [other, path.join(dir, 'md-out', 'new.markdown')]) {
        const r = run(['render', note, '-o', out]);
        assert.strictEqual(r.code, 2);
        assert.strictEqual(
          r.stderr.split('\n')[0],
          `rnn-math render: refusing to write the page to ${out}: it is a Markdown file (give -o NAME.html)`,
        );
      }
      assert.strictEqual(fs.readFileSync(other, 'utf8'), 'other');
      assert.ok(!fs.existsSync(path.join(dir, 'md-out', 'new.markdown')));
    });
  });

  describe('row 13: formulas sent to KaTeX are bounded', () => {
    it('a 300 kB $…$ formula in prose is shown as escaped source with a short note', () => {
      const { r, html } = render(write('formula.md', `Text $${'x+'.repeat(150000)}<b>$ end\n`), path.join(dir, 'formula.html'));
      assert.strictEqual(r.code, 0, r.stderr);
      assert.ok(
        html.includes(
          `<code class="rnn-math-source">${'x+'.repeat(150000)}&lt;b&gt;</code> <span class="rnn-math-error">(formula not typeset: 300,003 characters, more than 4,000)</span>`,
        ),
      );
      assert.ok(!html.includes('class="katex"'));
    });
    it('past 50,000 characters of formulas on one page, the rest are shown as source', () => {
      const formula = 'a+'.repeat(1999) + 'a'; // 3,999 characters
      const text = Array.from({ length: 60 }, (_, k) => `Formula ${k}: $${formula}$`).join('\n\n') + '\n';
      const { r, html } = render(write('many.md', text), path.join(dir, 'many.html'));
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual((html.match(/<span class="katex">/g) ?? []).length, 12);
      assert.strictEqual((html.match(/the most one page typesets is 50,000\)/g) ?? []).length, 48);
    });
    it('safeKatex never throws: 20,000 nested braces are shown as source, not a RangeError', () => {
      const out = safeKatex.renderToString('{'.repeat(10000) + '}'.repeat(10000), {});
      assert.match(
        out,
        /^<code class="rnn-math-source">\{{10000}\}{10000}<\/code> <span class="rnn-math-error">\(formula not typeset: 20,000 characters, more than 4,000\)<\/span>$/,
      );
    });
  });
  describe('a quantity of a late step asked for first', () => {
    it('z_900 in a single-step GRU block is answered, not a stack overflow, on a 250 kB stack', () => {
      // Solving z_900 reads h_899, which reads h_898, …: the steps are unrolled in a loop, so the
      // verdict does not depend on the stack (it was `internal error … Maximum call stack size exceeded`).
      const note = path.join(dir, 'late-step.md');
      fs.writeFileSync(
        note,
        [
          '```gru',
          'x = [1; 2]',
          'h_prev = [0.5; -0.5]',
          'W_r = [0.1 0.2 0.3 0.4; 0.3 0.4 0.5 0.6]',
          'W_z = [0.1 0.2 0.3 0.4; 0.3 0.4 0.5 0.6]',
          'W_h = [0.1 0.2 0.3 0.4; 0.3 0.4 0.5 0.6]',
          'z_900 ?= [0.5; 0.5]',
          '```',
          '',
        ].join('\n'),
      );
      const r = run(['check', note], { node: ['--stack-size=250'] });
      noStack(r);
      assert.strictEqual(r.code, 1);
      assert.match(r.stdout, /late-step\.md:7:1: error missing: cannot check z_900: it is not computed — give x_900, x_899, /);
      assert.doesNotMatch(r.stdout, /internal error/);
    });
  });
});
