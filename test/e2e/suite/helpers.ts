// Shared helpers of the in-host suites (not a test file: index.ts loads only *.test.js).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PassStats } from '../../../src/extension/analysisService';

export const EXTENSION_ID = 'rnn-math-notes.rnn-math-notes';

/** The repository (the extension development path): out/test/e2e/suite → ../../../.. */
export const ROOT = path.resolve(__dirname, '../../../..');

export interface Api {
  readonly analyses: {
    get(doc: vscode.TextDocument): {
      blocks: readonly { block: { range: { start: { line: number } } }; analysis: { checks: readonly { pass: boolean }[] } }[];
      analyzed: number;
    };
    versionOf(doc: vscode.TextDocument): number | undefined;
    whenAnalysed(doc: vscode.TextDocument): Promise<{ blocks: readonly unknown[] }>;
    lastDuration(doc: vscode.TextDocument): number | undefined;
    lastPass(doc: vscode.TextDocument): PassStats | undefined;
    readonly size: number;
  };
}

export async function activate(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  return ext.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder holding a copy of examples/');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Position of the `occurrence`-th `needle` in the document (plus `offset` characters). */
export function find(doc: vscode.TextDocument, needle: string, offset = 0, occurrence = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let k = 0; k <= occurrence; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (#${k + 1}) not found in ${path.basename(doc.uri.path)}`);
  }
  return doc.positionAt(at + offset);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rnn-math');
}

export async function until<T>(probe: () => T, ok: (v: T) => boolean, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (doc.isClosed || (!doc.isDirty && !doc.isUntitled)) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/** The edit arguments a fix command carries (src/extension/safeEdit.ts FixArgs). */
export interface FixArgs {
  readonly uri: string;
  readonly version: number;
  readonly title: string;
  readonly edits: readonly {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[];
}
