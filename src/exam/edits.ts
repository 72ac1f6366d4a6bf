// Text edits over a note's lines: what a variant changes, as (line, column) ranges of the note.
import type { Range } from '../engine/types';

export interface Edit {
  readonly range: Range;
  readonly text: string;
}

/** `lines` with the edits made; they may not overlap, and each is made from the last to the first so the others' positions hold. */
export function applyEdits(lines: readonly string[], edits: readonly Edit[]): string[] {
  const out = [...lines];
  const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const { range, text } of ordered) {
    const before = out[range.start.line].slice(0, range.start.character);
    const after = out[range.end.line].slice(range.end.character);
    out.splice(range.start.line, range.end.line - range.start.line + 1, ...(before + text + after).split('\n'));
  }
  return out;
}
