// The diagnostics of one analysis as its stages find them, and their order in the analysis.
import type { BlockDiagnostic, DiagnosticCode, Range, Severity } from './types';

/** Adds one diagnostic; `extra` gives its related locations or fixes. */
export type Diag = (severity: Severity, code: DiagnosticCode, range: Range, message: string, extra?: Partial<BlockDiagnostic>) => void;

export function collector(): { diagnostics: BlockDiagnostic[]; diag: Diag } {
  const diagnostics: BlockDiagnostic[] = [];
  const diag: Diag = (severity, code, range, message, extra = {}) =>
    diagnostics.push({ severity, code, range, message, related: [], fixes: [], ...extra });
  return { diagnostics, diag };
}

/** By position; those at one position in the order they were found (the sort is stable). */
export function sortDiagnostics(ds: readonly BlockDiagnostic[]): BlockDiagnostic[] {
  return [...ds].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
