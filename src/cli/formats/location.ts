// Where a diagnostic is in its note, counted from 1 as every CLI format prints it: the engine's
// ranges count lines from the block's fence (0) and columns from 0 in UTF-16 code units.
import type { Block, Range } from '../../engine/types';

export interface Place {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function place(block: Pick<Block, 'line'>, range: Range): Place {
  return {
    line: block.line + range.start.line + 1,
    column: range.start.character + 1,
    endLine: block.line + range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}
