// `Insert results`: appends a check (`name ?= value`) for every computed result of a block that
// the note does not check yet, just before the closing fence, so the note records the answers.
import * as vscode from 'vscode';
import type { Fix, TextEdit } from '../engine/types';
import { fenceCloserLine } from '../markdown/blocks';
import type { AnalyzedBlock } from '../markdown/document';
import { isNotesDocument, type VersionedAnalysisSource } from './analysisService';
import { blockAtLine, blockForFence, documentEdits } from './convert';
import { formatLiteral } from '../engine/format';
import { applyAtVersion, STALE_MESSAGE } from './safeEdit';

/** The engine's own insert-results fix for the block, when it offers one. */
function engineFix({ analysis }: AnalyzedBlock): Fix | undefined {
  for (const d of analysis.diagnostics) {
    const fix = d.fixes.find((f) => f.kind === 'insert-results');
    if (fix) return fix;
  }
  return undefined;
}

/**
 * Edits (in document coordinates) that append the block's unchecked computed results; empty when
 * there is nothing to add. `lines` are the document's.
 */
export function insertResultsEdits(ab: AnalyzedBlock, lines: readonly string[]): TextEdit[] {
  const { block, analysis: a } = ab;
  const fix = engineFix(ab);
  if (fix) return documentEdits(fix.edits, block.line);
  const checked = new Set(a.checks.filter((c) => !c.formula).map((c) => c.name));
  const results = a.quantities.filter((q) => q.origin === 'computed' && !checked.has(q.name));
  if (!results.length) return [];

  const last = block.line + block.range.end.line;
  const closing = lines[last] ?? '';
  const fence = closingFence(closing);
  const hasClosingFence = last > block.line && fence !== null;
  // Content lines carry the block's prefix (indentation, `> ` in quotes): reuse the first one's.
  const sample = block.lines.find((l) => l.text.trim() !== '') ?? block.lines[0];
  const prefix = sample ? (lines[block.line + sample.line] ?? '').slice(0, sample.character) : (fence?.[1] ?? '');
  const previous = hasClosingFence ? (lines[last - 1] ?? '') : closing;
  const separate = previous.slice(prefix.length).trim() !== '';
  const body = [
    ...(separate ? [prefix.trimEnd()] : []),
    `${prefix}# results`,
    ...results.map((q) => `${prefix}${q.name} ?= ${formatLiteral(q.value, a.options.precision, a.options.layout)}`),
  ];
  if (hasClosingFence) {
    return [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, newText: body.join('\n') + '\n' }];
  }
  const end = { line: last, character: closing.length };
  return [{ range: { start: end, end }, newText: '\n' + body.join('\n') }];
}

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

/** A closing fence line (three or more of one fence character): [line, its quote/space prefix], or null. */
export function closingFence(line: string): [string, string] | null {
  const closer = fenceCloserLine(line);
  return closer && closer.run >= 3 ? [line, line.slice(0, closer.prefix)] : null;
}
