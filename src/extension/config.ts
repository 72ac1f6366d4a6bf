// Reads the `rnnMath.*` settings and turns them into what the engine takes.
import * as vscode from 'vscode';
import type { AnalysisSettings, Tolerance } from '../engine/types';
import { Setting } from './commands';

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
  const t = text.trim();
  if (!t) return undefined;
  // `digits[.digits][e±digits]`, spaces, an optional `%`: a loop, not a regex whose `[0-9]*\.?[0-9]+`
  // splits a long run of digits every way before it fails
  const digits = (from: number) => { let j = from; while (j < t.length && t.charCodeAt(j) >= 48 && t.charCodeAt(j) <= 57) j++; return j; };
  let i = digits(0);
  if (t[i] === '.') { const j = digits(i + 1); if (j === i + 1) return undefined; i = j; } else if (i === 0) return undefined;
  if (t[i] === 'e' || t[i] === 'E') {
    const s = t[i + 1] === '+' || t[i + 1] === '-' ? i + 2 : i + 1;
    const j = digits(s);
    if (j === s) return undefined;
    i = j;
  }
  const numberEnd = i;
  while (i < t.length && /\s/.test(t[i])) i++;
  const rel = t[i] === '%';
  if (rel) i++;
  if (i !== t.length) return undefined;
  const v = Number(t.slice(0, numberEnd));
  if (!Number.isFinite(v) || v < 0) return undefined;
  return rel ? { kind: 'rel', value: v / 100 } : { kind: 'abs', value: v };
}

function clampPrecision(p: number): number {
  return Math.max(0, Math.min(15, Math.round(p)));
}

export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${Setting.Section}.${Setting.Precision}`) ||
    e.affectsConfiguration(`${Setting.Section}.${Setting.Tolerance}`);
}
