// Inline results after the lines of a block (what inlineText.ts says after each check and given).
// Decoration types are created once; updates follow the
// (debounced) analysis and the visible editors (as the decorator sample does). Each annotation
// carries its own text (renderOptions), which costs the editor a CSS rule apiece: only the
// blocks near the visible ranges are decorated (VISIBLE_MARGIN lines around them), and scrolling
// updates them, so a 2,000-block note costs what its screen shows.
import * as vscode from 'vscode';
import type { AnalyzedBlock } from '../markdown/document';
import { type AnalysisSource, isNotesDocument } from './analysisService';
import { readSettings } from './config';
import { inlineResults, type InlineResult } from './inlineText';

export const enum InlineColor {
  Pass = 'rnnMath.inlineResult.passForeground',
  Fail = 'rnnMath.inlineResult.failForeground',
  Shape = 'rnnMath.inlineResult.shapeForeground',
}

/** Lines above and below the visible ranges whose blocks are decorated too (smooth scrolling). */
export const VISIBLE_MARGIN = 300;

/** Line spans [from, to] to decorate for these visible ranges, merged. */
export function decoratedSpans(
  visible: readonly { start: { line: number }; end: { line: number } }[],
  margin = VISIBLE_MARGIN,
): [number, number][] {
  const spans = visible
    .map((r) => [Math.max(0, r.start.line - margin), r.end.line + margin] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1] + 1) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}

export class InlineResultsDecorator implements vscode.Disposable {
  private readonly scrollTimers = new Map<vscode.TextEditor, ReturnType<typeof setTimeout>>();

  private readonly types: Record<InlineResult['kind'], vscode.TextEditorDecorationType>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly analyses: AnalysisSource) {
    const after = (color: InlineColor, extra: vscode.ThemableDecorationAttachmentRenderOptions = {}) =>
      vscode.window.createTextEditorDecorationType({
        after: { color: new vscode.ThemeColor(color), margin: '0 0 0 2em', ...extra },
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.types = {
      pass: after(InlineColor.Pass),
      fail: after(InlineColor.Fail),
      shape: after(InlineColor.Shape, { fontStyle: 'italic' }),
    };
    this.disposables.push(
      ...Object.values(this.types),
      analyses.onDidChange((doc) => this.updateDocument(doc)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.update(e))),
      vscode.window.onDidChangeTextEditorVisibleRanges(({ textEditor }) => {
        // after scrolling settles: the blocks now on screen get their annotations
        const pending = this.scrollTimers.get(textEditor);
        if (pending) clearTimeout(pending);
        this.scrollTimers.set(
          textEditor,
          setTimeout(() => {
            this.scrollTimers.delete(textEditor);
            this.update(textEditor);
          }, 60),
        );
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rnnMath.inlineResults')) vscode.window.visibleTextEditors.forEach((ed) => this.update(ed));
      }),
    );
    // Editors visible at activation are decorated when the service's first analyses fire.
  }

  private updateDocument(doc: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document === doc) this.update(editor);
    }
  }

  update(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (!isNotesDocument(doc)) return;
    const byKind: Record<InlineResult['kind'], vscode.DecorationOptions[]> = { pass: [], fail: [], shape: [] };
    if (readSettings(doc.uri).inlineResults) {
      const spans = decoratedSpans(editor.visibleRanges.length ? editor.visibleRanges : [new vscode.Range(0, 0, 0, 0)]);
      const near = ({ block: b }: AnalyzedBlock) => spans.some(([from, to]) => b.line + b.range.end.line >= from && b.line <= to);
      for (const block of this.analyses.get(doc).blocks) {
        if (!near(block)) continue;
        for (const r of inlineResults(block)) {
          if (r.line >= doc.lineCount) continue;
          const end = doc.lineAt(r.line).range.end;
          byKind[r.kind].push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: r.text } } });
        }
      }
    }
    for (const kind of Object.keys(byKind) as InlineResult['kind'][]) editor.setDecorations(this.types[kind], byKind[kind]);
  }

  dispose(): void {
    for (const t of this.scrollTimers.values()) clearTimeout(t);
    this.scrollTimers.clear();
    for (const d of this.disposables) d.dispose();
  }
}
