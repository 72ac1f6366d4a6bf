// Reads a block's statements: the sizes, the givens (one per key), the checks, and whether it is
// a sequence. Everything written is compiled here, against the block's counted limits, before
// anything is solved.
import type { Block, IndexedStatement, Range } from './types';
import { truncate, type AssignStatement, type Statement } from './parse/statements';
import { hiddenStateCue, isNameSpelling, resolveName, type Reading } from './parse/names';
import { weightNames } from './parse/nameTables';
import { readLetters, type Letters } from './cells/letters';
import { setOptionEdit } from './parse/options';
import { didYouMean } from './checks/suggest';
import { compileExpression, MAX_ELEMENTS, MAX_FORMULA_CHARS, type Expression, type ExprError } from './expr';
import { LimitError, splitKey, type GivenDef } from './solve';
import type { PerStepDef } from './solve/perStep';
import { dropStepGivens, takePerStep } from './solve/perStepRead';
import { MAX_STEPS, MAX_WORK, overBudget, Work, WorkLimitError } from './budget';
import { formatNumber } from './format';
import { article, canonicalKey, isWeightName, SIZE_KEYS, VECTOR_BASES } from './keys';
import type { CheckDef } from './checks/evaluate';
import { isPlaceholder, type PlaceholderDef } from './checks/placeholder';
import { isCountCheck } from './checks/count';
import type { Diag } from './diagnostics';
import * as M from './matrix';
import { checkEntry, givenEntry, invalidEntry, notNameEntry } from './statementIndex';

export { MAX_STEPS };
/**
 * Statements per block. A lecture block has tens, an unrolled T = 1,000 sequence about 2,000
 * (an input and a check per step): 5,000 leaves room for both. The worst block it allows, 5,000
 * one-line statements, took 135–300 ms of CPU on the 2-core machine this was chosen on, under
 * load (the first, cold analysis in a process is the slowest; see test/unit/engine/workLimits.test.ts);
 * without it, a 50,000-statement chain ran into the wall clock, a verdict that depended on the machine's speed.
 */
export const MAX_STATEMENTS = 5000;

export interface ReadBlock {
  /** A limit stopped the reading: the block is not solved. */
  readonly stopped: boolean;
  readonly sizes: Record<string, number>;
  readonly givens: Map<string, GivenDef>;
  /** Formulas given per step in a sequence (`y_t = 4 h_t`), by the base they define. */
  readonly perStep: Map<string, PerStepDef>;
  readonly checks: CheckDef[];
  /** The checks of the block's parameter count (`params ?= 143`), run once the count is made. */
  readonly counts: CheckDef[];
  /** The checks left to fill in (`h ?=`), which are no checks: nothing is stated. */
  readonly placeholders: PlaceholderDef[];
  /** The number of unrolled steps, when the block numbers its inputs. */
  readonly T?: number;
  /** The key a written (resolved) name has in this block: an RNN's letters as read (cells/letters.ts), h_0 ↔ h_prev. */
  readonly canon: (key: string) => string;
  /** Elements the block's literals hold: its solve counts from there (budget.ts). */
  readonly elements: number;
  /** The statement index surfaces read (empty when a limit stopped the reading). */
  readonly statements: readonly IndexedStatement[];
}

/** A given as the solver reads it. */
export class Given implements GivenDef {
  constructor(
    readonly key: string,
    readonly written: string,
    readonly nameRange: Range,
    readonly range: Range,
    readonly valueRange: Range,
    readonly expr: Expression,
    readonly isVectorQuantity: boolean,
  ) {}
}

interface Assign {
  key: string;
  known: boolean;
  written: string;
  nameRange: Range;
  valueRange: Range;
  range: Range;
  st: AssignStatement;
  expr: Expression;
}

