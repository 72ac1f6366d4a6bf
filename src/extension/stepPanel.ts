// The step panel: a webview beside the editor with the full solution of the block under the
// cursor (vscode-extension-samples' webview-sample pattern: one class, `currentPanel`,
// disposables, a strict CSP with a nonce, localResourceRoots = media/). KaTeX runs here in the
// extension host; media/panel.js only wires the buttons and keeps the scroll position.
import * as vscode from 'vscode';
import type { AnalysisWithSteps, BlockAnalysis } from '../engine/types';
import { withSteps } from '../engine/analyze';
import type { AnalyzedBlock } from '../markdown/document';
import { analysisToLatex, analysisToMarkdown } from '../markdown/solution/export';
import { panelBody, panelDocument } from '../markdown/solution/page';
import { escapeAttribute } from '../markdown/solution/escape';
import type { AnalysisSource } from './analysisService';
import { nonce } from './host';
import { panelTitle } from './panelTitle';
import { splitLines } from '../markdown/blocks';
import { readMathMacros } from './config';
import { withMacros } from '../markdown/solution/math';

/** What the webview keeps across reloads (vscode.setState in media/panel.js). */
export interface StepPanelState {
  readonly uri?: string;
  readonly line?: number;
  readonly scrollY?: number;
}

interface Target {
  uri: string;
  /** Fence line of the block shown (0-based). */
  line: number;
  /** Index of the block in its document, to find it again after edits above it. */
  index: number;
}

type PanelMessage = { type: 'ready' } | { type: 'reveal'; line: number } | { type: 'copy'; format: 'latex' | 'markdown' };

export class StepPanel implements vscode.Disposable {
  static currentPanel: StepPanel | undefined;
  static readonly viewType = 'rnnMath.steps';

  private readonly disposables: vscode.Disposable[] = [];
  private target: Target | undefined;
  /** `from`: the cached analysis `analysis` was made from (the same one again needs no new steps). */
  private shown: { from: BlockAnalysis; analysis: AnalysisWithSteps; line: number; html: string } | undefined;

  /** Opens the panel beside the editor (or reveals it) and shows the given block. */
  static show(extensionUri: vscode.Uri, analyses: AnalysisSource, uri?: vscode.Uri, fenceLine?: number): StepPanel {
    const target = StepPanel.targetFor(analyses, uri, fenceLine);
    if (StepPanel.currentPanel) {
      const current = StepPanel.currentPanel;
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      if (target) current.setTarget(target);
      return current;
    }
    const panel = vscode.window.createWebviewPanel(
      StepPanel.viewType,
      'Steps',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { ...StepPanel.webviewOptions(extensionUri), enableFindWidget: true },
    );
    StepPanel.currentPanel = new StepPanel(panel, extensionUri, analyses, target);
    return StepPanel.currentPanel;
  }

  /** Restores a panel after a reload (registerWebviewPanelSerializer). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    analyses: AnalysisSource,
    state: StepPanelState | undefined,
  ): StepPanel {
    panel.webview.options = StepPanel.webviewOptions(extensionUri);
    let target: Target | undefined;
    if (state && typeof state.uri === 'string' && typeof state.line === 'number') {
      target = { uri: state.uri, line: state.line, index: 0 };
    }
    StepPanel.currentPanel?.dispose();
    StepPanel.currentPanel = new StepPanel(panel, extensionUri, analyses, target);
    if (target) {
      // The note may not be open yet after a reload: open it (without showing it) and render.
      void vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri)).then(
        () => StepPanel.currentPanel?.update(false),
        () => undefined,
      );
    }
    return StepPanel.currentPanel;
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
    };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly analyses: AnalysisSource,
    target: Target | undefined,
  ) {
    this.target = target ?? this.targetFromActiveEditor();
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'steps.svg');
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: PanelMessage) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible) this.update(true);
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => this.follow(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor) this.follow(editor);
      }),
      this.analyses.onDidChange((doc) => {
        if (this.target && doc.uri.toString() === this.target.uri) this.update(true);
      }),
    );
    this.panel.webview.html = this.documentHtml(this.body());
  }

  /** The block the panel shows, for tests and commands. */
  get analysis(): BlockAnalysis | undefined {
    return this.shown?.analysis;
  }

