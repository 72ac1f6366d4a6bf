// `rnn-math check --format sarif|junit|github` (issue 16) run as a process: SARIF validated against
// the OASIS SARIF 2.1.0 schema (test/fixtures/sarif), JUnit read back by a JUnit parser from npm
// (junit2json), the GitHub lines matched against the workflow-command syntax.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './engine/helpers';
import { BIN, ensureBuiltCli } from './builtCli';
import { escapeData, escapeProperty } from '../../src/cli/formats/github';
import { artifactUri } from '../../src/cli/formats/sarif';
import { xmlEscape } from '../../src/cli/formats/junit';

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Ajv for JSON Schema draft-04 (the SARIF schema's dialect) with the formats it uses (uri, date-time).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS test code loading JS-only validators */
type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
function sarifValidator(): Validate {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  return ajv.compile(schema);
}

// junit2json's shapes, as far as these tests read them.
interface JFailure {
  message?: string;
  type?: string;
  inner?: string;
}
interface JCase {
  name: string;
  classname?: string;
  failure?: JFailure[];
  error?: JFailure[];
  'system-out'?: string[];
}
interface JSuite {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  testcase?: JCase[];
}
interface JRoot {
  tests: number;
  failures: number;
  errors: number;
  testsuite?: JSuite[];
}
function parseJunit(xml: string): Promise<JRoot> {
  return (require('junit2json') as { parse(xml: string): Promise<JRoot> }).parse(xml);
}
/* eslint-enable @typescript-eslint/no-require-imports */

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; defaultConfiguration: { level: string } }[] } };
    results: SarifResult[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
  }[];
}

/** A temporary folder with one note that has a warning, a parse error and a check that cannot run, in a hostile file name. */
function brokenNotes(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-ci-'));
  const file = path.join(dir, 'a,b:c%&<d>.md');
  fs.writeFileSync(file, '# Notes\n\n```lstm colour=red\nh_prev = [0.1; 0.2]\nx = [1 2\n```\n\n```gru\nh ?= [1; 2]\n```\n');
  return { dir, file };
}

const WORKFLOW_COMMAND = /^::(error|warning|notice) file=[^,:\r\n]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:\r\n]+::[^\r\n]*$/;

