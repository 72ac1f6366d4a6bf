// SPEC §9: the built `rnn-math` CLI run as a process on examples/ — text format, closing line,
// exit codes, and the --json document (keys, 1-based lines, full precision, orientation).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './engine/helpers';
import { BIN, ensureBuiltCli } from './builtCli';

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonBlock {
  kind: string;
  line: number;
  endLine: number;
  layout: string;
  sizes: Record<string, number>;
  parameters: number | null;
  values: Record<string, { shape: [number, number]; value: number[][] }>;
  checks: { name: string; line: number; pass: boolean; stated: number[][] | null; computed: number[][] | null }[];
  diagnostics: { severity: string; code: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
}
interface JsonReport {
  files: { path: string; blocks: JsonBlock[] }[];
  summary: Record<string, number>;
}

describe('cli: rnn-math check (SPEC §9)', function () {
  this.timeout(120000);

  before(() => {
    // The CLI under test is the bundle `npm run build` makes; rebuild it when the sources are newer.
    ensureBuiltCli();
  });

  describe('text output on examples/', () => {
    let out: ReturnType<typeof run>;
    before(() => {
      out = run('check', 'examples/');
    });

    it('closes with 33 blocks, 97 checks: 84 passed, 13 failed, 0 errors', () => {
      const lines = out.stdout.trimEnd().split('\n');
      assert.strictEqual(lines[lines.length - 1], '33 blocks, 97 checks: 84 passed, 13 failed, 0 errors');
    });
    it('exits 1 (failed checks)', () => {
      assert.strictEqual(out.code, 1);
      assert.strictEqual(out.stderr, '');
    });
    it('reports exactly the thirteen slips, as path:line:col: severity code: message', () => {
      const lines = out.stdout.trimEnd().split('\n').slice(0, -1);
      assert.strictEqual(lines.length, 13, out.stdout);
      const at = lines.map((l) => l.split(': ')[0]);
      assert.deepStrictEqual(at, [
        path.join('examples', 'batches.md') + ':41:11',
        path.join('examples', 'coursera.md') + ':41:11',
        path.join('examples', 'elman.md') + ':42:6',
        path.join('examples', 'goodfellow.md') + ':33:12',
        path.join('examples', 'gru.md') + ':26:8',
        path.join('examples', 'keras-summary.md') + ':37:11',
        path.join('examples', 'lstm-exam.md') + ':65:6',
        path.join('examples', 'lstm-exam.md') + ':66:6',
        path.join('examples', 'output-layers.md') + ':54:8',
        path.join('examples', 'pasted-output.md') + ':109:6',
        path.join('examples', 'pytorch-state-dict.md') + ':33:6',
        path.join('examples', 'regression.md') + ':74:6',
        path.join('examples', 'stacked.md') + ':64:24',
      ]);
      for (const l of lines) assert.match(l, /^\S+:\d+:\d+: error check: check /);
    });
    it('lstm-exam 65:6: C_t element 1 is 1.1469 but computes to 1.147291', () => {
      const l = out.stdout.split('\n').find((x) => x.includes('lstm-exam.md:65:6'))!;
      assert.match(
        l,
        /error check: check c: element 1 is 1\.1469 but computes to 1\.147291 \(off by 3\.9 units in the last written digit\)/,
      );
    });
    it('lstm-exam 66:6: h_t element 2 is 0.9719 but computes to 0.972478', () => {
      const l = out.stdout.split('\n').find((x) => x.includes('lstm-exam.md:66:6'))!;
      assert.match(
        l,
        /error check: check h: element 2 is 0\.9719 but computes to 0\.972478 \(off by 5\.8 units in the last written digit\)/,
      );
    });
    it('gru.md 26:8: H_t fails with the z=write hint', () => {
      const l = out.stdout.split('\n').find((x) => x.includes('gru.md:26:8'))!;
      assert.match(l, /error check: check H_t: .*your H_t matches the Colah\/Chung update \(z=write\)/);
    });
  });

  describe('--json on examples/', () => {
    let report: JsonReport;
    let code: number | null;
    before(() => {
      const r = run('check', '--json', 'examples/');
      code = r.code;
      report = JSON.parse(r.stdout);
    });
    const fileOf = (name: string) => report.files.find((f) => f.path.endsWith(name))!;

    it('is one JSON document with files and summary; exit 1', () => {
      assert.deepStrictEqual(Object.keys(report), ['files', 'summary']);
      assert.deepStrictEqual(report.summary, { blocks: 33, checks: 97, passed: 84, failed: 13, errors: 0 });
      assert.strictEqual(code, 1);
      assert.strictEqual(report.files.length, 14);
    });
    it('each block has the SPEC §9 keys', () => {
      for (const f of report.files) {
        assert.deepStrictEqual(Object.keys(f), ['path', 'blocks']);
        for (const b of f.blocks) {
          assert.deepStrictEqual(Object.keys(b), [
            'kind',
            'line',
            'endLine',
            'layout',
            'sizes',
            'parameters',
            // Issue 14 item 5: the count by layer, as Keras' model.summary() prints it.
            'parameterLayers',
            'values',
            'checks',
            'diagnostics',
          ]);
        }
      }
    });
    it('lines count from 1 in the Markdown file (Question 2 fence at line 47, closing at 67)', () => {
      const q2 = fileOf('lstm-exam.md').blocks[1];
      assert.strictEqual(q2.kind, 'lstm');
      assert.deepStrictEqual([q2.line, q2.endLine], [47, 67]);
      assert.deepStrictEqual(q2.sizes, { H: 2, D: 2 });
      assert.strictEqual(q2.parameters, 40);
    });
    it('checks carry their 1-based line, stated and computed at full precision', () => {
      const c = fileOf('lstm-exam.md').blocks[1].checks.find((x) => x.name === 'c')!;
      assert.strictEqual(c.line, 65);
      assert.strictEqual(c.pass, false);
      assert.deepStrictEqual(c.stated, [[1.1469], [2.1363]]);
      assert.ok(Math.abs(c.computed![0][0] - 1.147291385041992) < 1e-14);
      assert.ok(String(c.computed![0][0]).length > 12, 'full float64 precision, not rounded');
    });
    it('diagnostics have 1-based line/column/endLine/endColumn', () => {
      const d = fileOf('lstm-exam.md').blocks[1].diagnostics.find((x) => x.code === 'check')!;
      assert.deepStrictEqual([d.severity, d.line, d.column, d.endLine, d.endColumn], ['error', 65, 6, 65, 22]);
    });
    it('values use canonical names at full precision', () => {
      const v = fileOf('lstm-exam.md').blocks[1].values;
      for (const n of ['h_prev', 'c_prev', 'x', 'W_c', 'b_c', 'f', 'i', 'o', 'g', 'c', 'h']) assert.ok(v[n], n);
      assert.strictEqual(v.h.value[1][0], 0.9724781137442704);
    });
    it('vectors are [n,1] in column layout', () => {
      const v = fileOf('lstm-exam.md').blocks[1].values;
      assert.deepStrictEqual(v.c.shape, [2, 1]);
      assert.strictEqual(v.c.value.length, 2);
      assert.strictEqual(fileOf('lstm-exam.md').blocks[1].layout, 'column');
    });
    it('vectors are [1,n] in row layout (gru.md)', () => {
      const b = fileOf('gru.md').blocks[0];
      assert.strictEqual(b.layout, 'row');
      assert.deepStrictEqual(b.values.h.shape, [1, 2]);
      assert.deepStrictEqual(b.values.x.value, [[1, 2]]);
      const h = b.checks.find((c) => c.name === 'h')!;
      assert.deepStrictEqual(h.stated, [[0.2284, 0.209]]);
    });
    it('the shapes-only block reports 143 parameters and its sizes', () => {
      const b = fileOf('rnn-embeddings.md').blocks[1];
      assert.strictEqual(b.parameters, 143);
      assert.deepStrictEqual(b.sizes, { V: 8, E: 6, H: 5, D: 6, T: 3 });
    });
  });

  describe('exit codes', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-cli-'));
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('0 for a clean file', () => {
      const r = run('check', 'examples/gradients.md');
      assert.strictEqual(r.code, 0);
      assert.strictEqual(r.stdout, '3 blocks, 12 checks: 12 passed, 0 failed, 0 errors\n');
    });
    it('0 for a folder of clean notes, 1 when one has an error', () => {
      const clean = path.join(dir, 'clean.md');
      fs.writeFileSync(clean, '# ok\n\n```rnn\ng = [3; 4]\nnorm(g) ?= 5\n```\n');
      const ok = run('check', dir);
      assert.strictEqual(ok.code, 0, ok.stdout + ok.stderr);
      fs.writeFileSync(path.join(dir, 'broken.md'), '```rnn\nW = [1 2; 3]\n```\n');
      const r = run('check', dir);
      assert.strictEqual(r.code, 1);
      assert.match(r.stdout, /broken\.md:2:5: error parse: ragged matrix: row 2 has 1 entry but row 1 has 2/);
      assert.match(r.stdout, /2 blocks, 1 checks: 1 passed, 0 failed, 1 errors\n$/);
    });
    it('2 for an unreadable path', () => {
      const r = run('check', path.join(dir, 'no-such-file.md'));
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /no-such-file\.md: no such file or folder/);
    });
    it('2 for a bad --tol', () => {
      const r = run('check', '--tol', 'abc', 'examples/');
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, /--tol needs an absolute \(1e-3\) or relative \(0\.1%\) tolerance, got 'abc'/);
    });
    it('2 for no path and for an unknown option', () => {
      assert.strictEqual(run('check').code, 2);
      assert.strictEqual(run('check', '--frobnicate', 'examples/').code, 2);
    });
    it('0 for --help, with the usage (every option) on stdout, as the other commands answer it', () => {
      for (const flag of ['--help', '-h']) {
        const r = run('check', flag);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(
          r.stdout,
          /^usage: rnn-math check \[--format text\|json\|sarif\|junit\|github\] \[--json\] \[--verbose\] \[--tol T\] PATH\.\.\.\n$/,
        );
      }
      assert.match(run('--help').stdout, /^usage: rnn-math check \[--format [^\n]*\[--json\] \[--verbose\]/);
    });
    it('--tol 1e-3 makes the lstm-exam slips pass', () => {
      const r = run('check', '--tol', '1e-3', 'examples/lstm-exam.md');
      assert.strictEqual(r.code, 0, r.stdout);
      assert.strictEqual(r.stdout.trimEnd().split('\n').pop(), '2 blocks, 9 checks: 9 passed, 0 failed, 0 errors');
    });
  });
});