  get webviewPanel(): vscode.WebviewPanel {
    return this.panel;
  }

  private static targetFor(analyses: AnalysisSource, uri?: vscode.Uri, fenceLine?: number): Target | undefined {
    const editor = vscode.window.activeTextEditor;
    const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : editor?.document;
    if (!doc) return uri && fenceLine !== undefined ? { uri: uri.toString(), line: fenceLine, index: 0 } : undefined;
    const blocks = analyses.get(doc).blocks;
    const line = fenceLine ?? (editor && editor.document === doc ? editor.selection.active.line : undefined);
    if (line === undefined) return blocks.length ? { uri: doc.uri.toString(), line: blocks[0].block.line, index: 0 } : undefined;
    const index = pickBlock(blocks, line);
    if (index < 0) return undefined;
    return { uri: doc.uri.toString(), line: blocks[index].block.line, index };
  }

  private targetFromActiveEditor(): Target | undefined {
    return StepPanel.targetFor(this.analyses);
  }

  private setTarget(target: Target): void {
    const same = this.target && this.target.uri === target.uri && this.target.line === target.line;
    this.target = target;
    this.update(!!same);
  }

  /** Follows the cursor: the block containing it, or (in another note) the nearest one above. */
  private follow(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (doc.languageId !== 'markdown' || editor.viewColumn === undefined) return;
    const blocks = this.analyses.get(doc).blocks;
    if (!blocks.length) return;
    const line = editor.selection.active.line;
    const inside = blocks.findIndex((b) => holds(b, line));
    const sameDoc = this.target?.uri === doc.uri.toString();
    if (inside < 0 && sameDoc) return;
    const index = inside >= 0 ? inside : pickBlock(blocks, line);
    const fence = blocks[index].block.line;
    if (!sameDoc || this.target!.line !== fence) this.setTarget({ uri: doc.uri.toString(), line: fence, index });
    this.revealFailingCheck(blocks[index], line);
  }

  /** On a failing check's line, the panel scrolls to the step that check marks (media/panel.js). */
  private revealFailingCheck(b: AnalyzedBlock, line: number): void {
    const at = line - b.block.line;
    const check = b.analysis.checks.find((c) => !c.pass && !c.error && at >= c.range.start.line && at <= c.range.end.line);
    if (check) void this.panel.webview.postMessage({ type: 'scroll-to-check', line: b.block.line + check.range.start.line });
  }

  /**
   * Re-resolves the target block in the current analysis and sends the new content; `retypeset`
   * renders it again even when the analysis is the same (the KaTeX macros changed).
   */
  update(keepScroll: boolean, retypeset = false): void {
    if (!this.panel.visible) return;
    if (retypeset) this.shown = undefined;
    const before = this.shown?.html;
    const html = this.body();
    if (before === html) return;
    void this.panel.webview.postMessage({
      type: 'update',
      html,
      uri: this.target?.uri,
      line: this.target?.line,
      keepScroll,
    });
  }

