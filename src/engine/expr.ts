// Expressions of a block: rewritten from note notation (⊙, ·, σ, LaTeX names, matrix literals)
// into the mathjs syntax of parse/formula.ts, checked against an allowlist, then compiled into
// closures over Float64Array kernels.
import type { CellKind, Matrix, Range } from './types';
import { numberInfo, scanLiteral, NUMBER, type Literal } from './parse/literals';
import { resolveName, type ResolvedName } from './parse/names';
import { parseFormula, type ArrayNode, type FormulaError, type FormulaNode, type OperatorFn } from './parse/formula';
import { isSpace, type SourceText } from './parse/statements';
import * as M from './matrix';
import { allocate, MAX_ELEMENTS, MAX_PRODUCT_WORK, operate, overBudget, type Work } from './budget';
import { detached } from './memo';

// Parse results by rewritten text: names and literals are placeholders there, so every block
// that writes `c ?= f ⊙ c_prev + i ⊙ g` shares one (read-only) tree.
const parsedTrees = new Map<string, FormulaNode | FormulaError>();
// Only short formulas are kept, and few of them, so the cache stays small whatever a note holds.
function parseCached(text: string): FormulaNode | FormulaError {
  let node = parsedTrees.get(text);
  if (!node) {
    node = parseFormula(text, MAX_DEPTH);
    if (text.length > 256) return node;
    if (parsedTrees.size >= 500) parsedTrees.clear();
    parsedTrees.set(detached(text), node);
  }
  return node;
}

export const MAX_DEPTH = 64;
/**
 * Characters of formulas (expressions other than a literal, a number or a name alone) one block
 * may hold. Reading a formula costs far more per character than reading a literal (a tree node,
 * a compiled closure and an evaluation per operator): a 1 MB formula took 4 s and 350 MB. A
 * lecture block holds a few hundred characters of formulas, a 5,000-statement chain
 * `a2 = a1 + 1` 50,000; a 65,533-character balanced formula took 90–300 ms of CPU here
 * (cold first run the slowest; see test/unit/engine/workLimits.test.ts). Counted from the statements' text, so the verdict does not
 * depend on which formulas an earlier block left compiled.
 */
export const MAX_FORMULA_CHARS = 100_000;
const DEPTH_MESSAGE = `the expression nests deeper than ${MAX_DEPTH} levels; split it into named steps`;
export { MAX_ELEMENTS };

export const ALLOWED_FUNCTIONS = [
  'sigmoid', 'tanh', 'relu', 'softmax', 'exp', 'log', 'norm', 'clip', 'onehot', 'transpose', 'sum', 'max',
] as const;
type FunctionName = (typeof ALLOWED_FUNCTIONS)[number];

export interface NameUse {
  readonly resolved: ResolvedName;
  readonly written: string;
  readonly range: Range;
}

export interface ExprError {
  readonly code: 'parse' | 'unknown-name' | 'limit';
  readonly message: string;
  readonly range: Range;
  /** Set when the block's formulas together are over MAX_FORMULA_CHARS: the block stops there. */
  readonly blockLimit?: true;
}

/** What a compiled expression needs from the block. */
export interface Env {
  get(key: string, use: NameUse): Matrix | undefined;
  /** What the evaluation counts its allocations and multiply-adds against (see budget.ts). */
  readonly work: Work;
}

export class EvalError extends Error {
  constructor(
    readonly code: 'shape' | 'numeric' | 'missing' | 'parse' | 'limit' | 'cycle',
    message: string,
    readonly range: Range,
    readonly missing: readonly string[] = [],
  ) {
    super(message);
  }
}

export interface Expression {
  readonly source: SourceText;
  /** Canonical names the expression reads. */
  readonly names: readonly NameUse[];
  /** Set when the whole expression is one numeric literal (a given's value or a stated value). */
  readonly literal?: Literal;
  /** Set when the whole expression is a single name. */
  readonly single?: NameUse;
  readonly evaluate: (env: Env) => Matrix;
  /** Depth of the expression tree, for the §10 limit. */
  readonly depth: number;
  /** Matrix elements the expression writes as literals (counted against the block's element limit where it is read). */
  readonly elements: number;
  /** LaTeX of the expression with `\operand{name}` for each name (see Step.latex). */
  readonly latex: string;
}

const UNICODE_OPS: Record<string, string> = {
  '⊙': ' .* ', '∘': ' .* ', '⊗': ' .* ', '·': ' * ', '⋅': ' * ', '×': ' * ', '∗': ' * ',
  '−': '-', '–': '-', '÷': ' / ', 'ᵀ': "'",
};
const LATEX_OPS: Record<string, string> = {
  odot: ' .* ', circ: ' .* ', cdot: ' * ', times: ' * ', ast: ' * ', left: '', right: '', big: '', Big: '',
  sigma: 'sigmoid', tanh: 'tanh', exp: 'exp', log: 'log', ln: 'log', max: 'max', top: "'", intercal: "'",
};
// Each `_` part starts with `_`, which neither part's characters include, so a part is read one
// way, and `[^{}\n]*` stops at the first brace: 200 kB adversarial names take ≤ 3 ms (issue 12).
// linear: one way to read each part (above)
const NAME_RE = /^(?:\\(?:tilde|widetilde|hat)\s*\{\s*[A-Za-z]+\s*\}|[A-Za-z\u0370-\u03FF][A-Za-z0-9\u0370-\u03FF]*~?)(?:_(?:\{[^{}\n]*\}|[A-Za-z0-9]+))*(?:~)?(?:\^\s*\{\s*\(\s*t\s*\)\s*\})?/;

