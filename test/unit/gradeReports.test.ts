// What grading writes: the Markdown report (a reason for every mark), the HTML report (escaped),
// the gradebook CSV, the editor's diagnostics, and `rnn-math grade` itself.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './engine/helpers';
import { DIST, ensureBuiltCli } from './builtCli';
import { readNote } from '../../src/exam/gradeMatch';
import { gradeSubmission } from '../../src/exam/grade';
import { DEFAULT_SCHEME } from '../../src/exam/gradeScheme';
import { gradebookCsv, markdownReport } from '../../src/exam/gradeReport';
import { htmlReport } from '../../src/exam/gradeHtml';
import { gradingDiagnostics } from '../../src/exam/gradeEditor';

const dir = path.join(ROOT, 'test', 'fixtures', 'grade');
const text = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const graded = (key: string, sub: string, student = sub.replace(/\.md$/, '')) =>
  gradeSubmission(readNote(text(key)), readNote(text(sub)), DEFAULT_SCHEME, student);

const KEY = [
  '# Quiz',
  '',
  '```rnn',
  'h_prev = [0.3; -0.1]',
  'x = [1; 0; 2]',
  'W_h = [0.5 -0.2; 0.1 0.4]',
  'W_x = [0.1 0.2 0.3; 0.4 -0.1 0.2]',
  'b = [0.1; -0.2]',
  'h ?= [0.7487; 0.5299] {points=3}',
  '```',
  '',
];
const submission = (answer: string, extra: string[] = []) =>
  KEY.map((l) => (l.startsWith('h ?=') ? answer : l))
    .concat(extra)
    .join('\n');

