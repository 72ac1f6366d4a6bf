// A 5 MB note with 2,000 blocks, some pathological (bigNote.ts; generated here, never committed),
// opened in the real VS Code: while the extension analyses it, another provider (the hover on a
// small note) keeps answering and the extension host's event loop is never held for long; the
// analysis ends with every block; and after the note is closed the extension host's heap returns
// near where it started. The figures go to the e2e output (`·` lines).
import * as assert from 'assert';
import * as fs from 'fs';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { makeBigNote } from './bigNote';
import { activate, find, open, sleep, until, workspaceFile } from './helpers';
import { notes } from './index';

/**
 * A real gc(): the host's if exposed, else V8's, exposed on the fly (code-server's extension host
 * runs without --expose-gc; setting the flag at run time exposes `gc` in a new context). Checked:
 * 64 MB of garbage must be gone after it.
 */
function findGc(): { gc: () => void; how: string } | undefined {
  const candidates: [string, () => (() => void) | undefined][] = [
    ['globalThis.gc', () => (globalThis as { gc?: () => void }).gc],
    [
      'v8.setFlagsFromString + vm',
      () => {
        v8.setFlagsFromString('--expose-gc');
        return vm.runInNewContext('gc') as (() => void) | undefined;
      },
    ],
  ];
  for (const [how, get] of candidates) {
    try {
      const gc = get();
      if (typeof gc !== 'function') continue;
      gc();
      const before = process.memoryUsage().heapUsed;
      let garbage: number[][] | undefined = [];
      for (let k = 0; k < 64; k++) garbage.push(new Array<number>(128 * 1024).fill(k + 0.5));
      const full = process.memoryUsage().heapUsed;
      garbage = undefined;
      gc();
      const after = process.memoryUsage().heapUsed;
      if (full - before > 40 * MB && after - before < 16 * MB) return { gc, how };
    } catch {
      // try the next way
    }
  }
  return undefined;
}

const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(1);

/**
 * heapUsed once it has settled: full collections until two samples in a row agree within 1 MB
 * (at most `rounds`), the lowest sample.
 */
async function settledHeap(gc: () => void, rounds = 12): Promise<number> {
  let low = Number.POSITIVE_INFINITY;
  let prev = Number.NaN;
  for (let k = 0; k < rounds; k++) {
    gc();
    await sleep(150);
    gc();
    const h = process.memoryUsage().heapUsed;
    low = Math.min(low, h);
    if (Math.abs(h - prev) < MB) break;
    prev = h;
  }
  return low;
}

async function hoverMs(uri: vscode.Uri, pos: vscode.Position): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
  return { ms: performance.now() - t0, count: hovers?.length ?? 0 };
}

/** The longest the extension host's event loop went without running a 10 ms timer. */
function lagMonitor(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last - 10);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}

interface Phase {
  probe: number[];
  markdown: number[];
  lagMs: number;
  wallMs: number;
}

interface Targets {
  probe: vscode.Uri;
  small: vscode.Uri;
  pos: vscode.Position;
}

/**
 * Until `done()`: two loops of hovers — on a plain-text probe answered by a provider registered
 * in this extension host (it measures exactly how long the host's event loop makes a request
 * wait), and on the small Markdown note (which also waits for VS Code's Markdown language
 * server, busy with the same 5 MB) — and the event-loop lag.
 */
async function whileBusy(done: () => boolean, t: Targets, limitMs = 300000): Promise<Phase> {
  const t0 = performance.now();
  const lag = lagMonitor();
  const over = () => done() || performance.now() - t0 > limitMs;
  const loop = async (uri: vscode.Uri, pos: vscode.Position, out: number[]) => {
    while (!over()) {
      const h = await hoverMs(uri, pos);
      assert.ok(h.count > 0, `${uri.path} still hovers`);
      out.push(h.ms);
      await sleep(5);
    }
  };
  const probe: number[] = [];
  const markdown: number[] = [];
  await Promise.all([loop(t.probe, new vscode.Position(0, 1), probe), loop(t.small, t.pos, markdown)]);
  return { probe, markdown, lagMs: lag.stop(), wallMs: performance.now() - t0 };
}

