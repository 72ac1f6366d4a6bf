// VS Code glue: one analysis service per window (one analyser per Markdown document) and the
// surfaces that render its results. Activated on `onLanguage:markdown` (and the commands).
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { AnalysisService, type VersionedAnalysisSource } from './analysisService';
import { BlockCodeActionProvider } from './codeActions';
import { BlockCodeLensProvider } from './codeLens';
import { Command, Setting } from './commands';
import { FenceCompletionProvider } from './completions';
import { InlineResultsDecorator } from './decorations';
import { subscribeToDocumentChanges } from './diagnostics';
import { registerGrading } from './grading';
import { hostKind } from './host';
import { NotesHoverProvider } from './hover';
import { registerQuestionSheet } from './questionSheet';
import { insertResultsCommand } from './insertResults';
import { APPLY_FIX_COMMAND, applyFixCommand } from './safeEdit';
import { registerSolutionSurfaces } from './solutionSurfaces';
import { registerWalkthrough, reportingFirstHover } from './walkthrough';

/** What `activate` returns: the Markdown preview plugin hook, and the analyses (for tests). */
export interface RnnMathApi {
  extendMarkdownIt(md: MarkdownIt): MarkdownIt;
  readonly analyses: VersionedAnalysisSource & Pick<AnalysisService, 'lastDuration' | 'lastPass' | 'whenAnalysed' | 'size'>;
}

/** Markdown in any scheme: files, untitled notes, virtual workspaces. */
const NOTES: vscode.DocumentSelector = [{ language: 'markdown' }];

export function activate(context: vscode.ExtensionContext): RnnMathApi {
  const log = vscode.window.createOutputChannel('RNN Math Notes', { log: true });
  const analyses = new AnalysisService(log);
  context.subscriptions.push(log, analyses);
  // which host runs the extension (vscode.dev and github.dev: the web worker host); the web e2e test reads it
  log.info(`activated in the ${hostKind()} extension host`);

  subscribeToDocumentChanges(context, analyses);

  const lenses = new BlockCodeLensProvider(analyses);
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(NOTES, lenses),
    analyses.onDidChange(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Setting.Section}.${Setting.CodeLens}`)) lenses.refresh();
    }),
  );

  context.subscriptions.push(
    vscode.languages.registerHoverProvider(NOTES, reportingFirstHover(new NotesHoverProvider(analyses))),
    vscode.languages.registerCodeActionsProvider(NOTES, new BlockCodeActionProvider(analyses), BlockCodeActionProvider.metadata),
    vscode.languages.registerCompletionItemProvider(NOTES, new FenceCompletionProvider(), ...FenceCompletionProvider.triggerCharacters),
    new InlineResultsDecorator(analyses),
    vscode.commands.registerCommand(Command.InsertResults, (uri?: unknown, fenceLine?: unknown, version?: unknown) =>
      insertResultsCommand(
        analyses,
        uri instanceof vscode.Uri ? uri : undefined,
        typeof fenceLine === 'number' ? fenceLine : undefined,
        typeof version === 'number' ? version : undefined,
      ),
    ),
    vscode.commands.registerCommand(APPLY_FIX_COMMAND, (args: unknown) => applyFixCommand(args)),
    vscode.commands.registerCommand(Command.ToggleInlineResults, async () => {
      const config = vscode.workspace.getConfiguration(Setting.Section);
      await config.update(Setting.InlineResults, !config.get<boolean>(Setting.InlineResults, true), vscode.ConfigurationTarget.Global);
    }),
  );

  registerWalkthrough(context);
  // Grading of an open submission against the key note that rnnMath.grading.key names.
  registerGrading(context);

  // The step panel (Show steps) and the Markdown preview's solution cards.
  const { extendMarkdownIt } = registerSolutionSurfaces(context, analyses);
  registerQuestionSheet(context, analyses);

  return { extendMarkdownIt, analyses };
}

export function deactivate(): void {
  // everything is in context.subscriptions
}