// Sticky forms, matched in place instead of on a copy of the rest of the text.
const NAME_AT = new RegExp(NAME_RE.source.slice(1), 'y');
const CALL_AT = /\s*\(/y;

interface Rewritten {
  text: string;
  /** Where each emitted piece starts in the output and the source offset all its characters map to. */
  pieces: number[]; // [outStart, sourceOffset, outStart, sourceOffset, …]
  literals: Literal[];
  names: NameUse[];
  /** Placeholder identifier → the first use of that name. */
  uses: ReadonlyMap<string, NameUse>;
}

function formulaLimit(source: SourceText): ExprError {
  return {
    code: 'limit', blockLimit: true, range: source.whole(),
    message: `the block's formulas would be longer than ${MAX_FORMULA_CHARS.toLocaleString('en')} characters with this one (the per-block limit); split the block or the formula`,
  };
}

/**
 * Rewrites note notation into mathjs syntax with placeholders for literals and names. Stops with
 * the formula limit as soon as more than `room` characters outside matrix literals are read.
 */
function rewrite(source: SourceText, kind: CellKind, room = Number.POSITIVE_INFINITY): Rewritten | ExprError {
  const src = source.text;
  let text = '';
  const pieces: number[] = [];
  const literals: Literal[] = [];
  const names: NameUse[] = [];
  // Made on the first name: most expressions are a literal alone.
  let placeholders: Map<string, string> | undefined;
  let uses: Map<string, NameUse> | undefined;
  // The last non-space character emitted, kept as text grows: reading text[k] of a string built
  // by `+=` flattens it, and doing that at every `'` made 200,000 quotes quadratic.
  let last = '';
  const emit = (s: string, at: number) => {
    pieces.push(text.length, at);
    text += s;
    for (let k = s.length - 1; k >= 0; k--) if (!isSpaceChar(s.charCodeAt(k))) { last = s[k]; break; }
  };
  const err = (code: ExprError['code'], message: string, a: number, b: number): ExprError =>
    ({ code, message, range: source.range(a, b) });

  let i = 0;
  let literalChars = 0;
  while (i < src.length) {
    if (i - literalChars > room) return formulaLimit(source);
    const ch = src[i];
    const code = src.charCodeAt(i);
    if (code === 91 || (code === 92 && src.startsWith('\\begin', i))) {
      const lit = scanLiteral(src, i);
      if (lit && 'error' in lit) return err(lit.limit ? 'limit' : 'parse', lit.error, lit.at, Math.min(lit.end, src.length));
      if (lit) {
        emit(` __L${literals.length} `, i);
        literals.push(lit);
        literalChars += lit.end - i;
        i = lit.end;
        continue;
      }
      if (ch === '\\') return err('parse', 'a LaTeX matrix must hold numbers only', i, i + 6);
    }
    if (code >= 128 && Object.hasOwn(UNICODE_OPS, ch)) { emit(UNICODE_OPS[ch], i); i++; continue; }
    if (code === 0x3c3) { emit('sigmoid', i); i++; continue; } // σ
    if (code === 94) { // ^
      // linear: tried on a slice of 16 characters.
      const t = /^\^\s*(?:T\b|\{\s*T\s*\}|\\top\b|\{\s*\\top\s*\}|\\intercal\b)/.exec(src.slice(i, i + 16));
      if (t) { emit("'", i); i += t[0].length; continue; }
    }
    if (code === 92 && !/^\\(?:tilde|widetilde|hat)\b/.test(src.slice(i, i + 10))) {
      const cmd = /^\\([A-Za-z]+)/.exec(src.slice(i, i + 40));
      // Own keys only: `\constructor` or `\toString` are unknown commands, not Object.prototype members.
      if (cmd && Object.hasOwn(LATEX_OPS, cmd[1])) { emit(LATEX_OPS[cmd[1]], i); i += cmd[0].length; continue; }
      const textCmd = /^\\(?:mathrm|operatorname|text)\s*\{\s*([A-Za-z]+)\s*\}/.exec(src.slice(i, i + 60));
      if (textCmd) { emit(textCmd[1], i); i += textCmd[0].length; continue; }
      if (/^\\[,;!: ]/.test(src.slice(i, i + 2))) { emit(' ', i); i += 2; continue; }
      const name = cmd ? cmd[0] : ch;
      return err('parse', `unknown LaTeX command \`${name}\`; write the formula with + - * / ^, ⊙ or \\odot, · or \\cdot`, i, i + name.length);
    }
    if (isDigit(code) || (code === 46 && isDigit(src.charCodeAt(i + 1)))) {
      const m = NUMBER.exec(src.slice(i, i + 64));
      if (m) { emit(m[0], i); i += m[0].length; continue; }
    }
    NAME_AT.lastIndex = i;
    const nm = startsName(code) ? NAME_AT.exec(src) : null;
    if (nm) {
      const written = nm[0];
      CALL_AT.lastIndex = i + written.length;
      const isCall = CALL_AT.test(src);
      // A call: an allowed function, or an unknown one (`import(…)`) refused by name. A subscripted
      // name before `(` (`W_f (v)`) is left for the allowlist walk, which refuses calling it.
      if (isCall && (!written.includes('_') || (ALLOWED_FUNCTIONS as readonly string[]).includes(written.toLowerCase()))) {
        const fn = written.toLowerCase();
        if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(fn)) {
          return err('unknown-name',
            `unknown function \`${written}\`; a block may call only ${ALLOWED_FUNCTIONS.join(', ')} (and σ)`, i, i + written.length);
        }
        emit(fn, i);
        i += written.length;
        continue;
      }
      if (i > 0 && src[i - 1] === '.' && !/\d/.test(src[i - 2] ?? '')) {
        return err('parse', 'property access (`.name`) is not allowed in a block', i - 1, i + written.length);
      }
      const resolved = resolveName(written, kind);
      placeholders ??= new Map();
      uses ??= new Map();
      let ph = placeholders.get(resolved.key);
      if (!ph) { ph = `__n${placeholders.size}`; placeholders.set(resolved.key, ph); }
      const use = new Use(resolved, written, source, i, i + written.length);
      names.push(use);
      if (!uses.has(ph)) uses.set(ph, use);
      emit(` ${ph} `, i);
      i += written.length;
      continue;
    }
    if (ch === '"' || (ch === "'" && !quotable(last))) {
      return err('parse', 'strings are not allowed in a block; values are numbers and matrices', i, i + 1);
    }
    if (ch === '{' || ch === '}') return err('parse', `unexpected \`${ch}\`; group with ( )`, i, i + 1);
    emit(ch, i);
    i++;
  }
  return { text, pieces, literals, names, uses: uses ?? NO_USES };
}