function stats(xs: readonly number[]): string {
  const sorted = [...xs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  return `${xs.length} answered, median ${median.toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? NaN).toFixed(0)} ms`;
}

function describePhase(p: Phase): string {
  return (
    `probe hover (this extension host) ${stats(p.probe)}; Markdown hover on gru.md ${stats(p.markdown)}; ` +
    `event loop held at most ${p.lagMs.toFixed(0)} ms; ${(p.wallMs / 1000).toFixed(1)} s`
  );
}

describe('A 5 MB note with 2,000 blocks', function () {
  this.timeout(480000);

  it('keeps the extension host responsive while it is analysed, and memory returns near its start after closing', async () => {
    const api = await activate();
    const small = await open('gru.md');
    const pos = find(small, 'W_xr = [', 1);
    for (let k = 0; k < 3; k++) assert.ok((await hoverMs(small.uri, pos)).count > 0, 'the small note hovers');
    const idle = await hoverMs(small.uri, pos);
    // the probe: a plain-text file whose hover this extension host answers
    const probe = workspaceFile('probe.txt');
    fs.writeFileSync(probe.fsPath, 'probe\n');
    const probeProvider = vscode.languages.registerHoverProvider(
      { pattern: '**/probe.txt' },
      { provideHover: () => new vscode.Hover('probe') },
    );
    await vscode.workspace.openTextDocument(probe);
    const targets: Targets = { probe, small: small.uri, pos };

    const found = findGc();
    assert.ok(found, 'a working gc() in the extension host (without it the heap figures mean nothing)');
    const gc = found.gc;
    const heldBefore = api.analyses.size;
    const heapStart = await settledHeap(gc);

    const file = workspaceFile('huge-note.md');
    const plain = workspaceFile('huge-note.txt');
    const bytes = await (async () => {
      const note = makeBigNote();
      fs.writeFileSync(file.fsPath, note.text);
      fs.writeFileSync(plain.fsPath, note.text);
      return Buffer.byteLength(note.text, 'utf8');
    })();
    assert.ok(bytes >= 5 * MB, `${bytes} bytes`);

    // 0. Baseline: the same 5 MB as plain text (which the extension does not analyse), to tell
    //    VS Code's own cost of a 5 MB document from the extension's.
    const tb = performance.now();
    let baselineDoc: vscode.TextDocument | undefined = await vscode.workspace.openTextDocument(plain);
    const baseline = await whileBusy(() => performance.now() - tb > 8000, targets);
    const delPlain = new vscode.WorkspaceEdit();
    delPlain.deleteFile(plain, { ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(delPlain);
    await until(
      () => baselineDoc!.isClosed,
      (c) => c,
      30000,
    );
    baselineDoc = undefined;

    // 1. Opened by the extension host (as a preview or another extension would): the analysis
    //    runs in slices while the other note keeps hovering.
    const t0 = performance.now();
    let big: vscode.TextDocument | undefined = await vscode.workspace.openTextDocument(file);
    const openMs = performance.now() - t0;
    const phase1 = await whileBusy(() => api.analyses.versionOf(big!) === big!.version, targets);
    const pass1 = api.analyses.lastPass(big);
    assert.strictEqual((await api.analyses.whenAnalysed(big)).blocks.length, 2000, 'every block analysed');

    // 2. Shown in an editor (CodeLens, inline results, diagnostics for 2,000 blocks), then a
    //    keystroke: re-analysed in slices from the cache while the other note keeps hovering.
    const t1 = performance.now();
    await vscode.window.showTextDocument(big, { preview: false });
    const showMs = performance.now() - t1;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(big.uri, new vscode.Position(0, 1), ' ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const phase2 = await whileBusy(() => api.analyses.versionOf(big!) === big!.version, targets);
    const pass2 = api.analyses.lastPass(big);
    assert.strictEqual((await api.analyses.whenAnalysed(big)).blocks.length, 2000);
    const bigHover = await hoverMs(big.uri, new vscode.Position(10, 2));

    const heapAnalysed = await settledHeap(gc);
    const analysisRef = new WeakRef(api.analyses.get(big));

    // 3. Closed: revert the keystroke, close the editor, delete the file through VS Code (which
    //    also releases the extension host's reference to the document), drop every reference.
    await vscode.window.showTextDocument(big);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const del = new vscode.WorkspaceEdit();
    del.deleteFile(file, { ignoreIfNotExists: true });
    await vscode.workspace.applyEdit(del);
    const closed = await until(
      () => big!.isClosed,
      (c) => c,
      60000,
    );
    // What must be released: the document and its last analysis (weakly held here).
    const docRef = new WeakRef(big);
    big = undefined;
    // The service drops the note on close; a pass still running stops at its next pause.
    const held = await until(
      () => api.analyses.size,
      (n) => n <= heldBefore,
      10000,
    );
    // Settled heap after closing vs settled heap before opening. On a loaded machine the host
    // may still be working through messages about the closed note (its editor's CodeLens,
    // decorations, the Markdown extension): re-measure for up to 30 s until it is back.
    const tEnd = performance.now();
    let heapEnd = await settledHeap(gc);
    while (heapEnd - heapStart >= 30 * MB && performance.now() - tEnd < 30000) {
      await sleep(1000);
      heapEnd = Math.min(heapEnd, await settledHeap(gc));
    }
    const settleMs = performance.now() - tEnd;
    const released = `document released: ${docRef.deref() === undefined}, its analysis released: ${analysisRef.deref() === undefined}`;

    notes.push(
      `5 MB plain-text baseline (not analysed), first 8 s after opening: ${describePhase(baseline)}`,
      `5 MB note: ${mb(bytes)} MB, 2000 blocks (40 pathological); openTextDocument ${openMs.toFixed(0)} ms; first analysis ` +
        (pass1
          ? `${(pass1.totalMs / 1000).toFixed(1)} s in ${pass1.slices} slices (longest ${pass1.maxSliceMs.toFixed(0)} ms), ${pass1.analyzed} blocks analysed`
          : '?'),
      `5 MB note, first analysis: ${describePhase(phase1)} (idle hover: ${idle.ms.toFixed(0)} ms)`,
      `5 MB note: shown in an editor in ${showMs.toFixed(0)} ms; after a keystroke re-analysed ` +
        (pass2
          ? `in ${(pass2.totalMs / 1000).toFixed(1)} s (${pass2.analyzed} blocks analysed, longest slice ${pass2.maxSliceMs.toFixed(0)} ms)`
          : '?') +
        `; meanwhile ${describePhase(phase2)}; a hover on the huge note ${bigHover.ms.toFixed(0)} ms`,
      `5 MB note: extension-host heapUsed after gc (${found.how}): before ${mb(heapStart)} MB, ` +
        `analysed ${mb(heapAnalysed)} MB (+${mb(heapAnalysed - heapStart)}), after closing ${mb(heapEnd)} MB ` +
        `(${heapEnd >= heapStart ? '+' : ''}${mb(heapEnd - heapStart)}, settled in ${(settleMs / 1000).toFixed(1)} s); ` +
        `document closed: ${closed}; ${released}; analyses held: ${held} (before opening ${heldBefore})`,
    );
    probeProvider.dispose();
    // First analysis (the expensive one: every block analysed, in slices): the probe provider in
    // this extension host keeps answering, fast, and the event loop is never held for long.
    assert.ok(phase1.probe.length >= 3, `${phase1.probe.length} probe hovers measured during the first analysis`);
    assert.ok(
      Math.max(...phase1.probe) < 2000,
      `the slowest probe hover during the first analysis took ${Math.max(...phase1.probe).toFixed(0)} ms`,
    );
    assert.ok(phase1.lagMs < 2000, `the event loop was held ${phase1.lagMs.toFixed(0)} ms during the first analysis`);
    assert.ok(pass1 && pass1.maxSliceMs < 2000, 'no slice of the first analysis ran 2 s');
    // Re-analysis with the note in an editor: from the cache, in slices. (The hovers' round trip
    // then also waits for the workbench and VS Code's Markdown language server re-parsing 5 MB:
    // reported above, not asserted.)
    assert.ok(pass2 && pass2.analyzed <= 1 && pass2.maxSliceMs < 2000, `re-analysis from the cache in slices: ${JSON.stringify(pass2)}`);
    assert.ok(closed, 'the document closed');
    assert.ok(held <= heldBefore, `the analysis service dropped the closed note (${held} held, ${heldBefore} before)`);
    assert.ok(heapEnd - heapStart < 30 * MB, `heap grew by ${mb(heapEnd - heapStart)} MB`);
  });
});
