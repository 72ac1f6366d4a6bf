// `rnn-math check [--format F] [--tol T] PATH…`: verifies every block of the notes (SPEC §9) and
// reports in one of the formats of src/cli/formats (text, JSON, SARIF, JUnit, GitHub commands).
import { analyzeBlock } from '../engine/analyze';
import { findBlocks, splitLines } from '../markdown/blocks';
import type { AnalyzedBlock } from '../markdown/document';
import { quoteValue } from '../engine/parse/options';
import { parseTolerance } from '../engine/parse/tolerance';
import { toRows } from '../engine/matrix';
import type { AnalysisSettings, BlockAnalysis, Matrix, Tolerance } from '../engine/types';
import { collectFiles, readNote } from './files';
import { Sink } from './output';
import { FORMATS, summaryLine, type Format, type ReportWriter } from './formats/writer';
import { jsonPieces } from './formats/jsonText';
import { githubWriter } from './formats/github';
import { junitWriter } from './formats/junit';
import { sarifWriter } from './formats/sarif';
import { parsedOrUsage } from './usage';

export { collectFiles } from './files';
export { jsonPieces, stringifyJson } from './formats/jsonText';
export { summaryLine } from './formats/writer';

export interface CheckOptions {
  readonly format: Format;
  readonly verbose: boolean;
  readonly tolerance?: Tolerance;
  readonly paths: readonly string[];
}

export const CHECK_USAGE = `usage: rnn-math check [--format ${FORMATS.join('|')}] [--json] [--verbose] [--tol T] PATH...`;

export function parseCheckArgs(args: readonly string[]): CheckOptions | string {
  let format: Format = 'text',
    verbose = false;
  let tolerance: Tolerance | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') format = 'json';
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args[++i] : a.slice(9);
      if (!(FORMATS as readonly string[]).includes(v ?? ''))
        return `--format needs one of ${FORMATS.join(', ')}, got ${v === undefined ? 'nothing' : `'${quoteValue(v)}'`}`;
      format = v as Format;
    } else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--tol' || a.startsWith('--tol=')) {
      const v = a === '--tol' ? args[++i] : a.slice(6);
      const t = v === undefined ? undefined : parseTolerance(v);
      if (!t)
        return `--tol needs an absolute (1e-3) or relative (0.1%) tolerance, got ${v === undefined ? 'nothing' : `'${quoteValue(v)}'`}`;
      tolerance = t;
    } else if (a === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
    else paths.push(a);
  }
  if (!paths.length) return 'give at least one Markdown file or folder';
  return { format, verbose, tolerance, paths };
}

/** A file's blocks: each analysis counts lines from its block's fence (`block.line`). */
export interface FileReport {
  readonly path: string;
  readonly blocks: readonly AnalyzedBlock[];
}

export interface Summary {
  blocks: number;
  checks: number;
  passed: number;
  failed: number;
  errors: number;
}

export function summarize(reports: readonly FileReport[]): Summary {
  const s: Summary = { blocks: 0, checks: 0, passed: 0, failed: 0, errors: 0 };
  for (const r of reports) {
    for (const { analysis: b } of r.blocks) {
      s.blocks++;
      // A check that could not be evaluated is counted once: as the error its diagnostic is.
      for (const c of b.checks) {
        if (c.error) continue;
        s.checks++;
        if (c.pass) s.passed++;
        else s.failed++;
      }
      for (const d of b.diagnostics) if (d.severity === 'error' && d.code !== 'check') s.errors++;
    }
  }
  return s;
}

/** One file's diagnostic lines, `path:line:col: severity code: message`, each ending in a line break. */
export function formatFileText(r: FileReport, verbose: boolean): string {
  let out = '';
  for (const { block, analysis } of r.blocks) {
    for (const d of analysis.diagnostics) {
      if (d.severity === 'info' && !verbose) continue;
      out += `${r.path}:${block.line + d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`;
    }
  }
  return out;
}

/** Values with more elements than this are summarised in --json: shape kept, value omitted. */
export const MAX_JSON_ELEMENTS = 10_000;

/** A value too large to print: its shape and why its numbers are left out. */
export interface OmittedValue {
  readonly shape: [number, number];
  readonly omitted: string;
}

function omittedReason(m: Matrix): string {
  return `too large (${(m.rows * m.cols).toLocaleString('en-US')} elements; --json prints values of at most ${MAX_JSON_ELEMENTS.toLocaleString('en-US')})`;
}

/** A `values` entry: shape and rows, or shape and `omitted` past MAX_JSON_ELEMENTS. */
function valueJson(m: Matrix): { shape: [number, number]; value: number[][] } | OmittedValue {
  const shape: [number, number] = [m.rows, m.cols];
  return m.rows * m.cols > MAX_JSON_ELEMENTS ? { shape, omitted: omittedReason(m) } : { shape, value: toRows(m) };
}

/** A check's `stated` / `computed`: rows, null, or `{ shape, omitted }` past MAX_JSON_ELEMENTS. */
function checkValueJson(m: Matrix | undefined): number[][] | OmittedValue | null {
  if (!m) return null;
  return m.rows * m.cols > MAX_JSON_ELEMENTS ? { shape: [m.rows, m.cols], omitted: omittedReason(m) } : toRows(m);
}

