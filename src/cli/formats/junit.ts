// `--format junit`: JUnit XML for CI test reports (GitLab's junit report, Jenkins, Azure
// Pipelines, GitHub test-report actions). A <testsuite> per note; a <testcase> per check (a
// <failure> when it fails) and per other diagnostic shown (an <error> for an error, the message
// as <system-out> for a warning or note), each named by its line and carrying file and line.
//
// The root's totals come first in the document, so the suites (a few lines per check, never the
// values) are kept until the last note is in, then written one by one.
import type { AnalyzedBlock } from '../../markdown/document';
import type { BlockDiagnostic, CheckResult } from '../../engine/types';
import type { FileReport, Summary } from '../check';
import { place } from './location';
import { shown, type ReportWriter } from './writer';

/** Text for XML content and attribute values; characters XML 1.0 cannot hold become U+FFFD. */
export function xmlEscape(s: string): string {
  return s
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

const attr = (name: string, value: string | number) => ` ${name}="${xmlEscape(String(value))}"`;

interface Case {
  readonly xml: string;
  readonly failure: boolean;
  readonly error: boolean;
}

/** The diagnostic that says why a check failed: its own `check` one, else one inside its statement. */
function reasonOf(c: CheckResult, diagnostics: readonly BlockDiagnostic[]): BlockDiagnostic | undefined {
  const within = (d: BlockDiagnostic) =>
    d.range.start.line >= c.range.start.line &&
    d.range.end.line <= c.range.end.line &&
    (d.range.start.line > c.range.start.line || d.range.start.character >= c.range.start.character);
  return diagnostics.find((d) => d.code === 'check' && within(d)) ?? diagnostics.find((d) => d.severity === 'error' && within(d));
}

function blockCases(path: string, { block, analysis }: AnalyzedBlock, verbose: boolean): Case[] {
  const cases: Case[] = [];
  const head = (name: string, line: number) =>
    `    <testcase${attr('classname', path)}${attr('name', name)}${attr('file', path)}${attr('line', line)}`;
  for (const c of analysis.checks) {
    const p = place(block, c.range);
    const name = `line ${p.line}: check ${c.written}`;
    if (c.pass) {
      cases.push({ xml: `${head(name, p.line)}/>\n`, failure: false, error: false });
      continue;
    }
    const reason = reasonOf(c, analysis.diagnostics);
    const at = reason ? place(block, reason.range) : p;
    const message = reason?.message ?? `check ${c.written} could not be evaluated`;
    const body = `${path}:${at.line}:${at.column}: ${message}`;
    cases.push({
      xml: `${head(name, p.line)}>\n      <failure${attr('message', message)}${attr('type', 'check')}>${xmlEscape(body)}</failure>\n    </testcase>\n`,
      failure: true,
      error: false,
    });
  }
  for (const d of analysis.diagnostics) {
    if (d.code === 'check' || !shown(d.severity, verbose)) continue;
    const p = place(block, d.range);
    const name = `line ${p.line}: ${d.severity} ${d.code}`;
    const body = xmlEscape(`${path}:${p.line}:${p.column}: ${d.severity} ${d.code}: ${d.message}`);
    const inner =
      d.severity === 'error'
        ? `<error${attr('message', d.message)}${attr('type', d.code)}>${body}</error>`
        : `<system-out>${body}</system-out>`;
    cases.push({ xml: `${head(name, p.line)}>\n      ${inner}\n    </testcase>\n`, failure: false, error: d.severity === 'error' });
  }
  return cases;
}

/** One note's <testsuite> and its counts. */
export function junitSuite(r: FileReport, verbose: boolean): { xml: string; tests: number; failures: number; errors: number } {
  const cases = r.blocks.flatMap((b) => blockCases(r.path, b, verbose));
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const open = `  <testsuite${attr('name', r.path)}${attr('tests', cases.length)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', 0)}${attr('file', r.path)}`;
  const xml = cases.length ? `${open}>\n${cases.map((c) => c.xml).join('')}  </testsuite>\n` : `${open}/>\n`;
  return { xml, tests: cases.length, failures, errors };
}

export function junitWriter(verbose: boolean): ReportWriter {
  const suites: string[] = [];
  let tests = 0,
    failures = 0,
    errors = 0;
  return {
    begin: () => [],
    file(r) {
      const s = junitSuite(r, verbose);
      suites.push(s.xml);
      tests += s.tests;
      failures += s.failures;
      errors += s.errors;
      return [];
    },
    *end(_summary: Summary) {
      yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attr('name', 'rnn-math check')}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}>\n`;
      yield* suites;
      yield '</testsuites>\n';
    },
  };
}