/** `names` is the fence's `names=` (an RNN's bare U, W, V: cells/letters.ts); `aOption` its `a=`. */
export function readBlock(block: Block, statements: readonly Statement[], diag: Diag, names?: Letters, aOption?: Reading): ReadBlock {
  const kind = block.kind;
  const reading = aOption ?? readingOf(block, diag);
  const sizes: Record<string, number> = {};
  const stop = (): ReadBlock => ({
    stopped: true,
    sizes,
    givens: new Map(),
    perStep: new Map(),
    checks: [],
    counts: [],
    placeholders: [],
    canon: (k) => k,
    elements: 0,
    statements: [],
  });
  if (statements.length > MAX_STATEMENTS) {
    // Counted, before anything is compiled: the same verdict on every machine.
    diag(
      'error',
      'limit',
      statements[MAX_STATEMENTS].range,
      `the block has more than ${MAX_STATEMENTS.toLocaleString('en')} statements (the per-block limit); split it into smaller blocks`,
    );
    return stop();
  }
  const assigns: Assign[] = [];
  const placeholderStatements: { st: Statement & { type: 'check' }; lhs: Expression; written: string }[] = [];
  const checkStatements: { st: Statement & { type: 'check' }; lhs: Expression; rhs: Expression; written: string; valueRange: Range }[] = [];
  let elements = 0;
  let formulaChars = 0; // see MAX_FORMULA_CHARS
  // Reports a statement that does not compile; a blockLimit problem (the formulas' characters)
  // stops the block. A literal, number or name alone is no formula: its characters are not counted.
  let overLimit = false;
  const compile = (source: AssignStatement['rhs']): Expression | undefined => {
    const e: Expression | ExprError = compileExpression(source, kind, MAX_FORMULA_CHARS - formulaChars, reading);
    if ('code' in e) {
      diag('error', e.code, e.range, e.message);
      if (e.blockLimit) overLimit = true;
      return undefined;
    }
    for (const note of e.notes ?? []) diag('info', 'assumed', note.range, note.message);
    // The statement's whole text (literals inside a formula too): a function of the text alone,
    // so the verdict does not depend on which formulas an earlier block left compiled.
    if (!e.literal && !e.single) formulaChars += source.text.length;
    // The elements written as literals count against the block's limit with everything it computes.
    elements += e.elements;
    return e;
  };
  // `what` is spelled out only for the statement that crosses the limit.
  const overElements = (what: () => string, range: Range): boolean => {
    if (elements <= MAX_ELEMENTS) return false;
    diag('error', 'limit', range, new WorkLimitError('elements', new Work(MAX_ELEMENTS, MAX_WORK)).locate(what(), range).describe());
    return true;
  };

  const index: IndexedStatement[] = [];
  for (const st of statements) {
    if (overBudget()) throw new LimitError('time');
    if (st.type === 'invalid') {
      diag('error', 'parse', st.range, st.message);
      index.push(invalidEntry(st));
      continue;
    }
    const written = st.lhs.text.trim();
    const valueRange = st.rhs.whole();
    if (st.type === 'check' && st.attributeProblem) diag('warning', 'parse', st.attributeProblem.range, st.attributeProblem.message);
    if (st.type === 'check' && isPlaceholder(st.rhs.text)) {
      const lhs = compile(st.lhs);
      if (overLimit) return stop();
      if (lhs) placeholderStatements.push({ st, lhs, written });
      index.push(checkEntry(st, written, valueRange, lhs));
      continue;
    }
    const rhs = compile(st.rhs);
    if (overLimit) return stop();
    if (rhs && overElements(() => `reading ${st.type === 'assign' ? truncate(written) : 'this statement'}`, st.range)) return stop();
    if (st.type === 'check') {
      const lhs = rhs && compile(st.lhs);
      if (overLimit) return stop();
      if (rhs && lhs) {
        if (overElements(() => `reading the check of ${truncate(written)}`, st.range)) return stop();
        checkStatements.push({ st, lhs, rhs, written, valueRange });
      }
      index.push(checkEntry(st, written, valueRange, lhs, rhs));
      continue;
    }
    // A state_dict key keeps its module path (`lstm.weight_ih_l0`): the name is its last part.
    const modulePath = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)+(?=(?:weight|bias)_)/.exec(written);
    const name = modulePath ? written.slice(modulePath[0].length) : written;
    if (!isNameSpelling(name)) {
      if (rhs)
        diag(
          'error',
          'parse',
          st.lhs.whole(),
          `\`${truncate(written)}\` is not a name; a given is \`NAME = value\` (use \`?=\` to check an expression)`,
        );
      index.push(notNameEntry(st, written, valueRange));
      continue;
    }
    const nameRange = st.lhs.whole();
    const resolved = resolveName(name, kind, reading);
    const given = rhs && !(SIZE_KEYS.has(resolved.key) && rhs.literal && M.isScalar(rhs.literal.value));
    index.push(givenEntry(st, resolved.key, written, nameRange, valueRange, given ? rhs : undefined));
    if (!rhs) continue;
    if (!given) {
      readSize(resolved.key, rhs.literal!.value.data[0], valueRange, sizes, diag);
      continue;
    }
    if (!resolved.known && /^[WUb]_/.test(resolved.key)) {
      const near = didYouMean(written, nameRange, [], kind);
      diag(
        'warning',
        'unknown-name',
        nameRange,
        `${written} is not a weight of ${article(kind)} ${kind.toUpperCase()} block, so the cell does not use it; ${kind.toUpperCase()} weights are ${weightNames(
          kind,
        )
          .filter((n) => !n.startsWith('b'))
          .slice(0, 8)
          .join(', ')}, …${near.question && `; ${near.question}`}`,
        { fixes: near.fixes },
      );
    }
    assigns.push({ key: resolved.key, known: resolved.known, written, nameRange, valueRange, range: st.range, st, expr: rhs });
  }

  const letters = kind === 'rnn' ? readRnnLetters(assigns, names) : undefined;
  if (letters?.note) {
    const range = block.infoRange.start.character < block.infoRange.end.character ? block.infoRange : block.fenceRange;
    const title = `Add names=${letters.note.other} to the block`;
    const fixes = [{ title, kind: 'set-option', edits: [setOptionEdit(block, 'names', letters.note.other)] } as const];
    diag('info', 'assumed', range, letters.note.message, { fixes });
  }
  for (const [letter, name] of letters?.unread ?? []) {
    const a = assigns.find((x) => x.key === letter)!;
    const message = `${a.written} is not used: it would be ${name} in this reading of the letters, and ${name} is given itself; remove one of them`;
    diag('warning', 'unknown-name', a.nameRange, message);
  }
  const renamed = (key: string): string => letters?.rename.get(key) ?? key;
  for (const a of assigns) a.key = renamed(a.key);
  const T = sequenceLength(assigns);
  if (T !== undefined && T > MAX_STEPS) {
    diag('error', 'limit', block.fenceRange, `the block unrolls ${T} steps, over the limit of ${MAX_STEPS}`);
    return stop();
  }
  const perStep = takePerStep(assigns, T, diag);
  // An RNN's V given as a matrix is Elman's output layer (a number V is the vocabulary size).
  // (Not a V the letters' reading left unread: it is reported as unused above.)
  const elmanV =
    kind === 'rnn' &&
    !letters?.unread.has('V') &&
    assigns.some((a) => a.key === 'V' && a.expr.literal && !M.isScalar(a.expr.literal.value));
  const canon = (key: string): string => {
    const k = renamed(key);
    return elmanV && k === 'V' ? 'W_y' : canonicalKey(kind, k, T);
  };
  const givens = new Map<string, GivenDef>();
  for (const a of assigns) {
    const key = canon(a.key);
    const prior = givens.get(key);
    if (prior) {
      // Lines relative to this one: the message stays true when a cached analysis moves.
      const above = a.nameRange.start.line - prior.nameRange.start.line;
      diag(
        'error',
        'parse',
        a.nameRange,
        `${a.written} is given twice (first ${above} line${above === 1 ? '' : 's'} above); keep one, or use ?= to check it`,
        {
          related: [{ range: prior.nameRange, message: 'first given here' }],
        },
      );
      continue;
    }
    givens.set(
      key,
      new Given(key, a.written, a.nameRange, a.st.range, a.valueRange, a.expr, VECTOR_BASES.has(splitKey(key).base) || !isWeightName(key)),
    );
  }
  dropStepGivens(perStep, givens, T, diag);
  if (T !== undefined) noteMissingInputs(block, T, givens, diag);
  let checks: CheckDef[] = checkStatements.map(({ st, lhs, rhs, written, valueRange }) => ({
    lhs,
    rhs,
    written,
    key: lhs.single ? canon(lhs.single.resolved.key) : undefined,
    range: st.range,
    valueRange,
    points: st.points,
  }));
  const counts = checks.filter((c) => isCountCheck(c.written));
  if (counts.length) checks = checks.filter((c) => !isCountCheck(c.written));
  const placeholders: PlaceholderDef[] = placeholderStatements.map(({ st, lhs, written }) => ({
    lhs,
    written,
    key: lhs.single ? canon(lhs.single.resolved.key) : undefined,
    range: st.range,
    // Blank: the value goes right after `?=` (what follows, a comment too, stays); `[ ]` is replaced.
    fill: { start: st.rhs.position(0), end: st.rhs.text.trim() ? st.rhs.whole().end : st.rhs.position(0) },
  }));
  // Hovers find a letter's quantity under the name it was read as.
  const statementIndex = letters?.rename.size ? index.map((e) => renameEntry(e, renamed)) : index;
  return { stopped: false, sizes, givens, perStep, checks, counts, placeholders, T, canon, elements, statements: statementIndex };
}

