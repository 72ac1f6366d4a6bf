// Grading of an open submission against the key note a workspace names (`rnnMath.grading.key`):
// its verdicts as diagnostics of their own collection, beside the checks' own. The key is read
// through vscode.workspace.fs (no Node, so the web host grades too), again when it is saved.
import * as vscode from 'vscode';
import { gradingDiagnostics } from '../exam/gradeEditor';

const KEY_SETTING = 'grading.key';
const DELAY_MS = 300;

export function registerGrading(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('rnn-math-grading');
  let key: { uri: vscode.Uri; text: string } | undefined;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const keyUri = (): vscode.Uri | undefined => {
    const written = vscode.workspace.getConfiguration('rnnMath').get<string>(KEY_SETTING, '').trim();
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!written || !folder) return undefined;
    return /^[a-z][a-z0-9+.-]*:/i.test(written) && !/^[a-z]:[\\/]/i.test(written)
      ? vscode.Uri.parse(written)
      : vscode.Uri.joinPath(folder.uri, written);
  };

  const grade = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'markdown') return;
    if (!key || doc.uri.toString() === key.uri.toString()) {
      collection.delete(doc.uri);
      return;
    }
    collection.set(
      doc.uri,
      gradingDiagnostics(key.text, doc.getText()).map((d) => {
        const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
        const severity = d.severity === 'info' ? vscode.DiagnosticSeverity.Information : vscode.DiagnosticSeverity.Warning;
        const diagnostic = new vscode.Diagnostic(range, d.message, severity);
        diagnostic.source = 'rnn-math grading';
        return diagnostic;
      }),
    );
  };

  const later = (doc: vscode.TextDocument) => {
    const id = doc.uri.toString();
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        grade(doc);
      }, DELAY_MS),
    );
  };

  const loadKey = async () => {
    const uri = keyUri();
    key = undefined;
    if (uri) {
      try {
        key = { uri, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) };
      } catch (e) {
        void vscode.window.showWarningMessage(
          `RNN Math Notes: cannot read the grading key ${uri.fsPath || uri.toString()} (rnnMath.grading.key): ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    collection.clear();
    for (const doc of vscode.workspace.textDocuments) grade(doc);
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(grade),
    vscode.workspace.onDidChangeTextDocument((e) => later(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (key && doc.uri.toString() === key.uri.toString()) void loadKey();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`rnnMath.${KEY_SETTING}`)) void loadKey();
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  void loadKey();
}
