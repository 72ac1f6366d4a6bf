// The statement index of a block (BlockAnalysis.statements): each statement's kind, ranges and the
// names it uses, made by read.ts as it reads each statement, from the ranges, keys and compiled
// expressions it already has, so that hovers and inline results find what is under the cursor
// without parsing the block again.
import type { IndexedName, IndexedStatement, Range } from './types';
import type { CheckStatement, Statement } from './parse/statements';
import type { Expression, NameUse } from './expr';
import { SIZE_KEYS } from './keys';

/** A statement that is none: no names. */
export function invalidEntry(st: Statement): IndexedStatement {
  return { kind: 'invalid', range: st.range, names: [] };
}

/** `written = …` whose left side is no name. */
export function notNameEntry(st: Statement, written: string, valueRange: Range): IndexedStatement {
  return { kind: 'invalid', range: st.range, valueRange, written, names: [] };
}

/** A given or a size; `rhs` is the value kept as a given (none for a size, or a value that did not compile). */
export function givenEntry(
  st: Statement,
  key: string,
  written: string,
  nameRange: Range,
  valueRange: Range,
  rhs: Expression | undefined,
): IndexedStatement {
  const names: IndexedName[] = [{ key, written, range: nameRange }];
  if (rhs) named(rhs.names, names);
  // A given that was not kept (a size, or a value that did not compile) still names its left side.
  return { kind: !rhs && SIZE_KEYS.has(key) ? 'size' : 'given', range: st.range, nameRange, valueRange, key, written, names };
}

/** A check (its left side is compiled only when its right side did) or a placeholder (no right side). */
export function checkEntry(st: CheckStatement, written: string, valueRange: Range, lhs?: Expression, rhs?: Expression): IndexedStatement {
  const names: IndexedName[] = [];
  if (lhs) named(lhs.names, names);
  if (lhs && rhs) named(rhs.names, names);
  const entry: IndexedStatement = { kind: 'check', range: st.range, valueRange, key: lhs?.single?.resolved.key, written, names };
  return st.points === undefined ? entry : { ...entry, points: st.points };
}

function named(uses: readonly NameUse[], out: IndexedName[]): void {
  for (const u of uses) out.push({ key: u.resolved.key, written: u.written, range: u.range });
}