/** The reading of an RNN block's bare letters, from the literal shapes of its givens. */
function readRnnLetters(assigns: readonly Assign[], names: Letters | undefined) {
  const byKey = new Map(assigns.map((a) => [a.key, a]));
  const value = (key: string) => byKey.get(key)?.expr.literal?.value;
  const length = (...keys: string[]) => {
    for (const k of keys) {
      const m = value(k);
      if (m && M.isVector(m)) return M.length(m);
    }
    return undefined;
  };
  // A V that is not a matrix literal is the author's own quantity (`V = x_3`), not an output layer.
  const has = (k: string) => byKey.has(k) && (k !== 'V' || (value(k) !== undefined && !M.isScalar(value(k)!)));
  return readLetters({ value, has, H: length('h_prev', 'h_0', 'b'), D: length('x', 'x_1'), chosen: names });
}

function renameEntry(e: IndexedStatement, renamed: (key: string) => string): IndexedStatement {
  const names = e.names.map((n) => ({ ...n, key: renamed(n.key) }));
  return e.key === undefined ? { ...e, names } : { ...e, key: renamed(e.key), names };
}

/**
 * The reading of a the block's names say (Coursera's a_prev, a^{<t>}, W_aa: the hidden state),
 * with a note in an RNN block, where a is otherwise the pre-activation.
 */
