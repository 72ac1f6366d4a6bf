// The `Insert results` command: the edits of resultsEdits.ts, applied to the note as one step.
import * as vscode from 'vscode';
import { isNotesDocument, type VersionedAnalysisSource } from './analysisService';
import { blockAtLine, blockForFence } from './convert';
import { insertResultsEdits } from './resultsEdits';
import { applyAtVersion, STALE_MESSAGE } from './safeEdit';

/**
 * The `Insert results` command. From a CodeLens it gets (uri, fenceLine, version): the version the
 * lens was computed for; when the note changed since, nothing is inserted. From the palette it
 * uses the block under the cursor in the current analysis. The edit is one undo step.
 */
export async function insertResultsCommand(
  analyses: VersionedAnalysisSource,
  uri?: vscode.Uri,
  fenceLine?: number,
  version?: number,
): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!doc || !isNotesDocument(doc)) {
    void vscode.window.showInformationMessage('Insert results works in a Markdown note with an lstm, gru or rnn block.');
    return false;
  }
  if (version !== undefined && version !== doc.version) {
    void vscode.window.showWarningMessage(
      `${STALE_MESSAGE} (Insert results: computed for version ${version}, the note is at version ${doc.version}.)`,
    );
    return false;
  }
  const analysis = analyses.get(doc);
  const analysed = analyses.versionOf(doc);
  if (analysed !== doc.version) {
    void vscode.window.showInformationMessage('RNN Math Notes is still analysing this note; try Insert results again in a moment.');
    return false;
  }
  const line = fenceLine ?? (editor && editor.document === doc ? editor.selection.active.line : undefined);
  const ab = line === undefined ? undefined : typeof fenceLine === 'number' ? blockForFence(analysis, line) : blockAtLine(analysis, line);
  if (!ab) {
    void vscode.window.showInformationMessage('Put the cursor in an lstm, gru or rnn block to insert its results.');
    return false;
  }
  const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
  const edits = insertResultsEdits(ab, lines);
  if (!edits.length) {
    void vscode.window.showInformationMessage('Every computed result of this block is already checked.');
    return false;
  }
  return (await applyAtVersion(doc, analysed, 'Insert results', edits)) === 'applied';
}