describe('grading: reports', () => {
  it('the Markdown report gives every mark with its reason, under its question, and the total', () => {
    const md = markdownReport(graded('gru-key.md', 'gru-zwrite.md'), DEFAULT_SCHEME);
    assert.match(md, /^# gru-zwrite: 5\/6\n/);
    assert.ok(md.includes('## Question 1\n\n- R_t: 1/1 — correct\n'));
    assert.ok(md.includes('- H_t: 1/2 — consistent with another convention: the Colah/Chung update (z=write)'));
    assert.ok(md.includes('error carried forward earns 0.75 of them, another convention 0.5, transposed 0.5'));
  });

  it('the report names an edited given first, under "The question was changed"', () => {
    const md = markdownReport(graded('lstm-key.md', 'lstm-edited-given.md'), DEFAULT_SCHEME);
    assert.ok(md.includes('**The question was changed**'));
    assert.ok(
      md.includes(
        "- Question 1: h_{t-1} was edited: the key gives [.76; .76; .76; .76], yours is [.67; .76; .76; .76]; graded with the key's value",
      ),
    );
  });

  it('the HTML report escapes what the submission wrote and loads nothing', () => {
    const g = gradeSubmission(
      readNote(KEY.join('\n')),
      readNote(submission('h ?= [0.7487; 0.5299] # <script>alert(1)</script>')),
      DEFAULT_SCHEME,
      '<img src=x onerror=alert(1)>',
    );
    const html = htmlReport(g, DEFAULT_SCHEME);
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<script'));
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;: 3/3'));
    assert.ok(html.includes("default-src 'none'"));
  });

  it('the gradebook has a column per check, a points row, and quotes a name a spreadsheet would run', () => {
    const csv = gradebookCsv([graded('gru-key.md', 'gru-correct.md'), graded('gru-key.md', 'gru-ecf.md', '=HYPERLINK("x")')]);
    assert.strictEqual(
      csv,
      [
        'student,Question 1: R_t,Question 1: Z_t,Question 1: \\tilde{H}_t,Question 1: H_t,total,flags',
        '(points),1,1,2,2,6,',
        'gru-correct,1,1,2,2,6,0',
        `"'=HYPERLINK(""x"")",1,0.5,2,1.5,5,0`,
        '',
      ].join('\r\n'),
    );
  });
});

describe('grading: matching key and submission', () => {
  it('a fence option the student changed (z=write) is flagged, and the key’s options grade the answer', () => {
    const key = text('gru-key.md');
    const sub = text('gru-zwrite.md').replace('```gru layout=row', '```gru layout=row z=write');
    const g = gradeSubmission(readNote(key), readNote(sub), DEFAULT_SCHEME, 's');
    assert.deepStrictEqual(
      g.flags.map((f) => f.message),
      ["the fence options were edited: the key gives layout=row, yours is layout=row z=write; graded with the key's value"],
    );
    assert.strictEqual(g.answers[3].verdict, 'convention');
  });

  it('a scratch block of another kind before the answer is skipped, and said to be ungraded', () => {
    const sub = ['```lstm', 'x = [1; 2]', '```', '', submission('h ?= [0.7487; 0.5299]')].join('\n');
    const g = gradeSubmission(readNote(KEY.join('\n')), readNote(sub), DEFAULT_SCHEME, 's');
    assert.strictEqual(g.total, 3);
    assert.deepStrictEqual(g.notes, ['1 block of the submission answer no block of the key and is not graded']);
  });

  it('an answer that cannot be evaluated is wrong with the engine’s reason, not an exception', () => {
    const g = gradeSubmission(readNote(KEY.join('\n')), readNote(submission('h ?= W_q * x')), DEFAULT_SCHEME, 's');
    assert.strictEqual(g.answers[0].verdict, 'wrong');
    assert.match(g.answers[0].reason, /^your answer could not be evaluated: W_q is not defined in this block/);
  });

  it('an unclosed bracket in an answer does not swallow the key’s lines after it: wrong, saying why', () => {
    const key = KEY.join('\n').replace(
      'h ?= [0.7487; 0.5299] {points=3}',
      'h ?= [0.7487; 0.5299] {points=3}\nh ?= tanh(W_h * h_prev + W_x * x + b)',
    );
    const sub = key.replace('h ?= [0.7487; 0.5299] {points=3}', 'h ?= [0.7487; 0.5299');
    const g = gradeSubmission(readNote(key), readNote(sub), DEFAULT_SCHEME, 's');
    assert.strictEqual(g.answers[0].verdict, 'wrong');
    assert.strictEqual(
      g.answers[0].reason,
      'your answer could not be evaluated: a bracket of your answer is never closed, so it runs into the lines after it',
    );
    assert.strictEqual(g.max, 4);
  });

  it('a matrix answer written as its transpose is transposed: Wᵀ for a 2×3 W, and for a square one', () => {
    const key = KEY.join('\n').replace(
      'h ?= [0.7487; 0.5299] {points=3}',
      'W_x * 1 ?= [0.1 0.2 0.3; 0.4 -0.1 0.2]\nW_h * 2 ?= [1 -0.4; 0.2 0.8]',
    );
    const sub = key
      .replace('?= [0.1 0.2 0.3; 0.4 -0.1 0.2]', '?= [0.1 0.4; 0.2 -0.1; 0.3 0.2]')
      .replace('[1 -0.4; 0.2 0.8]', '[1 0.2; -0.4 0.8]');
    const g = gradeSubmission(readNote(key), readNote(sub), DEFAULT_SCHEME, 's');
    assert.deepStrictEqual(
      g.answers.map((a) => `${a.check}: ${a.points}/${a.max} — ${a.reason}`),
      [
        'W_x * 1: 0.5/1 — transposed: your 3×2 is the transpose of W_x * 1 (2×3)',
        'W_h * 2: 0.5/1 — transposed: your 2×2 is the transpose of W_h * 2 (2×2)',
      ],
    );
  });

  it('a submission with no block of the key’s kind is all blank, with a note', () => {
    const g = gradeSubmission(readNote(KEY.join('\n')), readNote('# my answers\n\nh = 0.7\n'), DEFAULT_SCHEME, 's');
    assert.strictEqual(g.total, 0);
    assert.deepStrictEqual(g.notes, ['Quiz: the submission has no rnn block for it; every answer is blank']);
  });
});

describe('grading: in the editor (rnnMath.grading.key)', () => {
  it('each answer of an open submission gets its verdict and points at its line: info when right, warning when not', () => {
    const ds = gradingDiagnostics(text('lstm-key.md'), text('lstm-ecf.md'));
    const c = ds.find((d) => d.message.startsWith('grading: C_t (1)'));
    assert.ok(c);
    assert.strictEqual(c.severity, 'warning');
    assert.strictEqual(
      c.message,
      'grading: C_t (1): 1.5/2 — error carried forward from i_t (your i_t = [1; 0.5; 1; 1]; with it, C_t is right)',
    );
    assert.strictEqual(c.range.start.line, 37);
    assert.strictEqual(ds.find((d) => d.message.startsWith('grading: x_t'))?.severity, 'info');
  });

  it('an edited given is a warning at the given', () => {
    const ds = gradingDiagnostics(text('gru-key.md'), text('gru-blank-edited.md'));
    const b = ds.find((d) => d.message.startsWith('grading: b_z was edited'));
    assert.strictEqual(b?.severity, 'warning');
  });

  it('a note that answers none of the key’s checks is no submission: no diagnostics', () => {
    assert.deepStrictEqual(gradingDiagnostics(text('lstm-key.md'), text('gru-correct.md')), []);
  });
});

describe('grading: rnn-math grade', () => {
  before(ensureBuiltCli);
  const run = (...args: string[]) => spawnSync(process.execPath, [DIST, 'grade', ...args], { cwd: dir, encoding: 'utf8' });

  it('prints each submission’s Markdown report', () => {
    const r = run('lstm-key.md', 'lstm-ecf.md');
    assert.strictEqual(r.status, 0);
    assert.ok(r.stdout.startsWith('# lstm-ecf: 10.25/13\n'));
    assert.ok(r.stdout.includes('- c: 1.5/2 — error carried forward from g (your g = [1; 0.76]; with it, c is right)'));
  });

  it('-o DIR writes a .md and .html report per student and gradebook.csv; --json adds grades.json', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'grade-'));
    try {
      const r = run('gru-key.md', 'gru-correct.md', 'gru-zwrite.md', '-o', out, '--json', '--convention', '0.25');
      assert.strictEqual(r.status, 0, r.stderr);
      assert.strictEqual(
        r.stdout,
        `gru-correct: 6/6\ngru-zwrite: 4.5/6\nwrote 2 reports (.md and .html) and gradebook.csv and grades.json to ${out}\n`,
      );
      assert.deepStrictEqual(fs.readdirSync(out).sort(), [
        'gradebook.csv',
        'grades.json',
        'gru-correct.html',
        'gru-correct.md',
        'gru-zwrite.html',
        'gru-zwrite.md',
      ]);
      const json = JSON.parse(fs.readFileSync(path.join(out, 'grades.json'), 'utf8'));
      assert.strictEqual(json.scheme.convention, 0.25);
      assert.strictEqual(json.students[1].answers[3].verdict, 'convention');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('a fraction outside 0…1 is a usage error, exit 2', () => {
    const r = run('gru-key.md', 'gru-correct.md', '--ecf', '1.5');
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /--ecf takes a credit fraction from 0 to 1 \(as in --ecf 0\.5\), not '1\.5'/);
  });

  it('a submission that cannot be read is said, exit 2', () => {
    const r = run('gru-key.md', 'missing.md');
    assert.strictEqual(r.status, 2);
    assert.match(r.stderr, /^rnn-math grade: cannot read missing\.md: /);
  });
});