/** One block in --json; its line numbers are the document's, counted from 1. */
function blockJson({ block, analysis: b }: AnalyzedBlock): unknown {
  const first = block.line + 1;
  return {
    kind: b.kind,
    line: first + b.range.start.line,
    endLine: first + b.range.end.line,
    layout: b.options.layout,
    sizes: blockSizes(b),
    parameters: b.parameters?.total ?? null,
    parameterLayers: b.parameters?.layers ?? null,
    values: Object.fromEntries(b.quantities.map((q) => [q.name, valueJson(q.value)])),
    checks: b.checks.map((c) => ({
      name: c.name,
      line: first + c.range.start.line,
      pass: c.pass,
      ...(c.error ? { error: true } : {}),
      stated: checkValueJson(c.stated),
      computed: checkValueJson(c.computed),
    })),
    diagnostics: b.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      line: first + d.range.start.line,
      column: d.range.start.character + 1,
      endLine: first + d.range.end.line,
      endColumn: d.range.end.character + 1,
      message: d.message,
    })),
  };
}

export function toJson(reports: readonly FileReport[]): unknown {
  return {
    files: reports.map((r) => ({ path: r.path, blocks: r.blocks.map(blockJson) })),
    summary: summarize(reports),
  };
}

function blockSizes(b: BlockAnalysis): Record<string, number> {
  const sizes: Record<string, number> = { ...b.sizes };
  const h = b.shapes.h_prev ?? b.shapes.h_0 ?? b.shapes.h;
  const x = b.shapes.x ?? b.shapes.x_1;
  // A batch's states and inputs hold N examples.
  const N = sizes.N ?? 1;
  if (sizes.H === undefined && h) sizes.H = (h[0] * h[1]) / N;
  if (sizes.D === undefined && x) sizes.D = (x[0] * x[1]) / N;
  if (b.sequenceLength !== undefined) sizes.T = b.sequenceLength;
  return sizes;
}

/**
 * A note's blocks as a report needs them. The statement index (what hovers and inline results
 * read) is let go as each block is analysed: no report prints it, and a 1,000-block note's
 * indexes, kept to the end, made the whole process about a fifth slower in CPU time, most of it
 * the garbage collector copying them (docs/performance.md).
 */
export function analyzeNote(text: string, settings: AnalysisSettings): AnalyzedBlock[] {
  const out: AnalyzedBlock[] = [];
  for (const block of findBlocks(text, splitLines(text))) {
    out.push({ block, analysis: { ...analyzeBlock(block, settings), statements: [] } });
  }
  return out;
}

/** `--json`'s writer: the document of SPEC §9, a note's part written as soon as it is analysed. */
function jsonWriter(): ReportWriter {
  let written = 0;
  return {
    begin: () => ['{\n  "files": ['],
    *file(report) {
      yield written++ ? ',\n    ' : '\n    ';
      yield* jsonPieces({ path: report.path, blocks: report.blocks.map(blockJson) }, '    ');
    },
    *end(summary) {
      yield written ? '\n  ],\n  "summary": ' : '],\n  "summary": ';
      yield* jsonPieces(summary, '  ');
      yield '\n}\n';
    },
  };
}

function textWriter(verbose: boolean): ReportWriter {
  return { begin: () => [], file: (r) => [formatFileText(r, verbose)], end: (s) => [summaryLine(s)] };
}

export function writerFor(format: Format, verbose: boolean): ReportWriter {
  switch (format) {
    case 'json':
      return jsonWriter();
    case 'sarif':
      return sarifWriter(verbose);
    case 'junit':
      return junitWriter(verbose);
    case 'github':
      return githubWriter(verbose);
    default:
      return textWriter(verbose);
  }
}

/**
 * Checks file by file and writes each file's part of the report as soon as it is analysed,
 * waiting for stdout to drain: no report is ever one giant string, and an analysis is dropped
 * once written.
 */
export async function runCheck(args: readonly string[]): Promise<number> {
  const opts = parsedOrUsage('check', CHECK_USAGE, args, parseCheckArgs);
  if (typeof opts === 'number') return opts;
  const { files, errors, warnings } = collectFiles(opts.paths);
  for (const w of warnings) process.stderr.write(`rnn-math: warning: ${w}\n`);
  for (const e of errors) process.stderr.write(`rnn-math: ${e}\n`);
  const problems = [...errors];
  const out = new Sink(process.stdout);
  const writer = writerFor(opts.format, opts.verbose);
  const summary: Summary = { blocks: 0, checks: 0, passed: 0, failed: 0, errors: 0 };
  await out.writeAll(writer.begin());
  for (const f of files) {
    const read = readNote(f);
    if ('error' in read) {
      process.stderr.write(`rnn-math: ${read.error}\n`);
      problems.push(read.error);
      continue;
    }
    const report: FileReport = { path: f, blocks: analyzeNote(read.text, { tolerance: opts.tolerance }) };
    const s = summarize([report]);
    summary.blocks += s.blocks;
    summary.checks += s.checks;
    summary.passed += s.passed;
    summary.failed += s.failed;
    summary.errors += s.errors;
    await out.writeAll(writer.file(report));
  }
  await out.writeAll(writer.end(summary, problems));
  await out.end();
  if (problems.length) return 2;
  return summary.errors > 0 || summary.failed > 0 ? 1 : 0;
}