const NO_USES: ReadonlyMap<string, NameUse> = new Map();

/** The source offset of the rewritten text's character `at` (errors point back into the note). */
function sourceOffset(rw: Rewritten, at: number): number {
  const p = rw.pieces;
  let found = 0;
  for (let k = 0; k < p.length && p[k] <= at; k += 2) found = p[k + 1];
  return found;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A name's first character: a Latin or Greek letter, or `\` (`\tilde{c}`). */
function startsName(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 92 || (code >= 0x370 && code <= 0x3ff);
}

function scalarLiteral(text: string): Literal {
  const info = numberInfo(text);
  return {
    value: M.scalar(info.value), units: [info.unit], integers: [info.integer ? 1 : 0],
    oneDimensional: true, end: text.length,
  };
}

/** Whether a `'` after this character (the last non-space one emitted) is a transpose, not a string. */
function quotable(c: string): boolean {
  if (c === '') return false;
  const code = c.charCodeAt(0);
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 93 || code === 41 || code === 39;
}

/** What /\s/ matches: the characters the emitted pieces can hold are ASCII or the note's own. */
function isSpaceChar(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
    || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Where a formula's evaluation errors point: its names as this statement wrote them, and the whole formula. */
interface Site {
  /** The first use of each distinct name, by placeholder number (`__n0`, `__n1`, …). */
  readonly uses: readonly NameUse[];
  readonly range: Range;
}

/** A compiled formula, shared by every statement that writes the same text: the statement comes as `site`. */
type Compiled = (env: Env, site: Site) => Matrix;

/** A formula compiled once, for every statement that writes this text (without matrix literals). */
interface CompiledFormula {
  readonly node: FormulaNode;
  readonly fn: Compiled;
  readonly depth: number;
  /** Every name use in the text, in order: the name, its spelling and where it is in the text. */
  readonly spans: readonly { readonly resolved: ResolvedName; readonly written: string; readonly from: number; readonly to: number }[];
  /** Index into spans of each placeholder's first use. */
  readonly firstUses: readonly number[];
}

// Compiled formulas by kind and text: a note repeats its formulas (`c ?= f ⊙ c_prev + i ⊙ g` in
// every exercise), and compiling one cost more than evaluating it. Bounded like parsedTrees.
const compiledFormulas = new Map<string, CompiledFormula>();


/**
 * Parses and compiles an expression; errors come back as values, never thrown. `room`: the
 * characters of formulas the block may still hold (MAX_FORMULA_CHARS less those before this one).
 */
export function compileExpression(source: SourceText, kind: CellKind, room = Number.POSITIVE_INFINITY): Expression | ExprError {
  const alone = compileAlone(source, kind);
  if (alone) return alone;
  const known = compiledFormulas.get(formulaKey(source, kind));
  // (A compiled formula holds no literal: its text is all formula.)
  if (known) return source.text.length > room ? formulaLimit(source) : fromCompiled(source, known);
  const rw = rewrite(source, kind, room);
  if ('code' in rw) return rw;
  const trimmed = rw.text.trim();
  if (trimmed === '') return { code: 'parse', message: 'a value is missing after `=`', range: source.whole() };
  // A literal or a number alone that only the rewrite reveals (`−2` with a Unicode minus) is not parsed either.
  const lone = trimmed === '__L0' ? 0 : rw.literals.length && /^__L\d+$/.test(trimmed) ? Number(trimmed.slice(3)) : -1;
  const num = lone < 0 && /^[-+.\d]/.test(trimmed) ? NUMBER.exec(trimmed) : null;
  if (lone >= 0 || (num && num[0] === trimmed)) {
    const lit: Literal = lone >= 0 ? rw.literals[lone] : scalarLiteral(trimmed);
    return new LiteralExpression(source, lit);
  }
  // A name alone after the rewrite (compileAlone took the plain ones).
  if (trimmed === '__n0' && rw.names.length === 1) return nameExpression(source, rw.names);
  const node = parseCached(rw.text);
  if ('kind' in node) {
    if (node.kind === 'limit') return { code: 'limit', message: DEPTH_MESSAGE, range: source.whole() };
    // Back to the note's text: an error at the end points at the last character.
    const last = rw.text.length - 1;
    const from = sourceOffset(rw, Math.min(node.at, last)), to = sourceOffset(rw, Math.min(node.end - 1, last));
    const message = node.kind === 'refused' ? node.message : `cannot read this expression: ${node.message}`;
    return { code: 'parse', message, range: source.range(from, Math.max(to + 1, from + 1)) };
  }
  const ctx: CompileContext = { literals: rw.literals, names: rw.uses, source, depth: 0, maxDepth: 0 };
  const compiled = compileNode(node, ctx, 1);
  if ('code' in compiled) return compiled;
  const firstUses = [...rw.uses.values()].map((u) => rw.names.indexOf(u));
  const formula: CompiledFormula = {
    node, fn: compiled.fn, depth: ctx.maxDepth, firstUses,
    spans: rw.names.map((u) => ({ resolved: u.resolved, written: detached(u.written), from: (u as Use).from, to: (u as Use).to })),
  };
  // Literal values stay with their statement: only formulas of names and numbers are shared.
  if (rw.literals.length === 0 && source.text.length <= 256) {
    if (compiledFormulas.size >= 500) compiledFormulas.clear();
    compiledFormulas.set(detached(formulaKey(source, kind)), formula);
  }
  return new FormulaExpression(source, rw.names, formula, rw.literals);
}

function formulaKey(source: SourceText, kind: CellKind): string {
  return kind + '\n' + source.text;
}

/** A statement's expression from a formula compiled for the same text before. */
function fromCompiled(source: SourceText, formula: CompiledFormula): Expression {
  const names = formula.spans.map((s) => new Use(s.resolved, s.written, source, s.from, s.to));
  return new FormulaExpression(source, names, formula, NO_LITERALS);
}

const NO_LITERALS: readonly Literal[] = Object.freeze([]);

/**
 * Most statements hold a matrix literal, a number or a name alone: those are read directly, with
 * the same result the rewrite below would give; anything else (or any doubt) takes the rewrite.
 */
function compileAlone(source: SourceText, kind: CellKind): Expression | undefined {
  const text = source.text;
  // The written value's bounds, found without trimmed copies of the text.
  let at = 0, end = text.length;
  while (at < end && isSpace(text.charCodeAt(at))) at++;
  while (end > at && isSpace(text.charCodeAt(end - 1))) end--;
  if (at === end) return undefined;
  const first = text.charCodeAt(at);
  if (first === 91 || (first === 92 && text.startsWith('\\begin', at))) {
    const lit = scanLiteral(text, at);
    return lit && !('error' in lit) && lit.end === end ? new LiteralExpression(source, lit) : undefined;
  }
  if (isDigit(first) || first === 45 || first === 43 || first === 46) {
    const trimmed = text.slice(at, end);
    const num = NUMBER.exec(trimmed);
    return num && num[0] === trimmed ? new LiteralExpression(source, scalarLiteral(trimmed)) : undefined;
  }
  // σ is the sigmoid, not a name, and a backslash other than \tilde / \hat is a LaTeX command.
  if (first === 0x3c3 || !startsName(first)) return undefined;
  NAME_AT.lastIndex = at;
  const m = NAME_AT.exec(text);
  if (!m || m[0].length !== end - at) return undefined;
  const use = new Use(resolveName(m[0], kind), m[0], source, at, end);
  return nameExpression(source, [use]);
}

/** A name where the expression uses it; its range is worked out only for a note that points at it. */
class Use implements NameUse {
  constructor(readonly resolved: ResolvedName, readonly written: string, private readonly source: SourceText,
    readonly from: number, readonly to: number) {}

  get range(): Range { return this.source.range(this.from, this.to); }
}

function nameExpression(source: SourceText, names: NameUse[]): Expression {
  const use = names[0];
  const key = use.resolved.key;
  const evaluate = (env: Env): Matrix => {
    const v = env.get(key, use);
    if (!v) throw new EvalError('missing', `${use.written} has no value`, use.range, [key]);
    return v;
  };
  return { source, names, single: use, evaluate, depth: 1, elements: 0, latex: `\\operand{${key}}` };
}

// Classes rather than object literals with a `get latex()`: V8 builds such literals on a slow
// path, and this one ran for every given of every block. LaTeX is made only when a step shows it.

/** A matrix literal or a lone number: the value is the expression. */
const NO_NAMES: readonly NameUse[] = Object.freeze([]);

class LiteralExpression implements Expression {
  readonly names = NO_NAMES;
  readonly depth = 1;
  constructor(readonly source: SourceText, readonly literal: Literal) {}
  get elements(): number { return this.literal.value.data.length; }
  evaluate(): Matrix { return this.literal.value; }
  get latex(): string { return literalLatex(this.literal.value); }
}

class FormulaExpression implements Expression, Site {
  readonly uses: readonly NameUse[];
  constructor(readonly source: SourceText, readonly names: readonly NameUse[], private readonly formula: CompiledFormula,
    private readonly literals: readonly Literal[]) {
    this.uses = formula.firstUses.map((k) => names[k]);
  }

  get depth(): number { return this.formula.depth; }
  get elements(): number { let n = 0; for (const l of this.literals) n += l.value.data.length; return n; }
  get range(): Range { return this.source.whole(); }
  evaluate(env: Env): Matrix { return this.formula.fn(env, this); }
  get latex(): string { return toLatex(this.formula.node, this.literals, this.uses); }
}

function literalLatex(m: Matrix): string {
  if (M.isScalar(m)) return String(m.data[0]);
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++) rows.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), String).join(' & '));
  return `\\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}`;
}

