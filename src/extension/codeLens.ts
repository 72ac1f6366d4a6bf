// CodeLens on each block's fence line: what the block is and what it computed, then actions.
import * as vscode from 'vscode';
import type { BlockAnalysis } from '../engine/types';
import { type VersionedAnalysisSource } from './analysisService';
import { Command } from './commands';
import { readSettings } from './config';
import { toRange } from './convert';
import { decoratedSpans } from './decorations';

/**
 * Notes with more blocks than this get lenses only for the blocks near what the editor shows
 * (updated as it scrolls): three lenses apiece for thousands of blocks cost the workbench seconds
 * on every change (measured on a 2,000-block note: hovers waited 16 s with them, 1 s without).
 */
export const ALL_LENSES_UP_TO = 300;

/** The summary a lens shows: `LSTM · H=2, D=2 · column · computed g, c, h · checks 1/3 ✓, 2 ✗ · 40 parameters`. */
export function summarize(a: BlockAnalysis): string {
  const parts: string[] = [a.kind.toUpperCase()];
  const sizes = Object.entries(a.sizes).map(([k, v]) => `${k}=${v}`);
  if (sizes.length) parts.push(sizes.join(', '));
  if (a.sequenceLength !== undefined && !('T' in a.sizes)) parts.push(`T=${a.sequenceLength}`);
  parts.push(`${a.options.layout} layout`);
  if (a.shapesOnly) {
    parts.push('shapes only');
  } else {
    const computed = computedNames(a);
    parts.push(computed.length ? `computed ${computed.join(', ')}` : 'nothing computed');
  }
  // A check that could not be evaluated is counted once, among the errors.
  const total = a.checks.filter((c) => !c.error).length;
  if (total) {
    const passed = a.checks.filter((c) => c.pass).length;
    const failed = total - passed;
    parts.push(failed ? `checks ${passed}/${total} ✓, ${failed} ✗` : `checks ${passed}/${total} ✓`);
  }
  if (a.parameters) parts.push(`${a.parameters.total} parameters`);
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'check').length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Base names the cell computed (not given), in the engine's display order, without step numbers. */
export function computedNames(a: BlockAnalysis): string[] {
  const seen = new Set<string>();
  for (const q of a.quantities) if (q.origin === 'computed') seen.add(q.base);
  const names = [...seen];
  return a.sequenceLength ? names.map((n) => `${n}_1…${a.sequenceLength}`) : names;
}

export class BlockCodeLensProvider implements vscode.CodeLensProvider {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;

  private scrollTimer?: ReturnType<typeof setTimeout>;
  private readonly scroll: vscode.Disposable;

  constructor(private readonly analyses: VersionedAnalysisSource) {
    this.scroll = vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => {
      if (textEditor.document.isClosed || this.analyses.get(textEditor.document).blocks.length <= ALL_LENSES_UP_TO) return;
      if (this.scrollTimer) clearTimeout(this.scrollTimer);
      this.scrollTimer = setTimeout(() => {
        this.scrollTimer = undefined;
        this.refresh();
      }, 150);
    });
  }

  /** Called when an analysis or the `rnnMath.codeLens` setting changes. */
  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!readSettings(doc.uri).codeLens) return [];
    const lenses: vscode.CodeLens[] = [];
    const blocks = this.analyses.get(doc).blocks;
    const version = this.analyses.versionOf(doc);
    let near = (_line: number, _end: number) => true;
    if (blocks.length > ALL_LENSES_UP_TO) {
      const visible = vscode.window.visibleTextEditors.filter((e) => e.document === doc).flatMap((e) => e.visibleRanges);
      const spans = decoratedSpans(visible.length ? visible : [new vscode.Range(0, 0, 0, 0)]);
      near = (line, end) => spans.some(([from, to]) => end >= from && line <= to);
    }
    for (const { block, analysis } of blocks) {
      const line = block.line;
      if (!near(line, line + block.range.end.line)) continue;
      const range = toRange(block.fenceRange, line);
      lenses.push(
        // no command id: a lens that reads, not one that acts
        new vscode.CodeLens(range, { title: summarize(analysis), command: '', tooltip: tooltip(analysis) }),
        new vscode.CodeLens(range, {
          title: 'Show steps',
          command: Command.ShowSteps,
          arguments: [doc.uri, line],
          tooltip: 'Open the step-by-step solution of this block beside the editor',
        }),
        new vscode.CodeLens(range, {
          // the version the lens was computed for: a stale lens inserts nothing
          title: 'Insert results',
          command: Command.InsertResults,
          arguments: [doc.uri, line, version],
          tooltip: 'Append a check (name ?= value) for every computed result',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    if (this.scrollTimer) clearTimeout(this.scrollTimer);
    this.scroll.dispose();
    this.emitter.dispose();
  }
}

function tooltip(a: BlockAnalysis): string {
  const lines: string[] = [];
  if (a.parameters) lines.push(`parameters: ${a.parameters.sum}`);
  if (a.parameters && a.parameters.layers.length > 1) lines.push(`by layer: ${a.parameters.summary}`);
  for (const c of a.checks) lines.push(`${c.pass ? '✓' : c.error ? '⚠ cannot evaluate' : '✗'} ${c.written}`);
  return lines.join('\n');
}
