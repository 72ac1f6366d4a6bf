// `rnn-math check [--json] [--tol T] PATH…`: verifies every block of the notes (SPEC §9).
import * as fs from 'fs';
import * as path from 'path';
import { analyzeDocument } from '../markdown/document';
import { parseTolerance } from '../engine/parse/options';
import { toRows } from '../engine/matrix';
import type { AnalysisSettings, BlockAnalysis, Tolerance } from '../engine/types';

export interface CheckOptions {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly tolerance?: Tolerance;
  readonly paths: readonly string[];
}

const USAGE = 'usage: rnn-math check [--json] [--verbose] [--tol T] PATH...';

export function parseCheckArgs(args: readonly string[]): CheckOptions | string {
  let json = false, verbose = false;
  let tolerance: Tolerance | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--tol' || a.startsWith('--tol=')) {
      const v = a === '--tol' ? args[++i] : a.slice(6);
      const t = v === undefined ? undefined : parseTolerance(v);
      if (!t) return `rnn-math check: --tol needs an absolute (1e-3) or relative (0.1%) tolerance, got ${v === undefined ? 'nothing' : `'${v}'`}`;
      tolerance = t;
    } else if (a === '--') paths.push(...args.slice(i + 1)), (i = args.length);
    else if (a.startsWith('-') && a !== '-') return `rnn-math check: unknown option '${a}'`;
    else paths.push(a);
  }
  if (!paths.length) return 'rnn-math check: give at least one Markdown file or folder';
  return { json, verbose, tolerance, paths };
}

/** The Markdown files under the given paths, in a stable order; unreadable paths are errors. */
export function collectFiles(paths: readonly string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch (e) { errors.push(`${dir}: ${(e as Error).message}`); return; }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) files.push(p);
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try { st = fs.statSync(p); } catch { errors.push(`${p}: no such file or folder`); continue; }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, errors };
}

export interface FileReport { readonly path: string; readonly blocks: readonly BlockAnalysis[] }

export interface Summary { blocks: number; checks: number; passed: number; failed: number; errors: number }

export function summarize(reports: readonly FileReport[]): Summary {
  const s: Summary = { blocks: 0, checks: 0, passed: 0, failed: 0, errors: 0 };
  for (const r of reports) {
    for (const b of r.blocks) {
      s.blocks++;
      for (const c of b.checks) { s.checks++; if (c.pass) s.passed++; else s.failed++; }
      for (const d of b.diagnostics) if (d.severity === 'error' && d.code !== 'check') s.errors++;
    }
  }
  return s;
}

export function formatText(reports: readonly FileReport[], verbose: boolean): string {
  const lines: string[] = [];
  for (const r of reports) {
    for (const b of r.blocks) {
      for (const d of b.diagnostics) {
        if (d.severity === 'info' && !verbose) continue;
        lines.push(`${r.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
      }
    }
  }
  const s = summarize(reports);
  lines.push(`${s.blocks} blocks, ${s.checks} checks: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors`);
  return lines.join('\n') + '\n';
}

export function toJson(reports: readonly FileReport[]): unknown {
  return {
    files: reports.map((r) => ({
      path: r.path,
      blocks: r.blocks.map((b) => ({
        kind: b.kind,
        line: b.range.start.line + 1,
        endLine: b.range.end.line + 1,
        layout: b.options.layout,
        sizes: blockSizes(b),
        parameters: b.parameters?.total ?? null,
        values: Object.fromEntries(b.quantities.map((q) => [q.name, { shape: [q.value.rows, q.value.cols], value: toRows(q.value) }])),
        checks: b.checks.map((c) => ({
          name: c.name, line: c.range.start.line + 1, pass: c.pass,
          stated: c.stated ? toRows(c.stated) : null, computed: c.computed ? toRows(c.computed) : null,
        })),
        diagnostics: b.diagnostics.map((d) => ({
          severity: d.severity, code: d.code,
          line: d.range.start.line + 1, column: d.range.start.character + 1,
          endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
          message: d.message,
        })),
      })),
    })),
    summary: summarize(reports),
  };
}

/** Indented JSON with each row of numbers on one line, so matrices read as matrices. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s*((?:-?[\d.eE+-]+|null)(?:,\s*(?:-?[\d.eE+-]+|null))*)\s*\]/g,
    (_m, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`);
}

function blockSizes(b: BlockAnalysis): Record<string, number> {
  const sizes: Record<string, number> = { ...b.sizes };
  const h = b.shapes.h_prev ?? b.shapes.h_0 ?? b.shapes.h;
  const x = b.shapes.x ?? b.shapes.x_1;
  if (sizes.H === undefined && h) sizes.H = h[0] * h[1];
  if (sizes.D === undefined && x) sizes.D = x[0] * x[1];
  if (b.sequenceLength !== undefined) sizes.T = b.sequenceLength;
  return sizes;
}

export function checkFiles(files: readonly string[], settings: AnalysisSettings): FileReport[] {
  return files.map((f) => ({ path: f, blocks: analyzeDocument(fs.readFileSync(f, 'utf8'), settings).blocks.map((b) => b.analysis) }));
}

export async function runCheck(args: readonly string[]): Promise<number> {
  const opts = parseCheckArgs(args);
  if (typeof opts === 'string') {
    process.stderr.write(`${opts}\n${USAGE}\n`);
    return 2;
  }
  const { files, errors } = collectFiles(opts.paths);
  const reports: FileReport[] = [];
  for (const f of files) {
    let text: string;
    try { text = fs.readFileSync(f, 'utf8'); } catch (e) { errors.push(`${f}: ${(e as Error).message}`); continue; }
    reports.push({ path: f, blocks: analyzeDocument(text, { tolerance: opts.tolerance }).blocks.map((b) => b.analysis) });
  }
  for (const e of errors) process.stderr.write(`rnn-math: ${e}\n`);
  process.stdout.write(opts.json ? stringifyJson(toJson(reports)) + '\n' : formatText(reports, opts.verbose));
  if (errors.length) return 2;
  const s = summarize(reports);
  return s.errors > 0 || s.failed > 0 ? 1 : 0;
}