const LATEX_FUNCTIONS: Record<string, string> = {
  sigmoid: '\\sigma', tanh: '\\tanh', exp: '\\exp', log: '\\log', max: '\\max',
  relu: '\\operatorname{relu}', softmax: '\\operatorname{softmax}', clip: '\\operatorname{clip}',
  onehot: '\\operatorname{onehot}', sum: '\\sum', transpose: '\\operatorname{transpose}',
};
const LATEX_OPERATORS: Record<'add' | 'subtract' | 'multiply' | 'dotMultiply' | 'dotDivide', string> = {
  add: '+', subtract: '-', multiply: '\\,', dotMultiply: '\\odot', dotDivide: '\\oslash',
};

/** The formula in LaTeX, names as `\operand{key}` placeholders the renderers fill in. */
function toLatex(node: FormulaNode, literals: readonly Literal[], uses: readonly NameUse[]): string {
  const sub = (x: FormulaNode) => toLatex(x, literals, uses);
  switch (node.type) {
    case 'ConstantNode': return String(node.value);
    case 'SymbolNode': {
      const lit = /^__L(\d+)$/.exec(node.name);
      if (lit) return literalLatex(literals[Number(lit[1])].value);
      const use = /^__n\d+$/.test(node.name) ? uses[Number(node.name.slice(3))] : undefined;
      return use ? `\\operand{${use.resolved.key}}` : '?';
    }
    case 'ParenthesisNode': return `\\left(${sub(node.content)}\\right)`;
    case 'OperatorNode': {
      const [a, b] = node.args;
      switch (node.fn) {
        case 'unaryMinus': return `-${sub(a)}`;
        case 'unaryPlus': return sub(a);
        case 'ctranspose': return `{${sub(a)}}^{\\top}`;
        case 'divide': return `\\frac{${sub(a)}}{${sub(b)}}`;
        case 'pow': case 'dotPow': return `{${sub(a)}}^{${sub(b)}}`;
        default: return `${sub(a)} ${LATEX_OPERATORS[node.fn]} ${sub(b)}`;
      }
    }
    case 'FunctionNode':
      return `${LATEX_FUNCTIONS[node.fn.name] ?? node.fn.name}\\left(${node.args.map(sub).join(', ')}\\right)`;
    case 'ArrayNode': {
      const rows = arrayRows(node.items);
      return `\\begin{bmatrix} ${rows.map((r) => r.map(sub).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
    }
  }
}

/** `[a; b]` holds rows (ArrayNodes); `[a, b]` is a single row. */
function arrayRows(items: readonly FormulaNode[]): (readonly FormulaNode[])[] {
  if (items.length > 0 && items.every((it): it is ArrayNode => it.type === 'ArrayNode')) return items.map((row) => row.items);
  return [items];
}

interface CompileContext {
  literals: Literal[];
  names: ReadonlyMap<string, NameUse>;
  /**
   * The formula's text, for the range of a compile error. Read where an error is made, never
   * inside a compiled closure: the compiled formulas are cached, and a closure that kept the
   * context would keep the first statement's text (and the note it is a slice of) alive.
   */
  source: SourceText;
  depth: number;
  maxDepth: number;
}

type CompileResult = { fn: Compiled } | ExprError;

function compileNode(node: FormulaNode, ctx: CompileContext, depth: number): CompileResult {
  if (depth > ctx.maxDepth) ctx.maxDepth = depth;
  if (depth > MAX_DEPTH) return { code: 'limit', message: DEPTH_MESSAGE, range: ctx.source.whole() };
  switch (node.type) {
    case 'ConstantNode': {
      const m = M.scalar(node.value);
      return { fn: () => m };
    }
    case 'SymbolNode': {
      const name = node.name;
      const lit = /^__L(\d+)$/.exec(name);
      if (lit) { const value = ctx.literals[Number(lit[1])].value; return { fn: () => value }; }
      const use = ctx.names.get(name);
      if (!use) {
        return { code: 'unknown-name', message: `\`${name}\` is not a name of this block`, range: ctx.source.whole() };
      }
      const key = use.resolved.key;
      const index = Number(name.slice(3)); // `__n3` → 3
      return {
        fn: (env, site) => {
          const at = site.uses[index];
          const v = env.get(key, at);
          if (!v) throw new EvalError('missing', `${at.written} has no value`, at.range, [key]);
          return v;
        },
      };
    }
    case 'ParenthesisNode':
      return compileNode(node.content, ctx, depth + 1);
    case 'OperatorNode': {
      const args: Compiled[] = [];
      for (const a of node.args) {
        const c = compileNode(a, ctx, depth + 1);
        if ('code' in c) return c;
        args.push(c.fn);
      }
      const op = operator(node.fn);
      if (args.length === 1) { const [a] = args; return { fn: (env, site) => op.apply([a(env, site)], site, env.work) }; }
      const [a, b] = args;
      return { fn: (env, site) => { const x = a(env, site), y = b(env, site); checkTime(site); return op.apply([x, y], site, env.work); } };
    }
    case 'FunctionNode': {
      const name = node.fn.name;
      if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(name)) {
        return { code: 'unknown-name', message: `only ${ALLOWED_FUNCTIONS.join(', ')} can be called in a block`, range: ctx.source.whole() };
      }
      const args: Compiled[] = [];
      for (const a of node.args) {
        const c = compileNode(a, ctx, depth + 1);
        if ('code' in c) return c;
        args.push(c.fn);
      }
      const f = builtin(name as FunctionName, args.length);
      if (typeof f === 'string') return { code: 'parse', message: f, range: ctx.source.whole() };
      return { fn: (env, site) => { const xs = args.map((a) => a(env, site)); checkTime(site); return f.apply(xs, site, env.work); } };
    }
    case 'ArrayNode': {
      const rows: Compiled[][] = [];
      for (const row of arrayRows(node.items)) {
        const compiledRow: Compiled[] = [];
        for (const it of row) {
          const c = compileNode(it, ctx, depth + 2);
          if ('code' in c) return c;
          compiledRow.push(c.fn);
        }
        rows.push(compiledRow);
      }
      return { fn: (env, site) => stack(rows.map((r) => r.map((c) => c(env, site))), site, env.work) };
    }
  }
}

