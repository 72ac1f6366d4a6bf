// "RNN Math: Preview question sheet": the current note's question sheet (the prose, the givens,
// an empty answer box per question; src/markdown/sheet) in a webview beside the editor, as
// `rnn-math render --sheet questions` prints it. The step panel's approach: KaTeX runs here,
// the webview has a strict CSP with a nonce, media/ only, and media/panel.js applies KaTeX's
// layout styles and swaps in updates (it also wires buttons, of which the sheet has none).
import * as vscode from 'vscode';
import { renderSheet } from '../markdown/sheet/render';
import { moveInlineStyles, panelDocument } from '../markdown/solution/page';
import { escapeHtml } from '../markdown/solution/escape';
import type { AnalysisSource } from './analysisService';
import { Command } from './commands';
import { readMathMacros } from './config';
import { nonce } from './host';

export class QuestionSheetPanel implements vscode.Disposable {
  static currentPanel: QuestionSheetPanel | undefined;
  static readonly viewType = 'rnnMath.questionSheet';

  private readonly disposables: vscode.Disposable[] = [];

  static show(extensionUri: vscode.Uri, analyses: AnalysisSource, doc: vscode.TextDocument): QuestionSheetPanel {
    const current = QuestionSheetPanel.currentPanel;
    if (current) {
      current.doc = doc;
      current.panel.reveal(vscode.ViewColumn.Beside, true);
      current.update();
      return current;
    }
    const panel = vscode.window.createWebviewPanel(
      QuestionSheetPanel.viewType,
      'Question sheet',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        enableCommandUris: false,
        enableFindWidget: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
      },
    );
    QuestionSheetPanel.currentPanel = new QuestionSheetPanel(panel, extensionUri, analyses, doc);
    return QuestionSheetPanel.currentPanel;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly analyses: AnalysisSource,
    private doc: vscode.TextDocument,
  ) {
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: { type?: string }) => {
        if (m && m.type === 'ready') this.update();
      }),
      analyses.onDidChange((changed) => {
        if (changed === this.doc) this.update();
      }),
    );
    this.panel.webview.html = this.documentHtml(this.body());
  }

  /** The sheet's HTML as the webview shows it (for tests). */
  body(): string {
    const name = this.doc.uri.path.split('/').pop() ?? '';
    this.panel.title = `Questions: ${name}`;
    const sheet = renderSheet(this.doc.getText(), 'questions', { analyze: () => this.analyses.get(this.doc), macros: readMathMacros() });
    const notes = sheet.withheld.map(
      (w) =>
        `<li>Line ${w.line + 1} gives away ${escapeHtml(w.number)}, the answer to ${escapeHtml(w.answer)} (line ${w.answerLine + 1}): it is left off the sheet. Reword it, or print it with <code>rnn-math render --sheet questions --keep-prose</code>.</li>`,
    );
    const banner = notes.length ? `<ul class="rnn-sheet__withheld-notes rnn-diagnostics">${notes.join('')}</ul>\n` : '';
    return moveInlineStyles(banner + sheet.html);
  }

  private update(): void {
    if (!this.panel.visible) return;
    void this.panel.webview.postMessage({ type: 'update', html: this.body(), keepScroll: true });
  }

  private documentHtml(body: string): string {
    const webview = this.panel.webview;
    const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', ...p)).toString();
    return panelDocument({
      cspSource: webview.cspSource,
      nonce: nonce(),
      styles: [media('katex', 'katex.min.css'), media('solution.css'), media('panel.css'), media('sheet.css')],
      script: media('panel.js'),
      body,
    });
  }

  dispose(): void {
    if (QuestionSheetPanel.currentPanel === this) QuestionSheetPanel.currentPanel = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** The command: the active Markdown note (or the one whose editor title was clicked). */
export function registerQuestionSheet(context: vscode.ExtensionContext, analyses: AnalysisSource): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.PreviewQuestionSheet, async (uri?: unknown) => {
      const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== 'markdown') {
        void vscode.window.showInformationMessage('Open a Markdown note to preview its question sheet.');
        return;
      }
      QuestionSheetPanel.show(context.extensionUri, analyses, doc);
    }),
    { dispose: () => QuestionSheetPanel.currentPanel?.dispose() },
  );
}