  private resolve(): { block?: AnalyzedBlock; doc?: vscode.TextDocument; count: number } {
    if (!this.target) return { count: 0 };
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.target!.uri);
    if (!doc) return { count: 0 };
    const blocks = this.analyses.get(doc).blocks;
    if (!blocks.length) return { doc, count: 0 };
    let index = blocks.findIndex((b) => b.block.line === this.target!.line);
    if (index < 0) {
      // The block moved (lines inserted above) or its fence changed: the cursor's block, else the same index.
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
      const cursor = editor?.selection.active.line;
      index = cursor !== undefined ? blocks.findIndex((b) => holds(b, cursor)) : -1;
      if (index < 0) index = Math.min(this.target.index, blocks.length - 1);
      this.target = { ...this.target, line: blocks[index].block.line, index };
    } else {
      this.target.index = index;
    }
    return { block: blocks[index], doc, count: blocks.length };
  }

  private body(): string {
    const { block, doc, count } = this.resolve();
    if (!block || !doc) {
      this.shown = undefined;
      const message = this.target && !doc ? 'The note is not open. Open it and put the cursor in a block.' : undefined;
      this.panel.title = 'Steps';
      return panelBody({ emptyMessage: message });
    }
    const fileName = doc.uri.path.split('/').pop() ?? doc.uri.path;
    const blocks = this.analyses.get(doc).blocks.map((b) => ({ kind: b.block.kind, line: b.block.line }));
    this.panel.title = panelTitle(splitLines(doc.getText()), blocks, this.target!.index);
    // The panel shows the steps: the one block analysed with them.
    const analysis = this.shown?.from === block.analysis ? this.shown.analysis : withSteps(block.block, block.analysis);
    let html: string;
    try {
      const index = this.target!.index;
      html = withMacros(readMathMacros(doc.uri), () =>
        panelBody({
          analysis,
          line: block.block.line,
          fileName,
          blockIndex: index,
          blockCount: count,
          compact: vscode.workspace.getConfiguration('rnnMath', doc.uri).get<boolean>('solution.compact', false),
        }),
      );
    } catch (e) {
      html = panelBody({ emptyMessage: `Could not render this block: ${e instanceof Error ? e.message : String(e)}` });
    }
    this.shown = { from: block.analysis, analysis, line: block.block.line, html };
    return html;
  }

  private documentHtml(body: string): string {
    const webview = this.panel.webview;
    const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', ...p)).toString();
    const attrs = this.target ? ` data-uri="${escapeAttribute(this.target.uri)}" data-line="${this.target.line}"` : '';
    return panelDocument({
      cspSource: webview.cspSource,
      nonce: nonce(),
      styles: [media('katex', 'katex.min.css'), media('solution.css'), media('panel.css')],
      script: media('panel.js'),
      body,
    }).replace('<div id="rnn-root">', `<div id="rnn-root"${attrs}>`);
  }

  private async onMessage(message: PanelMessage): Promise<void> {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'ready':
        // A reloaded webview starts from the last `html`; bring it up to date.
        this.shown = undefined;
        this.update(true);
        return;
      case 'reveal':
        if (typeof message.line === 'number' && Number.isInteger(message.line) && message.line >= 0) await this.reveal(message.line);
        return;
      case 'copy': {
        const shown = this.shown;
        if (!shown) return;
        const text =
          message.format === 'markdown' ? analysisToMarkdown(shown.analysis, shown.line) : analysisToLatex(shown.analysis, shown.line);
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(`Copied the solution as ${message.format === 'markdown' ? 'Markdown' : 'LaTeX'}`, 3000);
        return;
      }
    }
  }

  private async reveal(line: number): Promise<void> {
    if (!this.target) return;
    const uri = vscode.Uri.parse(this.target.uri);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.target!.uri);
    const doc = visible?.document ?? (await vscode.workspace.openTextDocument(uri));
    const position = new vscode.Position(Math.min(line, doc.lineCount - 1), 0);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  dispose(): void {
    if (StepPanel.currentPanel === this) StepPanel.currentPanel = undefined;
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Whether the block's lines (fences included) hold document line `line`. */
function holds({ block }: AnalyzedBlock, line: number): boolean {
  return line >= block.line && line <= block.line + block.range.end.line;
}

/** The block containing `line`, else the nearest one above it, else the first. */
function pickBlock(blocks: readonly AnalyzedBlock[], line: number): number {
  if (!blocks.length) return -1;
  let best = 0;
  for (let k = 0; k < blocks.length; k++) {
    if (blocks[k].block.line <= line) best = k;
    else break;
  }
  return best;
}
