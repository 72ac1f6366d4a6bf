// Engine data (0-based line/character ranges) to VS Code types, and lookups by position.
import * as vscode from 'vscode';
import type { BlockDiagnostic, Range, Severity, TextEdit } from '../engine/types';
import type { AnalyzedBlock, DocumentAnalysis } from '../markdown/document';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error': return vscode.DiagnosticSeverity.Error;
    case 'warning': return vscode.DiagnosticSeverity.Warning;
    default: return vscode.DiagnosticSeverity.Information;
  }
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}

export function contains(r: Range, line: number, character: number): boolean {
  if (line < r.start.line || line > r.end.line) return false;
  if (line === r.start.line && character < r.start.character) return false;
  if (line === r.end.line && character > r.end.character) return false;
  return true;
}

/** The block whose lines (fences included) hold `line`. */
export function blockAtLine(analysis: DocumentAnalysis, line: number): AnalyzedBlock | undefined {
  // blocks are in document order: binary search
  const blocks = analysis.blocks;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = blocks[mid].block.range;
    if (line < r.start.line) hi = mid - 1;
    else if (line > r.end.line) lo = mid + 1;
    else return blocks[mid];
  }
  return undefined;
}

/** The block whose fence is on `line`, or that holds it. */
export function blockForFence(analysis: DocumentAnalysis, line: number): AnalyzedBlock | undefined {
  return analysis.blocks.find((b) => b.block.fenceRange.start.line === line) ?? blockAtLine(analysis, line);
}

/** A stable identity for matching an engine diagnostic with a vscode.Diagnostic. */
export function diagnosticKey(code: string, r: vscode.Range, message: string): string {
  return `${code}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}:${message}`;
}

export function engineDiagnosticKey(d: BlockDiagnostic): string {
  return diagnosticKey(d.code, toRange(d.range), d.message);
}
