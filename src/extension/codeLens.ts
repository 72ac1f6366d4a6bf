// CodeLens on each block's fence line: the actions first (a split editor cuts a lens at its end),
// then the short summary of lensText.ts.
import * as vscode from 'vscode';
import { type VersionedAnalysisSource } from './analysisService';
import { Command } from './commands';
import { readSettings } from './config';
import { toRange } from './convert';
import { decoratedSpans } from './decorations';
import { lensTooltip, summarize } from './lensText';

/**
 * Notes with more blocks than this get lenses only for the blocks near what the editor shows
 * (updated as it scrolls): three lenses apiece for thousands of blocks cost the workbench seconds
 * on every change (measured on a 2,000-block note: hovers waited 16 s with them, 1 s without).
 */
export const ALL_LENSES_UP_TO = 300;

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
        // no command id: a lens that reads, not one that acts
        new vscode.CodeLens(range, { title: summarize(analysis), command: '', tooltip: lensTooltip(analysis) }),
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