/**
 * A kernel. It counts what it allocates and any multiply-adds or reads beyond its result's size
 * against `work` BEFORE doing them (budget.ts), so that a block over a counted limit stops
 * without allocating.
 */
interface Op { apply(args: Matrix[], site: Site, work: Work): Matrix }

/** M.map(a, f), counted. */
function mapped(a: Matrix, f: (x: number) => number, work: Work): Matrix {
  allocate(work, a.data.length);
  return M.map(a, f);
}

/** A 1×1 result, counted like any other allocation. */
function scalarOut(v: number, work: Work): Matrix {
  allocate(work, 1);
  return M.scalar(v);
}

function operator(fn: OperatorFn): Op {
  switch (fn) {
    case 'add': return { apply: ([a, b], site, work) => elementwise(a, b, (x, y) => x + y, '+', site, work) };
    case 'subtract': return { apply: ([a, b], site, work) => elementwise(a, b, (x, y) => x - y, '−', site, work) };
    case 'dotMultiply': return { apply: ([a, b], site, work) => elementwise(a, b, (x, y) => x * y, '⊙', site, work) };
    case 'dotDivide': return { apply: ([a, b], site, work) => elementwise(a, b, (x, y) => x / y, './', site, work) };
    case 'dotPow': return { apply: ([a, b], site, work) => elementwise(a, b, (x, y) => Math.pow(x, y), '.^', site, work) };
    case 'unaryMinus': return { apply: ([a], _site, work) => mapped(a, (x) => -x, work) };
    case 'unaryPlus': return { apply: ([a]) => a };
    case 'multiply': return { apply: ([a, b], site, work) => multiply(a, b, site, work) };
    case 'divide':
      return {
        apply: ([a, b], site, work) => {
          if (!M.isScalar(b)) throw new EvalError('shape', `cannot divide by a ${M.shapeText(b)} matrix; use ./ for elementwise division`, site.range);
          const d = b.data[0];
          return mapped(a, (x) => x / d, work);
        },
      };
    case 'pow':
      return {
        apply: ([a, b], site, work) => {
          if (M.isScalar(a) && M.isScalar(b)) return scalarOut(Math.pow(a.data[0], b.data[0]), work);
          throw new EvalError('shape', `^ takes numbers; for an elementwise power of a ${M.shapeText(a)} matrix use .^`, site.range);
        },
      };
    case 'ctranspose':
      return { apply: ([a], _site, work) => transposed(a, work) };
  }
}