describe('cli: CI formats (issue 16)', function () {
  this.timeout(120000);
  let broken: { dir: string; file: string };

  before(() => {
    ensureBuiltCli();
    broken = brokenNotes();
  });
  after(() => fs.rmSync(broken.dir, { recursive: true, force: true }));

  describe('--format sarif', () => {
    let validate: Validate;
    before(() => {
      validate = sarifValidator();
    });

    it('examples/: valid SARIF 2.1.0 with the thirteen slips as check results at their line and column', () => {
      const out = run('check', '--format', 'sarif', 'examples/');
      assert.strictEqual(out.code, 1, out.stderr);
      const log = JSON.parse(out.stdout) as SarifLog;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.strictEqual(log.version, '2.1.0');
      const [runLog] = log.runs;
      assert.strictEqual(runLog.tool.driver.name, 'rnn-math');
      assert.deepStrictEqual(
        runLog.results.map((r) => {
          const { artifactLocation, region } = r.locations[0].physicalLocation;
          return `${artifactLocation.uri}:${region.startLine}:${region.startColumn} ${r.level} ${r.ruleId}`;
        }),
        [
          'examples/batches.md:41:11 error check',
          'examples/coursera.md:41:11 error check',
          'examples/elman.md:42:6 error check',
          'examples/goodfellow.md:33:12 error check',
          'examples/gru.md:26:8 error check',
          'examples/keras-summary.md:37:11 error check',
          'examples/lstm-exam.md:65:6 error check',
          'examples/lstm-exam.md:66:6 error check',
          'examples/output-layers.md:54:8 error check',
          'examples/pasted-output.md:109:6 error check',
          'examples/pytorch-state-dict.md:33:6 error check',
          'examples/regression.md:74:6 error check',
          'examples/stacked.md:64:24 error check',
        ],
      );
      assert.match(runLog.results[6].message.text, /^check c: element 1 is 1\.1469 but computes to 1\.147291/);
      assert.deepStrictEqual(
        runLog.tool.driver.rules.map((r) => r.id),
        ['check'],
      );
      assert.strictEqual(runLog.invocations[0].executionSuccessful, true);
    });

    it('errors and warnings: a rule per code, each result pointing at its rule; severity → level; hostile path as a URI', () => {
      const out = run('check', '--format=sarif', broken.dir);
      assert.strictEqual(out.code, 1, out.stderr);
      const log = JSON.parse(out.stdout) as SarifLog;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const [runLog] = log.runs;
      const rules = runLog.tool.driver.rules;
      assert.deepStrictEqual(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
      for (const r of runLog.results) assert.strictEqual(rules[r.ruleIndex].id, r.ruleId);
      const levels = Object.fromEntries(runLog.results.map((r) => [r.ruleId, r.level]));
      assert.deepStrictEqual(levels, { option: 'warning', parse: 'error', missing: 'error' });
      assert.strictEqual(rules.find((r) => r.id === 'option')!.defaultConfiguration.level, 'warning');
      const uri = runLog.results[0].locations[0].physicalLocation.artifactLocation.uri;
      assert.strictEqual(decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)), path.basename(broken.file));
      assert.match(uri, /^file:\/\/\/.*\/a,b:c%25&%3Cd%3E\.md$/);
    });

    it('--verbose adds the information notes as level note; still valid', () => {
      const log = JSON.parse(run('check', '--format', 'sarif', '--verbose', broken.dir).stdout) as SarifLog;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.ok(log.runs[0].results.some((r) => r.level === 'note'));
      // The rule of a code seen as a note and as an error takes the more severe level.
      assert.strictEqual(log.runs[0].tool.driver.rules.find((r) => r.id === 'missing')!.defaultConfiguration.level, 'error');
    });

    it('an unreadable path: exit 2, still a valid log, the problem as a tool notification', () => {
      const out = run('check', '--format', 'sarif', 'examples/gru.md', 'no/such/notes.md');
      assert.strictEqual(out.code, 2);
      assert.match(out.stderr, /no\/such\/notes\.md/);
      const log = JSON.parse(out.stdout) as SarifLog;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const inv = log.runs[0].invocations[0];
      assert.strictEqual(inv.executionSuccessful, false);
      assert.match(inv.toolExecutionNotifications[0].message.text, /no\/such\/notes\.md/);
    });

    it('no results at all is still a valid log', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-ci-'));
      try {
        fs.writeFileSync(path.join(dir, 'empty.md'), '# nothing to check\n');
        const out = run('check', '--format', 'sarif', dir);
        assert.strictEqual(out.code, 0);
        const log = JSON.parse(out.stdout) as SarifLog;
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
        assert.deepStrictEqual(log.runs[0].results, []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('the schema rejects a log without its required fields (the validator is live)', () => {
      assert.strictEqual(validate({ version: '2.1.0', runs: [{ results: [] }] }), false);
    });

    it('artifactUri: relative paths keep / and escape each part; absolute ones are file: URIs', () => {
      assert.strictEqual(artifactUri(path.join('notes', 'week 1', 'a#b.md')), 'notes/week%201/a%23b.md');
      assert.strictEqual(artifactUri('/srv/notes/x.md'), 'file:///srv/notes/x.md');
    });
  });

  describe('--format junit', () => {
    it('examples/: a testsuite per note, a testcase per check, the thirteen slips as failures with message and location', async () => {
      const out = run('check', '--format', 'junit', 'examples/');
      assert.strictEqual(out.code, 1, out.stderr);
      const report = await parseJunit(out.stdout);
      assert.deepStrictEqual([report.tests, report.failures, report.errors], [97, 13, 0]);
      const suites = report.testsuite ?? [];
      assert.deepStrictEqual(
        suites.map((s) => s.name),
        [
          'examples/batches.md',
          'examples/coursera.md',
          'examples/elman.md',
          'examples/goodfellow.md',
          'examples/gradients.md',
          'examples/gru.md',
          'examples/keras-summary.md',
          'examples/lstm-exam.md',
          'examples/output-layers.md',
          'examples/pasted-output.md',
          'examples/pytorch-state-dict.md',
          'examples/regression.md',
          'examples/rnn-embeddings.md',
          'examples/stacked.md',
        ].map((p) => p.split('/').join(path.sep)),
      );
      assert.strictEqual(
        suites.reduce((n, s) => n + s.tests, 0),
        97,
      );
      const failed = suites.flatMap((s) => (s.testcase ?? []).filter((c) => c.failure));
      assert.deepStrictEqual(
        failed.map((c) => c.name),
        [
          'line 41: check c_next',
          'line 41: check c_next',
          'line 42: check h',
          'line 33: check h^{(2)}',
          'line 26: check H_t',
          'line 37: check params',
          'line 65: check c',
          'line 66: check h',
          'line 54: check y_1',
          'line 109: check c',
          'line 33: check c',
          'line 74: check L',
          'line 64: check \\overleftarrow{H}_2',
        ],
      );
      const c = failed[6].failure![0];
      assert.strictEqual(c.type, 'check');
      assert.match(c.message!, /^check c: element 1 is 1\.1469 but computes to 1\.147291/);
      assert.match(c.inner!, /lstm-exam\.md:65:6: check c: /);
    });

    it('other diagnostics: an error as <error>, a warning as output; hostile characters survive the round trip', async () => {
      const out = run('check', '--format', 'junit', broken.dir);
      assert.strictEqual(out.code, 1, out.stderr);
      const report = await parseJunit(out.stdout);
      assert.deepStrictEqual([report.tests, report.failures, report.errors], [4, 1, 2]);
      const [suite] = report.testsuite!;
      assert.strictEqual(suite.name, broken.file);
      const byName = Object.fromEntries((suite.testcase ?? []).map((c) => [c.name, c]));
      assert.deepStrictEqual(Object.keys(byName), [
        'line 3: warning option',
        'line 5: error parse',
        'line 9: check h',
        'line 9: error missing',
      ]);
      assert.strictEqual(byName['line 5: error parse'].error![0].type, 'parse');
      assert.match(byName['line 3: warning option'][`system-out`]![0], /unknown option `colour`/);
      assert.match(byName['line 9: check h'].failure![0].message!, /cannot check h/);
    });

    it('xmlEscape: markup characters, line breaks and characters XML cannot hold', () => {
      assert.strictEqual(xmlEscape('a<b>&"c"\n\u0001\uD800'), 'a&lt;b&gt;&amp;&quot;c&quot;&#10;\uFFFD\uFFFD');
      assert.strictEqual(xmlEscape('😀'), '😀');
    });
  });

  describe('--format github', () => {
    it('examples/: one ::error workflow command per slip, then the plain summary line', () => {
      const out = run('check', '--format', 'github', 'examples/');
      assert.strictEqual(out.code, 1, out.stderr);
      const lines = out.stdout.trimEnd().split('\n');
      assert.strictEqual(lines.pop(), '33 blocks, 97 checks: 84 passed, 13 failed, 0 errors');
      assert.strictEqual(lines.length, 13);
      for (const l of lines) assert.match(l, WORKFLOW_COMMAND);
      assert.match(
        lines[6],
        /^::error file=examples\/lstm-exam\.md,line=65,col=6,endLine=65,endColumn=\d+,title=rnn-math check::check c: element 1/,
      );
    });

    it('warnings and notices; a path with , : % escaped in the property', () => {
      const lines = run('check', '--format', 'github', '--verbose', broken.dir).stdout.trimEnd().split('\n');
      lines.pop();
      for (const l of lines) assert.match(l, WORKFLOW_COMMAND);
      assert.deepStrictEqual([...new Set(lines.map((l) => l.slice(2, l.indexOf(' '))))].sort(), ['error', 'notice', 'warning']);
      assert.ok(lines[0].includes(`file=${escapeProperty(broken.file)},`));
      assert.ok(lines[0].includes('a%2Cb%3Ac%25&<d>.md'));
    });

    it('escaping per the workflow-command rules', () => {
      assert.strictEqual(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
      assert.strictEqual(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
    });
  });

  describe('the problem matcher (contributes.problemMatchers) on the text format', () => {
    interface Matcher {
      name: string;
      pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number };
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const matcher = (manifest.contributes.problemMatchers as Matcher[]).find((m) => m.name === 'rnn-math')!;

    it('reads file, line, column, severity, code and message from every diagnostic line, and skips the summary', () => {
      const out = run('check', '--verbose', 'examples/', broken.dir).stdout.trimEnd().split('\n');
      const summary = out.pop()!;
      const re = new RegExp(matcher.pattern.regexp);
      assert.strictEqual(re.exec(summary), null);
      const seen = new Set<string>();
      for (const l of out) {
        const m = re.exec(l);
        assert.ok(m, l);
        const p = matcher.pattern;
        assert.ok(fs.existsSync(path.resolve(ROOT, m[p.file])), m[p.file]);
        assert.ok(Number(m[p.line]) > 0 && Number(m[p.column]) > 0);
        assert.ok(l.endsWith(`: ${m[p.severity]} ${m[p.code]}: ${m[p.message]}`));
        seen.add(m[p.severity]);
      }
      assert.deepStrictEqual([...seen].sort(), ['error', 'info', 'warning']);
      const exam = out.map((l) => re.exec(l)!).find((m) => m[1].endsWith('lstm-exam.md'))!;
      assert.deepStrictEqual(exam.slice(2, 6), ['65', '6', 'error', 'check']);
    });
  });

  describe('--format and --json', () => {
    it('--json is --format json, byte for byte', () => {
      const a = run('check', '--json', 'examples/');
      const b = run('check', '--format', 'json', 'examples/');
      assert.strictEqual(a.stdout, b.stdout);
      assert.strictEqual(a.code, b.code);
      assert.strictEqual(JSON.parse(b.stdout).summary.checks, 97);
    });
    it('--format text is the default output', () => {
      assert.strictEqual(run('check', '--format', 'text', 'examples/').stdout, run('check', 'examples/').stdout);
    });
    it('an unknown format: exit 2 and the list of formats, no stack trace', () => {
      const out = run('check', '--format', 'xml', 'examples/');
      assert.strictEqual(out.code, 2);
      assert.strictEqual(out.stdout, '');
      assert.match(out.stderr, /^rnn-math check: --format needs one of text, json, sarif, junit, github, got 'xml'\n/);
      assert.strictEqual(run('check', '--format').code, 2);
    });
  });
});
