// Reads the `rnnMath.*` settings and turns them into what the engine takes.
import * as vscode from 'vscode';
import type { AnalysisSettings, Tolerance } from '../engine/types';
import { readTolerance } from '../engine/parse/tolerance';
import { Setting } from './commands';
import { readMacros, type KatexMacros } from '../markdown/solution/macros';

export interface EditorSettings {
  readonly analysis: AnalysisSettings;
  readonly inlineResults: boolean;
  readonly codeLens: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): EditorSettings {
  const c = vscode.workspace.getConfiguration(Setting.Section, scope);
  const precision = c.get<number>(Setting.Precision);
  const tolerance = parseTolerance(c.get<string>(Setting.Tolerance) ?? '');
  const analysis: AnalysisSettings = {
    ...(typeof precision === 'number' && Number.isFinite(precision) ? { precision: clampPrecision(precision) } : {}),
    ...(tolerance ? { tolerance } : {}),
  };
  return {
    analysis,
    inlineResults: c.get<boolean>(Setting.InlineResults, true),
    codeLens: c.get<boolean>(Setting.CodeLens, true),
  };
}

/** `1e-3` → absolute, `0.1%` → relative; empty or invalid → undefined (the written-digits rule). */
export function parseTolerance(text: string): Tolerance | undefined {
  // The fence's grammar (one linear scan), without its length bound: a setting is the user's own.
  const t = readTolerance(text);
  return t && Number.isFinite(t.value) ? t : undefined;
}

function clampPrecision(p: number): number {
  return Math.max(0, Math.min(15, Math.round(p)));
}

export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return (
    e.affectsConfiguration(`${Setting.Section}.${Setting.Precision}`) || e.affectsConfiguration(`${Setting.Section}.${Setting.Tolerance}`)
  );
}

/** VS Code's own KaTeX macros setting (the built-in Markdown math's), which the cards follow too. */
export const MATH_MACROS_SETTING = 'markdown.math.macros';

/**
 * The user's `markdown.math.macros`, the entries KaTeX can take (readMacros); a malformed entry
 * is left out, as the built-in Markdown math leaves out what KaTeX rejects.
 */
export function readMathMacros(scope?: vscode.ConfigurationScope): KatexMacros {
  const value = vscode.workspace.getConfiguration('markdown.math', scope).get<unknown>('macros');
  return readMacros(value).macros;
}