/** Vectors of either orientation combine as the same vector; otherwise shapes must match. */
function elementwise(a: Matrix, b: Matrix, f: (x: number, y: number) => number, sym: string, site: Site, work: Work): Matrix {
  const ad = a.data, bd = b.data;
  if (M.isScalar(b)) { const y = bd[0]; return mapped(a, (x) => f(x, y), work); }
  if (M.isScalar(a)) { const x = ad[0]; return mapped(b, (y) => f(x, y), work); }
  const same = M.sameShape(a, b) || (M.isVector(a) && M.isVector(b) && ad.length === bd.length);
  if (!same) throw new EvalError('shape', `cannot combine ${M.shapeText(a)} and ${M.shapeText(b)} with ${sym}: the shapes differ`, site.range);
  allocate(work, ad.length);
  const out = new Float64Array(ad.length);
  for (let k = 0; k < ad.length; k++) out[k] = f(ad[k], bd[k]);
  return { rows: a.rows, cols: a.cols, data: out };
}

/** The per-block time limit (SPEC §10): a pathological expression stops with a `limit` error. */
function checkTime(site: Site): void {
  if (overBudget()) {
    throw new EvalError('limit', 'the block took more than 1 s to analyse (the per-block limit); split it or reduce its sizes', site.range);
  }
}

