// One analysis per open Markdown document, shared by every surface (CodeLens, hover, inline
// results, diagnostics, code actions, the step panel and the preview).
//
// Ordinary notes: each document has its own DocumentAnalyzer, whose cache is keyed by block
// text: after a keystroke only the edited block is analysed again. `get` is synchronous and
// memoised by the document version, so providers VS Code calls right after an edit see the new
// text; the `onDidChange` event is debounced (~150 ms) so that diagnostics and decorations follow
// typing without running on every key.
//
// Huge notes (more than COOPERATIVE_CHARS characters): a synchronous pass could hold the
// extension host for seconds (markdown-it over megabytes, thousands of blocks, each allowed up
// to 1 s by the engine's budget), and every other extension's hovers, completions and
// diagnostics would wait. They are analysed cooperatively instead: blocks are found chunk by
// chunk (chunkedBlocks.ts) and analysed one by one, with a pause (host.ts) whenever a slice
// has run SLICE_MS; a newer version of the document cancels the pass in progress and starts
// over after the debounce, re-using every block whose text did not change. Meanwhile `get`
// returns the last finished analysis (possibly of an older version: `versionOf` says which, and
// edits computed from it are refused — safeEdit.ts) and never blocks.
import * as vscode from 'vscode';
import type { AnalysisSettings } from '../engine/types';
import { splitLines } from '../markdown/blocks';
import { DocumentAnalyzer, type AnalyzedBlock, type DocumentAnalysis } from '../markdown/document';
import { findBlocksIn, planChunks, topLevelStarts } from './chunkedBlocks';
import { affectsAnalysis, readSettings } from './config';
import { pause } from './host';

export interface AnalysisSource {
  get(doc: vscode.TextDocument): DocumentAnalysis;
  readonly onDidChange: vscode.Event<vscode.TextDocument>;
}

/** What the editing surfaces need: the analysis and the document version it was made for. */
export interface VersionedAnalysisSource extends AnalysisSource {
  /** The document version the analysis `get` returns was made for (it may lag behind for huge notes). */
  versionOf(doc: vscode.TextDocument): number | undefined;
}

/** Notes longer than this (in characters) are analysed cooperatively, in slices. */
export const COOPERATIVE_CHARS = 1_000_000;
/** Longest run of work between two pauses in a cooperative pass (one block may take longer). */
export const SLICE_MS = 15;

/** Figures of the last cooperative pass over a document (for the log and tests). */
export interface PassStats {
  readonly version: number;
  readonly blocks: number;
  readonly analyzed: number;
  readonly slices: number;
  /** Longest time the pass held the extension host without a pause. */
  readonly maxSliceMs: number;
  /** Wall time from start to end, pauses included. */
  readonly totalMs: number;
}

interface Running {
  readonly version: number;
  cancelled: boolean;
  readonly done: Promise<void>;
}

interface Entry {
  /** The document's one block cache (created on first use), for ordinary and huge notes alike. */
  analyzer?: DocumentAnalyzer;
  settings: AnalysisSettings;
  /** The version `result` was made for (−1: none yet, or settings changed). */
  version: number;
  result: DocumentAnalysis;
  timer?: ReturnType<typeof setTimeout>;
  /** Milliseconds the last full-document pass took (find blocks + analyse changed blocks). */
  lastMs: number;
  // cooperative notes
  cooperative: boolean;
  running?: Running;
  stats?: PassStats;
}

const EMPTY: DocumentAnalysis = { blocks: [], analyzed: 0 };

export function isNotesDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'markdown';
}

