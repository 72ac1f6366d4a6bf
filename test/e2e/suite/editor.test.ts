// In a real VS Code (code-server's Node extension host, or the desktop app through
// @vscode/test-cli): the editor features on a copy of examples/lstm-exam.md, asserted through
// VS Code's own provider commands, as a person's editor would call them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { notes } from './index';
import { EXTENSION_ID, find, open, ourDiagnostics, revert, until, type Api } from './helpers';

/** The hovers' Markdown with backslash escapes removed (as a person reads it). */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c))))
    .join('\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~$])/g, '$1');
}

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hoverText(hovers ?? []);
}

/** Resolves once `predicate` holds for the document's diagnostics (they follow edits after a debounce). */
function diagnosticsSettle(uri: vscode.Uri, predicate: (ds: vscode.Diagnostic[]) => boolean, ms = 10000): Promise<vscode.Diagnostic[]> {
  return until(() => ourDiagnostics(uri), predicate, ms);
}

describe('RNN Math Notes in VS Code', function () {
  let exam: vscode.TextDocument;
  let api: Api;

  before(async function () {
    exam = await open('lstm-exam.md');
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
    api = await ext.activate();
    await diagnosticsSettle(exam.uri, (ds) => ds.length > 0);
  });

  describe('activation', () => {
    it('is active for a Markdown note, with its commands', async () => {
      assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
      const commands = await vscode.commands.getCommands(true);
      for (const id of ['rnnMath.insertResults', 'rnnMath.toggleInlineResults', 'rnnMath.showSteps', 'rnnMath.previewQuestionSheet']) {
        assert.ok(commands.includes(id), `command ${id} is registered`);
      }
    });
  });

  describe('CodeLens', () => {
    it('says what each block computed and how many checks pass, with Show steps and Insert results', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', exam.uri, 10);
      const fence1 = find(exam, '```lstm').line;
      const fence2 = find(exam, '```lstm', 0, 1).line;
      const on = (line: number) => lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
      const q1 = on(fence1);
      const q2 = on(fence2);
      notes.push(`CodeLens Q1: ${q1[2]}`, `CodeLens Q2: ${q2[2]}`);
      assert.strictEqual(q1.length, 3, `three lenses on the first fence: ${JSON.stringify(q1)}`);
      assert.deepStrictEqual(q1.slice(0, 2), ['Show steps', 'Insert results'], 'the actions come first');
      assert.match(q1[q1.length - 1], /^LSTM · (\d+)\/\1 ✓$/, 'every check of Q1 passes');
      assert.match(q2[q2.length - 1], /^LSTM/);
      assert.strictEqual(q2[2], 'LSTM · 1/3 ✓ · 2 ✗', 'Q2 has two failing checks of three');
      assert.deepStrictEqual(q2.slice(0, 2), ['Show steps', 'Insert results'], 'the actions come first');
      const show = lenses.find((l) => l.range.start.line === fence2 && l.command?.title === 'Show steps');
      assert.strictEqual(show?.command?.command, 'rnnMath.showSteps');
      assert.strictEqual(String(show?.command?.arguments?.[0]), exam.uri.toString());
      assert.strictEqual(show?.command?.arguments?.[1], fence2);
    });

    it('goes away when rnnMath.codeLens is off', async () => {
      const config = vscode.workspace.getConfiguration('rnnMath');
      await config.update('codeLens', false, vscode.ConfigurationTarget.Global);
      try {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', exam.uri);
        assert.strictEqual(lenses.filter((l) => /^LSTM/.test(l.command?.title ?? '')).length, 0);
      } finally {
        await config.update('codeLens', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('hover', () => {
    it('on W_i: its meaning, shape 4×8, value, and the formula of i_t with shape arithmetic', async () => {
      const text = await hoverAt(exam, find(exam, 'W_i = [6', 1));
      notes.push(`hover W_i: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      assert.match(text, /4×8/);
      assert.match(text, /weights/i);
      assert.match(text, /\[ 6\s+4\s+3\s+1\s+5\s+6\s+2\s+0 \]/, 'the value, aligned');
      assert.match(text, /i_t = σ\(.*W_i/, 'the formula of i, as the note writes it');
      assert.match(text, /\(4×8\)·\(8×1\)/, 'the shape arithmetic');
    });

    it('on a failing check: stated vs computed', async () => {
      const text = await hoverAt(exam, find(exam, 'h ?= [0.2723; 0.9719]'));
      assert.match(text, /✗/);
      assert.match(text, /0\.9719/);
      assert.match(text, /0\.9724/, 'the computed 0.972474 at two extra digits');
    });

    it('on an alias in a formula (C_{t-1}) resolves to the canonical quantity', async () => {
      const text = await hoverAt(exam, find(exam, 'C_{t-1}', 2, 2));
      assert.match(text, /previous cell state/);
      assert.match(text, /4×1/);
    });

    it('on a LaTeX matrix outside any block: its dimensions', async () => {
      const text = await hoverAt(exam, find(exam, '$$E = \\begin{bmatrix}', 8));
      assert.match(text, /bmatrix/);
      assert.match(text, /4×4/);
    });

    it('on a ragged LaTeX matrix: which row is short', async () => {
      const doc = await open('latex-only.md');
      const square = await hoverAt(doc, find(doc, '\\begin{pmatrix}', 3));
      assert.match(square, /2×2/);
      const ragged = await hoverAt(doc, find(doc, '4 & 5'));
      assert.match(ragged, /3×3 \(ragged\)/);
      assert.match(ragged, /row 2 has 2 entries/);
      const none = await hoverAt(doc, find(doc, 'A slip'));
      assert.strictEqual(none, '');
    });
  });

  describe('completions while a fence is typed (issue 15, point 8)', () => {
    /**
     * The labels of the items of `kind` VS Code's completion command gets at the end of `line`,
     * typed into a new note (by kind: the words of the document are offered too, as plain text).
     */
    async function offered(line: string, trigger: string, kind: vscode.CompletionItemKind): Promise<string[]> {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: `# Notes\n\n${line}` });
      await vscode.window.showTextDocument(doc);
      const at = new vscode.Position(2, line.length);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        at,
        trigger,
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      return (list?.items ?? []).filter((i) => i.kind === kind).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    }

    it('typing ``` offers a starter block of each kind', async () => {
      const labels = await offered('```', '`', vscode.CompletionItemKind.Snippet);
      for (const kind of ['lstm', 'gru', 'rnn']) assert.ok(labels.includes(kind), `${kind} offered: ${JSON.stringify(labels)}`);
    });

    it('a space after ```gru offers the GRU options, reset and z among them', async () => {
      const labels = await offered('```gru ', ' ', vscode.CompletionItemKind.Property);
      for (const option of ['reset', 'z', 'layout']) assert.ok(labels.includes(option), `${option} offered: ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes('act'), 'act is an RNN option');
    });

    it('= after reset offers its two values', async () => {
      const labels = await offered('```gru reset=', '=', vscode.CompletionItemKind.EnumMember);
      assert.deepStrictEqual(labels.sort(), ['after', 'before']);
    });
  });

  describe('diagnostics and quick fixes', () => {
    it('puts the two slips of Question 2 in the Problems panel at their ranges, stated vs computed', () => {
      const checks = ourDiagnostics(exam.uri).filter((d) => d.code === 'check');
      notes.push(...checks.map((d) => `diagnostic ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`));
      assert.strictEqual(checks.length, 2, JSON.stringify(checks.map((d) => d.message)));
      const [c, h] = [...checks].sort((a, b) => a.range.start.line - b.range.start.line);
      const cLine = find(exam, 'c ?= [1.1469; 2.1363]');
      const hLine = find(exam, 'h ?= [0.2723; 0.9719]');
      assert.strictEqual(c.range.start.line, cLine.line);
      assert.strictEqual(h.range.start.line, hLine.line);
      assert.ok(c.range.contains(find(exam, '1.1469', 2)), `c's range ${JSON.stringify(c.range)} covers 1.1469`);
      assert.ok(h.range.contains(find(exam, '0.9719', 2)), `h's range ${JSON.stringify(h.range)} covers 0.9719`);
      assert.strictEqual(c.severity, vscode.DiagnosticSeverity.Error);
      assert.match(c.message, /1\.1469/);
      assert.match(c.message, /1\.147/);
      assert.match(h.message, /0\.9719/);
      assert.match(h.message, /0\.972/);
    });

    it('the quick fix replaces 0.9719 by the computed value and the diagnostic disappears', async () => {
      const at = find(exam, '0.9719', 2);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        exam.uri,
        new vscode.Range(at, at),
        vscode.CodeActionKind.QuickFix.value,
      );
      const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.command && /0\.972/.test(JSON.stringify(a.command.arguments)));
      assert.ok(fix?.command, `a quick fix with the computed value among ${JSON.stringify(actions.map((a) => a.title))}`);
      notes.push(`quick fix: ${fix.title}`);
      assert.strictEqual(await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? [])), true);
      try {
        const line = exam.lineAt(at.line).text;
        assert.doesNotMatch(line, /0\.9719/);
        assert.match(line, /0\.972[45]/);
        const after = await diagnosticsSettle(exam.uri, (ds) => ds.filter((d) => d.code === 'check').length === 1);
        const checks = after.filter((d) => d.code === 'check');
        assert.strictEqual(checks.length, 1, 'one slip left');
        assert.strictEqual(checks[0].range.start.line, find(exam, 'c ?= [1.1469').line, 'the one left is C_t');
      } finally {
        await revert(exam);
      }
      await diagnosticsSettle(exam.uri, (ds) => ds.filter((d) => d.code === 'check').length === 2);
    });

    it('related locations point into the block', () => {
      for (const d of ourDiagnostics(exam.uri)) {
        for (const r of d.relatedInformation ?? []) {
          assert.strictEqual(r.location.uri.toString(), exam.uri.toString());
          assert.ok(r.location.range.start.line < exam.lineCount);
        }
      }
    });
  });

  describe('the other examples', () => {
    it('gru.md: a check written with the other update convention offers `Set z=write`, which makes it pass', async () => {
      const doc = await open('gru.md');
      await diagnosticsSettle(doc.uri, (ds) => ds.some((d) => d.code === 'check'));
      const at = find(doc, 'H_t ?= [0.2284', 9);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        new vscode.Range(at, at),
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((a) => a.title);
      const setOption = actions.find((a) => /z=write/.test(a.title));
      assert.ok(setOption?.command, `a z=write fix among ${JSON.stringify(titles)}`);
      assert.strictEqual(setOption.isPreferred, true, 'the convention switch is the preferred fix');
      assert.ok(actions.some((a) => /Replace with the computed value/.test(a.title)));
      assert.strictEqual(await vscode.commands.executeCommand(setOption.command.command, ...(setOption.command.arguments ?? [])), true);
      try {
        assert.match(doc.lineAt(find(doc, '```gru').line).text, /z=write/);
        const after = await diagnosticsSettle(doc.uri, (ds) => !ds.some((d) => d.code === 'check'));
        assert.deepStrictEqual(
          after.filter((d) => d.code === 'check').map((d) => d.message),
          [],
        );
      } finally {
        await revert(doc);
      }
    });

    it('rnn-embeddings.md: a sizes-only block reports shapes and its parameter count', async () => {
      const doc = await open('rnn-embeddings.md');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const fence = find(doc, '```rnn act=sigmoid').line;
      const summary = lenses.find((l) => l.range.start.line === fence && /^RNN/.test(l.command?.title ?? ''));
      notes.push(`CodeLens sizes-only: ${summary?.command?.title}`);
      // Its one check is the parameter count (`params ?= (6×8) + …`): the lens counts it, the tooltip has the sum.
      assert.strictEqual(summary?.command?.title, 'RNN · 1/1 ✓', 'a shapes-only block whose params check passes');
      const size = await hoverAt(doc, find(doc, 'H = 5\n'));
      assert.match(size, /size/);
      assert.match(size, /5/);
      const fenceHover = await hoverAt(doc, new vscode.Position(fence, 3));
      assert.match(fenceHover, /6×8 \+ 5×6 \+ 5×5 \+ 8×5 = 143/);
    });

    it('gradients.md: an unrolled sequence lists its numbered results, and h_2 hovers with its step', async () => {
      const doc = await open('gradients.md');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      // The lens is short (split editors): the unrolled block's summary counts its checks.
      const titles = lenses.map((l) => l.command?.title ?? '').filter((t) => /^RNN/.test(t));
      notes.push(`CodeLens sequence: ${titles[1]}`);
      assert.strictEqual(titles[1], 'RNN · 5/5 ✓', JSON.stringify(titles));
      const x1 = await hoverAt(doc, find(doc, 'x_1 ='));
      assert.match(x1, /2×1/);
      assert.match(x1, /Used in/);
    });
  });

  describe('Insert results', () => {
    it('appends a check for every computed value not checked yet, which then passes', async () => {
      // Question 1 checks x, i, c and h but not the embedding e it computes
      const fence1 = find(exam, '```lstm').line;
      const before = exam.lineCount;
      const ok = await vscode.commands.executeCommand<boolean>('rnnMath.insertResults', exam.uri, fence1);
      try {
        assert.strictEqual(ok, true);
        assert.ok(exam.lineCount > before, 'lines were added');
        assert.match(exam.getText(), /# results\ne \?= \[2; 3; 3; 4\]\n```/);
        const failing = api.analyses
          .get(exam)
          .blocks.flatMap((b) => b.analysis.checks)
          .filter((c) => !c.pass);
        assert.strictEqual(failing.length, 2, 'the inserted checks all pass; only the two slips fail');
      } finally {
        await revert(exam);
      }
    });
  });

  describe('a 20,000-line note', () => {
    it('re-analyses only the edited block after a keystroke', async () => {
      const block = (i: number) =>
        [
          `## Question ${i}`,
          '',
          '```lstm',
          `h_prev = [0.${i}; 0.5]`,
          'c_prev = [1; 0.5]',
          'x = [1; 2]',
          'W_c = [3 4 0 5; 2 6 2 5]',
          'b_c = [1; 1]',
          'f = [0.3; 0.9]',
          'i = [0.9; 0.3]',
          'o = [0.3; 0.9]',
          'h ?= [0.2; 0.9]',
          '```',
          '',
          'Some text.',
          '',
          '',
          '',
          '',
          '',
        ].join('\n');
      const text = Array.from({ length: 1000 }, (_, i) => block(i)).join('\n');
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
      const editor = await vscode.window.showTextDocument(doc);
      assert.ok(doc.lineCount >= 20000, `${doc.lineCount} lines`);
      const first = api.analyses.get(doc); // analysed when it opened
      const firstMs = Math.round(api.analyses.lastDuration(doc) ?? NaN);
      assert.strictEqual(first.blocks.length, 1000);
      const line = 500 * 20 + 11; // `h ?= …` of block 500
      await editor.edit((e) => e.insert(new vscode.Position(line, doc.lineAt(line).text.length), ' '));
      const t1 = Date.now();
      const second = api.analyses.get(doc);
      const editMs = Date.now() - t1;
      assert.strictEqual(second.blocks.length, 1000);
      assert.strictEqual(second.analyzed, 1, 'only the edited block is analysed again');
      await editor.edit((e) => e.insert(new vscode.Position(300, 0), '\n'));
      const t2 = Date.now();
      const shifted = api.analyses.get(doc);
      const newlineMs = Date.now() - t2;
      assert.strictEqual(shifted.analyzed, 0, 'blocks that only moved come from the cache');
      notes.push(
        `20,000-line note (1000 blocks): first analysis ${firstMs} ms; after a keystroke in one block ` +
          `${editMs} ms (1 block re-analysed); after a new line above 985 blocks ${newlineMs} ms (0 re-analysed)`,
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  });
});
