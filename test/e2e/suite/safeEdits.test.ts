// Edits are safe: a quick fix or `Insert results` changes only its range, is one undo step, and
// is refused when the note changed since the analysis it was computed from.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, find, type FixArgs, open, ourDiagnostics, revert, until } from './helpers';
import { notes } from './index';

async function replaceCheckFix(doc: vscode.TextDocument, needle: string): Promise<{ action: vscode.CodeAction; args: FixArgs }> {
  const at = find(doc, needle, 2);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    new vscode.Range(at, at),
    vscode.CodeActionKind.QuickFix.value,
  );
  const action = actions.find(
    (a) =>
      a.kind?.value === 'quickfix' &&
      a.command?.command === 'rnnMath.applyFix' &&
      /Replace/i.test(a.title) &&
      (a.command.arguments?.[0] as FixArgs).edits.some((e) => e.range.start.line === at.line),
  );
  assert.ok(action?.command, `a replace-check fix at ${needle} among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.strictEqual(action.edit, undefined, 'the fix is a command carrying its version, not a bare WorkspaceEdit');
  return { action, args: action.command.arguments![0] as FixArgs };
}

async function run(command: vscode.Command): Promise<unknown> {
  return vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
}

async function insertAtEndOfLine(doc: vscode.TextDocument, line: number, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, doc.lineAt(line).range.end, text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('Safe edits', function () {
  let exam: vscode.TextDocument;

  before(async function () {
    await activate();
    exam = await open('lstm-exam.md');
    await until(
      () => ourDiagnostics(exam.uri).filter((d) => d.code === 'check').length,
      (n) => n === 2,
    );
  });

  afterEach(async () => {
    await revert(exam);
    await until(
      () => ourDiagnostics(exam.uri).filter((d) => d.code === 'check').length,
      (n) => n === 2,
    );
  });

  it('the replace-check fix changes exactly its range (the rest byte-identical), and one undo restores the note', async () => {
    const original = exam.getText();
    const { args, action } = await replaceCheckFix(exam, '0.9719');
    assert.strictEqual(args.version, exam.version, 'the fix carries the version it was computed for');
    assert.strictEqual(args.edits.length, 1);
    const e = args.edits[0];
    const start = exam.offsetAt(new vscode.Position(e.range.start.line, e.range.start.character));
    const end = exam.offsetAt(new vscode.Position(e.range.end.line, e.range.end.character));
    assert.strictEqual(original.slice(start, end), '[0.2723; 0.9719]', 'the range is the stated value of the failing check');
    assert.strictEqual(await run(action.command!), true);
    const after = exam.getText();
    const expected = original.slice(0, start) + e.newText + original.slice(end);
    assert.ok(Buffer.from(after, 'utf8').equals(Buffer.from(expected, 'utf8')), 'the note outside the range is byte-identical');
    assert.match(e.newText, /^\[0\.2723; 0\.972[45]\]$/);
    notes.push(
      `safe edit: "${args.title}" replaced ${end - start} characters at offset ${start} by "${e.newText}"; ` +
        `${Buffer.byteLength(original.slice(0, start))} bytes before and ${Buffer.byteLength(original.slice(end))} after unchanged`,
    );

    await vscode.window.showTextDocument(exam);
    await vscode.commands.executeCommand('undo');
    assert.ok(Buffer.from(exam.getText(), 'utf8').equals(Buffer.from(original, 'utf8')), 'one undo restores the original');
  });

  it('a fix computed at version N is refused after an edit made version N+1, and nothing changes', async () => {
    const { action, args } = await replaceCheckFix(exam, '0.9719');
    const n = exam.version;
    assert.strictEqual(args.version, n);
    await insertAtEndOfLine(exam, 0, ' (edited)');
    assert.strictEqual(exam.version, n + 1);
    const edited = exam.getText();
    assert.strictEqual(await run(action.command!), false, 'the stale fix is refused');
    assert.strictEqual(exam.getText(), edited, 'the note is unchanged');
    assert.strictEqual(exam.version, n + 1);
    notes.push(`safe edit: a fix computed at version ${n} was refused at version ${n + 1}`);
  });

  it('a fix whose edit no longer fits the note is refused even when the version matches', async () => {
    const { args } = await replaceCheckFix(exam, '0.9719');
    const bogus: FixArgs = {
      ...args,
      edits: [
        { range: { start: { line: exam.lineCount + 5, character: 0 }, end: { line: exam.lineCount + 5, character: 3 } }, newText: 'x' },
      ],
    };
    const before = exam.getText();
    assert.strictEqual(await vscode.commands.executeCommand('rnnMath.applyFix', bogus), false);
    assert.strictEqual(await vscode.commands.executeCommand('rnnMath.applyFix', { nonsense: true }), false);
    assert.strictEqual(exam.getText(), before);
  });

  it('Insert results inserts only before the closing fence, in one undo step', async () => {
    const original = exam.getText();
    const fence = find(exam, '```lstm').line;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', exam.uri);
    const lens = lenses.find((l) => l.range.start.line === fence && l.command?.title === 'Insert results');
    assert.ok(lens?.command, 'an Insert results lens on the first fence');
    assert.strictEqual(lens.command.arguments?.[2], exam.version, 'the lens carries the version it was computed for');
    assert.strictEqual(await run(lens.command), true);
    const after = exam.getText();
    // one insertion: the original is a prefix and a suffix of the new text around it
    let p = 0;
    while (p < original.length && original[p] === after[p]) p++;
    const inserted = after.length - original.length;
    assert.ok(inserted > 0);
    assert.strictEqual(after.slice(p + inserted), original.slice(p), 'everything after the insertion is unchanged');
    const closing = find(exam, '```', 0, 1); // the first block's closing fence, now after the insertion
    assert.ok(exam.offsetAt(closing) >= p + inserted - 1, 'the insertion ends at the closing fence');
    assert.match(after.slice(p, p + inserted), /# results/);
    await vscode.window.showTextDocument(exam);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(exam.getText(), original, 'one undo restores the original');
  });

  it('Insert results from a CodeLens computed before an edit inserts nothing', async () => {
    const fence = find(exam, '```lstm').line;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', exam.uri);
    const lens = lenses.find((l) => l.range.start.line === fence && l.command?.title === 'Insert results');
    assert.ok(lens?.command);
    await insertAtEndOfLine(exam, 0, ' (edited)');
    const edited = exam.getText();
    assert.strictEqual(await run(lens.command), false, 'the stale lens is refused');
    assert.strictEqual(exam.getText(), edited);
  });
});
