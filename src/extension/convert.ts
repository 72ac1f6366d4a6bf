// Engine data to VS Code types, and lookups by position. Engine ranges count lines from their
// block's fence; every conversion here takes that fence's document line (`Block.line`).
import * as vscode from 'vscode';
import type { BlockDiagnostic, Position, Range, Severity, TextEdit } from '../engine/types';
import { inDocument } from '../markdown/blocks';
import type { AnalyzedBlock, DocumentAnalysis } from '../markdown/document';

/** A range of a block whose fence is on document line `line`, as a document range. */
export function toRange(r: Range, line: number): vscode.Range {
  return new vscode.Range(r.start.line + line, r.start.character, r.end.line + line, r.end.character);
}

/** A document position inside the block whose fence is on document line `line`, in the block's coordinates. */
export function inBlock(pos: vscode.Position, line: number): Position {
  return { line: pos.line - line, character: pos.character };
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[], line: number): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, toRange(e.range, line), e.newText);
  return edit;
}

/** A block's edits (lines from its fence on document line `line`) in document coordinates. */
export function documentEdits(edits: readonly TextEdit[], line: number): TextEdit[] {
  return edits.map((e) => ({ range: inDocument(e.range, line), newText: e.newText }));
}

/** Whether `r` holds the position (both in the same coordinates). */
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
    const b = blocks[mid].block;
    if (line < b.line) hi = mid - 1;
    else if (line > b.line + b.range.end.line) lo = mid + 1;
    else return blocks[mid];
  }
  return undefined;
}

/** The block whose fence is on `line`, or that holds it. */
export function blockForFence(analysis: DocumentAnalysis, line: number): AnalyzedBlock | undefined {
  return analysis.blocks.find((b) => b.block.line === line) ?? blockAtLine(analysis, line);
}

/** A stable identity for matching an engine diagnostic with a vscode.Diagnostic. */
export function diagnosticKey(code: string, r: vscode.Range, message: string): string {
  return `${code}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}:${message}`;
}

export function engineDiagnosticKey(d: BlockDiagnostic, line: number): string {
  return diagnosticKey(d.code, toRange(d.range, line), d.message);
}
