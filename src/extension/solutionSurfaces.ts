// Registers the surfaces that show full solutions: the step panel (command, serializer) and the
// built-in Markdown preview's solution cards (extendMarkdownIt), plus their settings.
import * as vscode from 'vscode';
import type MarkdownIt from 'markdown-it';
import { DocumentAnalyzer, type DocumentAnalysis } from '../markdown/document';
import { solutionPlugin } from '../markdown/previewPlugin';
import { Command, Setting } from './commands';
import { affectsAnalysis, MATH_MACROS_SETTING, readMathMacros, readSettings } from './config';
import { StepPanel, type StepPanelState } from './stepPanel';

export interface SolutionAnalyses {
  get(doc: vscode.TextDocument): DocumentAnalysis;
  readonly onDidChange: vscode.Event<vscode.TextDocument>;
}

/** `rnnMath.preview.showSource`: show the block's source above its solution card in the preview. */
export const SHOW_SOURCE_SETTING = 'preview.showSource';
/** `rnnMath.solution.compact`: handout cards (steps collapsed, checks one line) in the panel and preview. */
export const COMPACT_SETTING = 'solution.compact';

export function registerSolutionSurfaces(
  context: vscode.ExtensionContext,
  analyses: SolutionAnalyses,
): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  // Text the preview renders that is not an open document (rare: a preview of a closed file)
  // still gets analysed, with the workspace settings.
  let fallback: DocumentAnalyzer | undefined;

  context.subscriptions.push(
    vscode.commands.registerCommand(Command.ShowSteps, (uri?: unknown, fenceLine?: unknown) => {
      StepPanel.show(
        context.extensionUri,
        analyses,
        uri instanceof vscode.Uri ? uri : undefined,
        typeof fenceLine === 'number' && Number.isInteger(fenceLine) ? fenceLine : undefined,
      );
    }),
    vscode.window.registerWebviewPanelSerializer(StepPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        StepPanel.revive(panel, context.extensionUri, analyses, (state ?? undefined) as StepPanelState | undefined);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const macros = e.affectsConfiguration(MATH_MACROS_SETTING);
      const compact = e.affectsConfiguration(`${Setting.Section}.${COMPACT_SETTING}`);
      if (macros || compact) StepPanel.currentPanel?.update(true, true);
      if (e.affectsConfiguration(`${Setting.Section}.${SHOW_SOURCE_SETTING}`) || affectsAnalysis(e) || macros || compact) {
        fallback = undefined;
        void vscode.commands.executeCommand('markdown.preview.refresh');
      }
    }),
    { dispose: () => StepPanel.currentPanel?.dispose() },
  );

  const analyze = (src: string): DocumentAnalysis => {
    const doc = vscode.workspace.textDocuments.find((d) => d.languageId === 'markdown' && d.getText() === src);
    if (doc) return analyses.get(doc);
    fallback ??= new DocumentAnalyzer(readSettings().analysis);
    return fallback.analyze(src);
  };

  return {
    extendMarkdownIt(md: MarkdownIt) {
      return solutionPlugin(md, {
        analyze,
        showSource: () => vscode.workspace.getConfiguration(Setting.Section).get<boolean>(SHOW_SOURCE_SETTING, true),
        macros: () => readMathMacros(),
        compact: () => vscode.workspace.getConfiguration(Setting.Section).get<boolean>(COMPACT_SETTING, false),
      });
    },
  };
}
