// The statement index of a block (BlockAnalysis.statements): each statement's kind, ranges and the
// names it uses, from what the pipeline already parsed and compiled, so that hovers and inline
// results find what is under the cursor without parsing the block again.
import type { CellKind, IndexedName, IndexedStatement } from './types';
import type { AssignStatement, CheckStatement, Statement } from './parse/statements';
import type { Expression, NameUse } from './expr';
import { isNameSpelling, resolveName, SIZE_NAMES } from './parse/names';

/** What analyze.ts compiled of a statement: the right side of a given, both sides of a check. */
export interface Compiled {
  readonly givens: readonly { readonly st: AssignStatement; readonly expr: Expression }[];
  readonly checks: readonly { readonly st: CheckStatement; readonly lhs: Expression; readonly rhs: Expression }[];
}

const SIZES: ReadonlySet<string> = new Set(SIZE_NAMES);

export function indexStatements(statements: readonly Statement[], kind: CellKind, compiled: Compiled): IndexedStatement[] {
  const rhsOf = new Map<Statement, Expression>(compiled.givens.map((g) => [g.st, g.expr]));
  const checkOf = new Map<Statement, { lhs: Expression; rhs: Expression }>(compiled.checks.map((c) => [c.st, c]));
  return statements.map((st): IndexedStatement => {
    if (st.type === 'invalid') return { kind: 'invalid', range: st.range, names: [] };
    const written = st.lhs.text.trim();
    const valueRange = st.rhs.whole();
    if (st.type === 'check') {
      const c = checkOf.get(st);
      const key = c?.lhs.single?.resolved.key;
      return { kind: 'check', range: st.range, valueRange, key, written, names: c ? [...named(c.lhs.names), ...named(c.rhs.names)] : [] };
    }
    if (!isNameSpelling(written)) return { kind: 'invalid', range: st.range, valueRange, written, names: [] };
    const nameRange = st.lhs.whole();
    const key = resolveName(written, kind).key;
    const rhs = rhsOf.get(st);
    // A given that was not kept (a size, or a value that did not compile) still names its left side.
    const statementKind = !rhs && SIZES.has(key) ? 'size' : 'given';
    const names: IndexedName[] = [{ key, written, range: nameRange }, ...(rhs ? named(rhs.names) : [])];
    return { kind: statementKind, range: st.range, nameRange, valueRange, key, written, names };
  });
}

function named(uses: readonly NameUse[]): IndexedName[] {
  return uses.map((u) => ({ key: u.resolved.key, written: u.written, range: u.range }));
}
