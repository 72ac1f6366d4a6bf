// Safe edits: every edit the extension makes to a note (quick fixes, `Insert results`) was
// computed from one analysis, made for one version of the document. It is applied only to that
// version — if the note changed in between (typing, a formatter, another extension, a file
// reload), the edit is refused with a message and nothing happens. The edits of one fix go in
// one WorkspaceEdit, so they are one undo step, and they replace exactly their ranges.
import * as vscode from 'vscode';
import type { TextEdit } from '../engine/types';
import { toRange } from './convert';

/** Internal command (not in the palette): applies a fix computed at a known document version. */
export const APPLY_FIX_COMMAND = 'rnnMath.applyFix';

/** The argument of APPLY_FIX_COMMAND (plain data, so VS Code can pass it through the command). */
export interface FixArgs {
  readonly uri: string;
  /** The TextDocument.version the analysis (and so the edits' ranges) was made for. */
  readonly version: number;
  readonly title: string;
  /** In document coordinates (convert.ts documentEdits), not relative to a block. */
  readonly edits: readonly TextEdit[];
}

export type ApplyResult = 'applied' | 'stale' | 'invalid' | 'failed';

export const STALE_MESSAGE =
  'RNN Math Notes: the note changed since this fix was computed, so it was not applied. ' +
  'Wait for the analysis to catch up and try again.';

/** The command VS Code runs for a code action or lens: the fix, tied to the analysed version. */
export function fixCommand(uri: vscode.Uri, version: number, title: string, edits: readonly TextEdit[]): vscode.Command {
  const args: FixArgs = { uri: uri.toString(), version, title, edits: edits.map(copyEdit) };
  return { command: APPLY_FIX_COMMAND, title, arguments: [args] };
}

function copyEdit(e: TextEdit): TextEdit {
  const { start, end } = e.range;
  return {
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    newText: e.newText,
  };
}

/** Whether `value` looks like FixArgs (commands can be invoked with anything). */
export function isFixArgs(value: unknown): value is FixArgs {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.uri === 'string' &&
    typeof v.version === 'number' &&
    typeof v.title === 'string' &&
    Array.isArray(v.edits) &&
    v.edits.every((e) => {
      const r = (e as TextEdit)?.range;
      const n = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
      return (
        typeof (e as TextEdit)?.newText === 'string' &&
        r &&
        n(r.start?.line) &&
        n(r.start?.character) &&
        n(r.end?.line) &&
        n(r.end?.character)
      );
    })
  );
}

/**
 * Applies `edits` to `doc` as one WorkspaceEdit (one undo step) when the document is still at
 * `version` and every range lies inside it; otherwise shows why and changes nothing.
 */
export async function applyAtVersion(
  doc: vscode.TextDocument,
  version: number,
  title: string,
  edits: readonly TextEdit[],
): Promise<ApplyResult> {
  if (doc.isClosed || doc.version !== version) {
    void vscode.window.showWarningMessage(
      STALE_MESSAGE + ` (${title}: computed for version ${version}, the note is at version ${doc.version}.)`,
    );
    return 'stale';
  }
  const ranges = edits.map((e) => toRange(e.range, 0)); // document coordinates already
  if (ranges.some((r) => !doc.validateRange(r).isEqual(r)) || overlaps(ranges)) {
    void vscode.window.showWarningMessage(`RNN Math Notes: "${title}" does not fit the note any more; nothing was changed.`);
    return 'invalid';
  }
  const edit = new vscode.WorkspaceEdit();
  edits.forEach((e, k) => edit.replace(doc.uri, ranges[k], e.newText));
  // The check above and this call run in one turn of the extension host. A change still in
  // flight from the editor is caught by VS Code itself: workspace.applyEdit sends the version the
  // extension host knows (the one just checked) and the editor refuses an edit to another version.
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) {
    void vscode.window.showWarningMessage(
      `RNN Math Notes: VS Code did not apply "${title}" (the note may have changed); nothing was changed.`,
    );
    return 'failed';
  }
  return 'applied';
}

function overlaps(ranges: readonly vscode.Range[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.start.compareTo(b.start));
  for (let k = 1; k < sorted.length; k++) if (sorted[k].start.isBefore(sorted[k - 1].end)) return true;
  return false;
}

/** The handler of APPLY_FIX_COMMAND: true when the fix was applied. */
export async function applyFixCommand(args: unknown): Promise<boolean> {
  if (!isFixArgs(args)) {
    void vscode.window.showWarningMessage('RNN Math Notes: this fix has no edits to apply.');
    return false;
  }
  const uri = vscode.Uri.parse(args.uri);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc) {
    void vscode.window.showWarningMessage(`RNN Math Notes: the note of "${args.title}" is no longer open; nothing was changed.`);
    return false;
  }
  return (await applyAtVersion(doc, args.version, args.title, args.edits)) === 'applied';
}
