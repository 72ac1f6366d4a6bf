// Engine diagnostics in the Problems panel: one collection, refreshed when a document's analysis
// changes and cleared when it closes (the code-actions sample's diagnostics.ts shape).
import * as vscode from 'vscode';
import type { BlockDiagnostic } from '../engine/types';
import { type AnalysisSource, isNotesDocument } from './analysisService';
import { toRange, toSeverity } from './convert';

export const DIAGNOSTIC_SOURCE = 'rnn-math';

/** An engine diagnostic of the block whose fence is on document line `line`. */
export function toDiagnostic(uri: vscode.Uri, d: BlockDiagnostic, line: number): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range, line), d.message, toSeverity(d.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = d.code;
  if (d.related.length) {
    diagnostic.relatedInformation = d.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range, line)), r.message),
    );
  }
  return diagnostic;
}

export function subscribeToDocumentChanges(context: vscode.ExtensionContext, analyses: AnalysisSource): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const refresh = (doc: vscode.TextDocument) => {
    if (!isNotesDocument(doc) || doc.isClosed) return;
    const list: vscode.Diagnostic[] = [];
    for (const { block, analysis } of analyses.get(doc).blocks) {
      for (const d of analysis.diagnostics) list.push(toDiagnostic(doc.uri, d, block.line));
    }
    if (list.length) collection.set(doc.uri, list);
    else collection.delete(doc.uri);
  };
  // Notes open at activation arrive through onDidChange too (the service analyses them then).
  context.subscriptions.push(
    collection,
    analyses.onDidChange(refresh),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
  );
  return collection;
}