export class AnalysisService implements VersionedAnalysisSource, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly emitter = new vscode.EventEmitter<vscode.TextDocument>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidChange = this.emitter.event;
  private readonly initial: ReturnType<typeof setTimeout>;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly delayMs = 150,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.refreshNow(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!e.contentChanges.length) return;
        const running = this.entries.get(key(e.document))?.running;
        if (running) running.cancelled = true; // a newer version: start over after the debounce
        this.schedule(e.document);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.drop(doc)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsAnalysis(e)) return;
        for (const doc of vscode.workspace.textDocuments) {
          const entry = this.entries.get(key(doc));
          if (!entry) continue;
          entry.settings = settingsFor(doc);
          entry.analyzer?.setSettings(entry.settings);
          if (entry.running) entry.running.cancelled = true;
          entry.version = -1;
          this.refreshNow(doc);
        }
      }),
    );
    // Notes already open are analysed just after activation, not during it: a surface that asks
    // first (`get`) still gets its analysis at once, and every surface hears `onDidChange`.
    this.initial = setTimeout(() => {
      for (const doc of vscode.workspace.textDocuments) this.refreshNow(doc);
    }, 0);
  }

  /**
   * The analysis of the document's current text (analysed now if it changed since last time);
   * for a huge note, the last finished analysis while a cooperative pass catches up.
   */
  get(doc: vscode.TextDocument): DocumentAnalysis {
    if (!isNotesDocument(doc)) return EMPTY;
    if (doc.isClosed) return this.entries.get(key(doc))?.result ?? EMPTY; // never re-create a dropped entry
    const entry = this.entry(doc);
    if (entry.version === doc.version) return entry.result;
    if (entry.cooperative || documentLength(doc) > COOPERATIVE_CHARS) {
      this.startPass(doc, entry);
      return entry.result;
    }
    const t0 = performance.now();
    try {
      entry.analyzer ??= new DocumentAnalyzer(entry.settings);
      entry.result = entry.analyzer.analyze(doc.getText());
    } catch (err) {
      // The engine promises never to throw; if it does, keep the editor usable and say so.
      this.log.error(`analysis of ${doc.uri.toString(true)} failed: ${errorText(err)}`);
      entry.analyzer?.clear();
      entry.result = EMPTY;
    }
    entry.lastMs = performance.now() - t0;
    entry.version = doc.version;
    if (entry.lastMs > 50) {
      this.log.debug(
        `analysed ${doc.uri.toString(true)} v${doc.version}: ${entry.result.blocks.length} blocks, ` +
          `${entry.result.analyzed} re-analysed, ${entry.lastMs.toFixed(1)} ms`,
      );
    }
    return entry.result;
  }

  /** The version the analysis `get` returns was made for; undefined before the first one. */
  versionOf(doc: vscode.TextDocument): number | undefined {
    if (!isNotesDocument(doc)) return doc.version;
    const entry = this.entries.get(key(doc));
    return entry && entry.version >= 0 ? entry.version : undefined;
  }

  /** Resolves with the analysis of the document's current version (at once for ordinary notes). */
  async whenAnalysed(doc: vscode.TextDocument): Promise<DocumentAnalysis> {
    for (;;) {
      const result = this.get(doc);
      const entry = this.entries.get(key(doc));
      if (!entry || doc.isClosed || entry.version === doc.version) return result;
      if (entry.running) await entry.running.done;
      else await new Promise((r) => setTimeout(r, 20));
    }
  }

  private entry(doc: vscode.TextDocument): Entry {
    let entry = this.entries.get(key(doc));
    if (!entry) {
      entry = { settings: settingsFor(doc), version: -1, result: EMPTY, lastMs: 0, cooperative: false };
      this.entries.set(key(doc), entry);
    }
    return entry;
  }

  /** How long the last analysis of this document took, in ms (for the log and tests). */
  lastDuration(doc: vscode.TextDocument): number | undefined {
    return this.entries.get(key(doc))?.lastMs;
  }

  /** Figures of the last cooperative pass over this document, if it is a huge note. */
  lastPass(doc: vscode.TextDocument): PassStats | undefined {
    return this.entries.get(key(doc))?.stats;
  }

  /** Whether the document currently holds any block (cheap: uses the cached analysis). */
  hasBlocks(doc: vscode.TextDocument): boolean {
    return this.get(doc).blocks.length > 0;
  }

  private startPass(doc: vscode.TextDocument, entry: Entry): void {
    if (entry.running && !entry.running.cancelled && entry.running.version === doc.version) return;
    if (entry.running) entry.running.cancelled = true;
    entry.cooperative = true;
    const state = { version: doc.version, cancelled: false } as { version: number; cancelled: boolean; done: Promise<void> };
    entry.running = state;
    state.done = this.pass(doc, entry, state);
  }

  private async pass(doc: vscode.TextDocument, entry: Entry, state: { version: number; cancelled: boolean }): Promise<void> {
    const version = state.version;
    const stale = () => state.cancelled || doc.isClosed || doc.version !== version || this.entries.get(key(doc)) !== entry;
    const t0 = performance.now();
    let sliceStart = t0;
    let maxSliceMs = 0;
    let slices = 0;
    /** Ends a slice when it ran long enough: false when the pass must stop. */
    const breathe = async (force = false): Promise<boolean> => {
      const now = performance.now();
      if (!force && now - sliceStart < SLICE_MS) return true;
      maxSliceMs = Math.max(maxSliceMs, now - sliceStart);
      slices++;
      await pause();
      sliceStart = performance.now();
      return !stale();
    };
    try {
      if (!(await breathe(true))) return;
      const text = doc.getText();
      const lines = splitLines(text);
      const chunks = planChunks(lines, topLevelStarts(text));
      if (!(await breathe(true))) return;
      const analyzer = (entry.analyzer ??= new DocumentAnalyzer(entry.settings));
      const out: AnalyzedBlock[] = [];
      let analyzed = 0;
      for (const chunk of chunks) {
        for (const block of findBlocksIn(lines, chunk)) {
          const { analysis, fresh } = analyzer.analysisOf(block);
          if (fresh) analyzed++;
          out.push({ block, analysis });
          if (!(await breathe())) return;
        }
        if (!(await breathe())) return;
      }
      maxSliceMs = Math.max(maxSliceMs, performance.now() - sliceStart);
      if (stale()) return;
      analyzer.retain(out);
      entry.result = { blocks: out, analyzed };
      entry.version = version;
      entry.lastMs = performance.now() - t0;
      entry.stats = { version, blocks: out.length, analyzed, slices, maxSliceMs, totalMs: entry.lastMs };
      this.log.debug(
        `analysed ${doc.uri.toString(true)} v${version} cooperatively: ${out.length} blocks, ${analyzed} re-analysed, ` +
          `${entry.lastMs.toFixed(0)} ms in ${slices} slices (longest ${maxSliceMs.toFixed(0)} ms)`,
      );
      this.emitter.fire(doc);
    } catch (err) {
      this.log.error(`analysis of ${doc.uri.toString(true)} failed: ${errorText(err)}`);
      entry.analyzer?.clear();
      entry.result = EMPTY;
      entry.version = version;
    } finally {
      // a pass that stopped for a newer version leaves the next one to the debounce (or to `get`)
      if (entry.running === state) entry.running = undefined;
    }
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isNotesDocument(doc) || doc.isClosed) return; // never re-create the entry of a closed note
    const pending = this.entries.get(key(doc))?.timer;
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      const e = this.entries.get(key(doc));
      if (e) e.timer = undefined;
      if (doc.isClosed) return;
      this.refreshNow(doc);
    }, this.delayMs);
    this.entry(doc).timer = timer;
  }

  /** Analyses now (or starts a cooperative pass, which fires when it is done). */
  private refreshNow(doc: vscode.TextDocument): void {
    if (!isNotesDocument(doc) || doc.isClosed) return;
    this.get(doc);
    if (this.versionOf(doc) === doc.version) this.emitter.fire(doc);
  }

  private drop(doc: vscode.TextDocument): void {
    const entry = this.entries.get(key(doc));
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    if (entry.running) entry.running.cancelled = true;
    entry.analyzer = undefined;
    entry.result = EMPTY;
    this.entries.delete(key(doc));
  }

  /** Number of documents with a live analysis (for tests). */
  get size(): number {
    return this.entries.size;
  }

  dispose(): void {
    clearTimeout(this.initial);
    for (const entry of this.entries.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      if (entry.running) entry.running.cancelled = true;
    }
    this.entries.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function key(doc: vscode.TextDocument): string {
  return doc.uri.toString();
}

/** Characters in the document, without building its text (line offsets are cached by VS Code). */
function documentLength(doc: vscode.TextDocument): number {
  if (doc.lineCount === 0) return 0;
  return doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end);
}

function settingsFor(doc: vscode.TextDocument): AnalysisSettings {
  return readSettings(doc.uri).analysis;
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
}
