// Quick fixes: every fix the engine attached to a diagnostic (replace a failing check's value by
// the computed one, set the option a convention hint found such as z=write or layout=row, insert
// results) becomes a CodeAction; plus `Insert results` anywhere in a block. The actions carry a
// command, not a bare WorkspaceEdit: its arguments hold the document version the analysis was made
// for, and the edit is refused when the note changed since (safeEdit.ts).
import * as vscode from 'vscode';
import type { BlockDiagnostic, Fix } from '../engine/types';
import { type VersionedAnalysisSource } from './analysisService';
import { blockAtLine, diagnosticKey, documentEdits, engineDiagnosticKey, toRange } from './convert';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from './diagnostics';
import { insertResultsEdits } from './resultsEdits';
import { fixCommand } from './safeEdit';

export class BlockCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
  };

  constructor(private readonly analyses: VersionedAnalysisSource) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const analysis = this.analyses.get(doc);
    // Fixes are computed for exactly one version of the note; none while the analysis lags behind.
    const version = this.analyses.versionOf(doc);
    if (version !== doc.version) return [];
    const actions: vscode.CodeAction[] = [];
    const wanted = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);

    // The diagnostics VS Code passes back are copies: match them to the engine's by code, range and message.
    const shown = new Map<string, vscode.Diagnostic>();
    for (const d of context.diagnostics) {
      if (d.source === DIAGNOSTIC_SOURCE) shown.set(diagnosticKey(String(d.code), d.range, d.message), d);
    }

    const ab = blockAtLine(analysis, range.start.line);
    if (ab && wanted(vscode.CodeActionKind.QuickFix)) {
      const seen = new Set<string>();
      const line = ab.block.line;
      for (const d of ab.analysis.diagnostics) {
        if (!d.fixes.length || (!toRange(d.range, line).intersection(range) && !shown.has(engineDiagnosticKey(d, line)))) continue;
        const diagnostic = shown.get(engineDiagnosticKey(d, line)) ?? toDiagnostic(doc.uri, d, line);
        for (const fix of d.fixes) {
          const id = fix.title + JSON.stringify(fix.edits);
          if (seen.has(id)) continue;
          seen.add(id);
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.command = fixCommand(doc.uri, version, fix.title, documentEdits(fix.edits, line));
          action.diagnostics = [diagnostic];
          action.isPreferred = isPreferred(d, fix);
          actions.push(action);
        }
      }
    }

    if (ab && wanted(vscode.CodeActionKind.RefactorRewrite) && !actions.some((a) => a.title.startsWith('Insert'))) {
      const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
      const edits = insertResultsEdits(ab, lines);
      if (edits.length) {
        const action = new vscode.CodeAction('Insert results: a check for every computed value', vscode.CodeActionKind.RefactorRewrite);
        action.command = fixCommand(doc.uri, version, action.title, edits);
        actions.push(action);
      }
    }
    return actions;
  }
}

/**
 * Which fix the lightbulb offers first: for a failing check that matches another convention,
 * switching the block to that convention (the author's numbers are right there); otherwise
 * replacing the value; for an unknown name, the nearest name ("did you mean", nearest first);
 * any diagnostic's only fix.
 */
function isPreferred(d: BlockDiagnostic, fix: Fix): boolean {
  if (d.code === 'check') {
    const convention = d.fixes.some((f) => f.kind === 'set-option');
    return convention ? fix.kind === 'set-option' : fix.kind === 'replace-check';
  }
  if (fix.kind === 'rename') return fix === d.fixes[0];
  return d.fixes.length === 1;
}
