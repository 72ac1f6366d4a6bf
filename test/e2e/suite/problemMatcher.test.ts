// The problem matcher the extension contributes ($rnn-math, package.json): a VS Code task running
// `rnn-math check` fills the Problems panel, also for notes no editor has open. The note here is
// written to the workspace and never opened, so the extension's own diagnostics (which cover open
// notes) cannot be what is asserted: every marker on it comes from the task's output. The
// extension is active first, as in use: the matcher's owner was once the name of the extension's
// own diagnostic collection (`rnn-math`), and then the task's markers never reached the API.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ROOT, until, workspaceFile } from './helpers';

const NOTE = 'task-checked.md';
const TEXT =
  '# Checked by a task\n\n```lstm\nh_prev = [0.4165792; 0.32134238]\nc_prev = [0.44354576; 1.99999732]\nx = [0; 2]\nW_c = [3 4 0 5; 2 6 2 5]\nb_c = [1; 1]\nf = [0.33209835; 0.9014788]\ni = [0.99999057; 0.333263]\no = [0.33333224; 0.99998962]\n\nc ?= [1.1469; 2.1363]\n```\n';

describe('the $rnn-math problem matcher in a VS Code task', function () {
  this.timeout(60000);
  const uri = workspaceFile(NOTE);
  before(() => fs.writeFileSync(uri.fsPath, TEXT));
  after(() => fs.rmSync(uri.fsPath, { force: true }));

  it('a task running rnn-math check puts the failing check of an unopened note in the Problems panel', async () => {
    // As in a person's editor, the extension is active and has diagnostics of its own (gru.md).
    const other = await vscode.workspace.openTextDocument(workspaceFile('gru.md'));
    await until(
      () => vscode.languages.getDiagnostics(other.uri),
      (ds) => ds.length > 0,
      20000,
    );
    const folder = vscode.workspace.workspaceFolders![0];
    const task = new vscode.Task(
      { type: 'process', label: 'rnn-math check' },
      folder,
      'rnn-math check',
      'rnn-math',
      new vscode.ProcessExecution(process.execPath, [path.join(ROOT, 'bin', 'rnn-math.js'), 'check', NOTE], { cwd: folder.uri.fsPath }),
      '$rnn-math',
    );
    const ended = new Promise<number | undefined>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name !== 'rnn-math check') return;
        sub.dispose();
        resolve(e.exitCode);
      });
    });
    await vscode.tasks.executeTask(task);
    assert.strictEqual(await ended, 1, 'rnn-math check exits 1 on a failed check');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath), 'the note was never opened');
    const diags = await until(
      () => vscode.languages.getDiagnostics(uri),
      (ds) => ds.length > 0,
      45000,
    );
    const elsewhere = vscode.languages
      .getDiagnostics()
      .filter(([, ds]) => ds.some((x) => x.message.startsWith('check c: element 1 is 1.1469')))
      .map(([u]) => u.toString());
    assert.strictEqual(
      diags.length,
      1,
      `on ${uri.toString()}: ${JSON.stringify(diags)}; that check is reported on: ${elsewhere.join(', ')}`,
    );
    const [d] = diags;
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(d.source, 'rnn-math');
    assert.strictEqual(String(typeof d.code === 'object' ? d.code.value : d.code), 'check');
    assert.deepStrictEqual([d.range.start.line, d.range.start.character], [12, 5]);
    assert.match(d.message, /^check c: element 1 is 1\.1469 but computes to 1\.147291/);
  });
});