/** A matrix's transpose is a new matrix; a vector's shares its data (nothing allocated). */
function transposed(a: Matrix, work: Work): Matrix {
  if (!M.isVector(a)) allocate(work, a.data.length);
  return M.transpose(a);
}

function multiply(a: Matrix, b: Matrix, site: Site, work: Work): Matrix {
  if (M.isScalar(a) || M.isScalar(b)) return elementwise(a, b, (x, y) => x * y, '·', site, work);
  if (a.cols !== b.rows) {
    throw new EvalError('shape', `cannot multiply ${M.shapeText(a)} by ${M.shapeText(b)}: the inner sizes ${a.cols} and ${b.rows} differ`, site.range);
  }
  if (a.rows * b.cols > MAX_ELEMENTS) {
    throw new EvalError('limit', `the product would have ${a.rows * b.cols} elements, over the ${MAX_ELEMENTS.toLocaleString('en')} limit`, site.range);
  }
  if (a.rows * a.cols * b.cols > MAX_PRODUCT_WORK) {
    throw new EvalError('limit', `multiplying ${M.shapeText(a)} by ${M.shapeText(b)} takes ${(a.rows * a.cols * b.cols).toExponential(1)} multiplications, over the per-block budget of ${MAX_PRODUCT_WORK.toExponential(0)}; use smaller matrices`, site.range);
  }
  operate(work, a.rows * a.cols * b.cols);
  allocate(work, a.rows * b.cols);
  return M.matmul(a, b);
}

function stack(rows: Matrix[][], site: Site, work: Work): Matrix {
  const wide = rows.map((parts) => hcat(parts, site, work));
  if (wide.length === 1) return wide[0];
  const cols = wide[0].cols;
  if (wide.every((m) => m.cols === cols)) {
    allocate(work, totalLength(wide));
    const data = M.concatData(wide.map((m) => m.data));
    return { rows: wide.reduce((s, m) => s + m.rows, 0), cols, data };
  }
  if (wide.every(M.isVector)) {
    allocate(work, totalLength(wide));
    const data = M.concatData(wide.map((m) => m.data));
    return { rows: data.length, cols: 1, data };
  }
  throw new EvalError('shape', `cannot stack ${wide.map(M.shapeText).join(' over ')}: the widths differ`, site.range);
}

function totalLength(ms: readonly Matrix[]): number {
  let n = 0;
  for (const m of ms) n += m.data.length;
  return n;
}