function readingOf(block: Block, diag: Diag): Reading {
  let cue: string | undefined;
  for (const line of block.lines) if ((cue = hiddenStateCue(line.text))) break;
  if (!cue) return 'pre';
  if (block.kind === 'rnn') {
    diag(
      'info',
      'assumed',
      block.fenceRange,
      `a is read as the hidden state (a⟨t⟩ as Andrew Ng's course writes it), since the block writes ${cue}; set a=pre to read a as the RNN pre-activation`,
      { fixes: [{ title: 'Set a=pre for this block', kind: 'set-option', edits: [setOptionEdit(block, 'a', 'pre')] }] },
    );
  }
  return 'hidden';
}

function readSize(key: string, n: number, range: Range, sizes: Record<string, number>, diag: Diag): void {
  if (!Number.isInteger(n) || n < 1) {
    diag('error', 'shape', range, `${key} is a size and must be a whole number ≥ 1, not ${formatNumber(n, 6)}`);
  } else if (n > MAX_ELEMENTS || (key === 'T' && n > MAX_STEPS)) {
    diag(
      'error',
      'limit',
      range,
      key === 'T'
        ? `T = ${n} is over the limit of ${MAX_STEPS} steps`
        : `${key} = ${n} is over the ${MAX_ELEMENTS.toLocaleString('en')} element limit`,
    );
  } else sizes[key] = n;
}

/** The last numbered input (x_t, onehot_t or e_t), when the block numbers them. */
function sequenceLength(assigns: readonly Assign[]): number | undefined {
  let T: number | undefined;
  for (const a of assigns) {
    const { base, t } = splitKey(a.key);
    if ((base === 'x' || base === 'onehot' || base === 'e') && t !== undefined && t >= 1) T = Math.max(T ?? 0, t);
  }
  return T;
}

function noteMissingInputs(block: Block, T: number, givens: ReadonlyMap<string, GivenDef>, diag: Diag): void {
  const absent: number[] = [];
  for (let t = 1; t <= T; t++) {
    if (!givens.has(`x_${t}`) && !givens.has(`onehot_${t}`) && !givens.has(`e_${t}`)) absent.push(t);
  }
  if (absent.length > 3) {
    // One note for many gaps (`x_1000 = …` alone would otherwise give 999 of them).
    diag(
      'error',
      'missing',
      block.fenceRange,
      `the sequence gives x_${T} but not ${absent.length} of the inputs before it (x_${absent[0]}, x_${absent[1]}, … x_${absent[absent.length - 1]}); give every x_t from x_1 to x_${T}, or number the inputs from 1`,
    );
  } else {
    for (const t of absent) {
      diag('error', 'missing', block.fenceRange, `the sequence gives x_1 … x_${T} but not x_${t}; give x_${t} (every step needs an input)`);
    }
  }
}