function hcat(parts: Matrix[], site: Site, work: Work): Matrix {
  if (parts.length === 1) return parts[0];
  const rows = parts[0].rows;
  if (parts.every((m) => m.rows === rows)) {
    const cols = parts.reduce((s, m) => s + m.cols, 0);
    allocate(work, rows * cols);
    const data = new Float64Array(rows * cols);
    let off = 0;
    for (const m of parts) {
      for (let r = 0; r < rows; r++) for (let c = 0; c < m.cols; c++) data[r * cols + off + c] = m.data[r * m.cols + c];
      off += m.cols;
    }
    return { rows, cols, data };
  }
  if (parts.every(M.isVector)) {
    allocate(work, totalLength(parts));
    const data = M.concatData(parts.map((m) => m.data));
    return { rows: 1, cols: data.length, data };
  }
  throw new EvalError('shape', `cannot place ${parts.map(M.shapeText).join(' beside ')} side by side: the heights differ`, site.range);
}

/** The function's operation, or what is wrong with its call (a message). */
function builtin(name: FunctionName, arity: number): Op | string {
  const need = (n: number, usage: string): string | undefined =>
    arity === n ? undefined : `${name} takes ${n} argument${n === 1 ? '' : 's'}: ${usage}`;
  switch (name) {
    case 'sigmoid': return need(1, 'sigmoid(v)') ?? { apply: ([a], _site, work) => mapped(a, M.sigmoidValue, work) };
    case 'tanh': return need(1, 'tanh(v)') ?? { apply: ([a], _site, work) => mapped(a, Math.tanh, work) };
    case 'relu': return need(1, 'relu(v)') ?? { apply: ([a], _site, work) => mapped(a, M.reluValue, work) };
    case 'exp': return need(1, 'exp(v)') ?? { apply: ([a], _site, work) => mapped(a, Math.exp, work) };
    case 'log': return need(1, 'log(v)') ?? { apply: ([a], _site, work) => mapped(a, Math.log, work) };
    case 'softmax': return need(1, 'softmax(v)') ?? { apply: ([a], _site, work) => { allocate(work, a.data.length); return softmax(a); } };
    // Reductions read their argument without allocating its size: the reads are counted as work.
    case 'norm': return need(1, 'norm(v)') ?? { apply: ([a], _site, work) => { operate(work, a.data.length); return scalarOut(norm(a.data), work); } };
    case 'transpose': return need(1, 'transpose(m)') ?? { apply: ([a], _site, work) => transposed(a, work) };
    case 'sum': return need(1, 'sum(m)') ?? { apply: ([a], _site, work) => { operate(work, a.data.length); const d = a.data; let s = 0; for (let k = 0; k < d.length; k++) s += d[k]; return scalarOut(s, work); } };
    case 'max':
      if (arity < 1) return 'max takes at least one argument: max(v)';
      return {
        apply: (args, _site, work) => {
          operate(work, totalLength(args));
          let m = -Infinity;
          // Indexed loops: an iterator over a Float64Array was ten times slower per element.
          for (const a of args) { const d = a.data; for (let k = 0; k < d.length; k++) { const x = d[k]; if (x > m || Number.isNaN(x)) m = x; } }
          return scalarOut(m, work);
        },
      };
    case 'clip':
      return need(2, 'clip(g, θ) rescales g to norm θ when its norm is larger') ?? {
        apply: ([g, t], site, work) => {
          if (!M.isScalar(t)) throw new EvalError('shape', `the threshold of clip must be a number, not ${M.shapeText(t)}`, site.range);
          operate(work, g.data.length);
          const n = norm(g.data), theta = t.data[0];
          return n > theta ? mapped(g, (x) => (x * theta) / n, work) : g;
        },
      };
    case 'onehot':
      return need(2, 'onehot(k, n) with k counting from 1') ?? {
        apply: ([k, n], site, work) => {
          const kk = k.data[0], nn = n.data[0];
          if (!M.isScalar(k) || !M.isScalar(n) || !Number.isInteger(kk) || !Number.isInteger(nn) || nn < 1 || kk < 1 || kk > nn) {
            throw new EvalError('shape', `onehot(k, n) needs whole numbers with 1 ≤ k ≤ n`, site.range);
          }
          if (nn > 1_000_000) throw new EvalError('shape', 'onehot size is over the 1,000,000 element limit', site.range);
          allocate(work, nn);
          const data = new Float64Array(nn);
          data[kk - 1] = 1;
          return { rows: nn, cols: 1, data };
        },
      };
  }
}

function norm(d: Float64Array): number {
  let s = 0;
  for (let k = 0; k < d.length; k++) s += d[k] * d[k];
  return Math.sqrt(s);
}

export function softmax(a: Matrix): Matrix {
  let max = -Infinity;
  for (const x of a.data) if (x > max) max = x;
  const out = new Float64Array(a.data.length);
  let s = 0;
  for (let k = 0; k < out.length; k++) { out[k] = Math.exp(a.data[k] - max); s += out[k]; }
  for (let k = 0; k < out.length; k++) out[k] /= s;
  return { rows: a.rows, cols: a.cols, data: out };
}
