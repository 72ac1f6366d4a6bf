// Expressions of a block: note notation (⊙, ·, σ, LaTeX names, matrix literals) read by
// parse/lexer.ts and parse/formula.ts, then compiled into closures over Float64Array kernels:
// the allowlisted functions only, and no deeper than MAX_DEPTH.
import type { CellKind, Matrix, Range } from '../types';
import { numberInfo, type Literal } from '../parse/literals';
import { resolveName, type Reading, type ResolvedName } from '../parse/names';
import { ALLOWED_FUNCTIONS, lex, type Token } from '../parse/lexer';
import { parseFormula, type FormulaNode, type FunctionNode } from '../parse/formula';
import type { SourceText } from '../parse/statements';
import * as M from '../matrix';
import { MAX_ELEMENTS } from '../budget';
import { EvalError, type Env, type NameUse, type Site } from './env';
import { builtin, checkTime, OPERATORS, stack, type FunctionName } from './kernels';
import { arrayRows, literalLatex, toLatex } from './latex';

export { ALLOWED_FUNCTIONS };
export { softmax } from './kernels';
export { EvalError, MAX_ELEMENTS, type Env, type NameUse };

export const MAX_DEPTH = 64;
const DEPTH_MESSAGE = `the expression nests deeper than ${MAX_DEPTH} levels; split it into named steps`;

/**
 * Characters of formulas (expressions other than a literal, a number or a name alone) one block
 * may hold. Reading a formula costs far more per character than reading a literal (a tree node,
 * a compiled closure and an evaluation per operator): a 1 MB formula took 4 s and 350 MB. A
 * lecture block holds a few hundred characters of formulas, a 5,000-statement chain
 * `a2 = a1 + 1` 50,000; a 65,533-character balanced formula took 90–300 ms of CPU here
 * (cold first run the slowest; see test/unit/engine/workLimits.test.ts). Counted from the
 * statements' text.
 */
export const MAX_FORMULA_CHARS = 100_000;

export interface ExprError {
  readonly code: 'parse' | 'unknown-name' | 'limit';
  readonly message: string;
  readonly range: Range;
  /** Set when the block's formulas together are over MAX_FORMULA_CHARS: the block stops there. */
  readonly blockLimit?: true;
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
  /** Which reading was taken of a literal in it that reads two ways (Literal.note), at the literal. */
  readonly notes?: readonly { readonly message: string; readonly range: Range }[];
  /** The formula's tree, when it is one (what grad/loss.ts differentiates). */
  readonly node?: FormulaNode;
}

/**
 * Parses and compiles an expression; errors come back as values, never thrown. `room`: the
 * characters of formulas the block may still hold (MAX_FORMULA_CHARS less those before this one);
 * `reading`: the block's reading of the letter a (parse/names.ts).
 */
export function compileExpression(
  source: SourceText,
  kind: CellKind,
  room = Number.POSITIVE_INFINITY,
  reading: Reading = 'pre',
): Expression | ExprError {
  const lexed = lex(source.text, room);
  if ('code' in lexed) {
    if (lexed.code === 'room') {
      const limit = MAX_FORMULA_CHARS.toLocaleString('en');
      const message = `the block's formulas would be longer than ${limit} characters with this one (the per-block limit); split the block or the formula`;
      return { code: 'limit', blockLimit: true, range: source.whole(), message };
    }
    return { code: lexed.code, message: lexed.message, range: source.range(lexed.from, lexed.to) };
  }
  const names: NameUse[] = [];
  for (const t of lexed.tokens)
    if (t.name !== undefined) names.push(new Use(resolveName(t.text, kind, reading), t.text, source, t.at, t.end!));
  // A value alone (white space aside) is the expression: a literal, a number, a name.
  if (!lexed.stray) {
    const values = lexed.tokens.filter((t) => t.kind !== 'newline' && t.kind !== 'end');
    if (values.length === 0) return { code: 'parse', message: 'a value is missing after `=`', range: source.whole() };
    const [first] = values;
    if (values.length === 1 && first.literal) return new LiteralExpression(source, first.literal, literalNotes(lexed.tokens, source));
    const number = loneNumber(values);
    if (number !== undefined) return new LiteralExpression(source, scalarLiteral(number));
    if (values.length === 1 && first.name !== undefined) {
      const use = names[0];
      const key = use.resolved.key;
      return { source, names, single: use, evaluate: reader(key, use), depth: 1, elements: 0, latex: `\\operand{${key}}` };
    }
  }
  if (lexed.unreadable) {
    const e = lexed.unreadable;
    return { code: 'parse', message: `cannot read this expression: ${e.message}`, range: source.range(e.from, e.to) };
  }
  const node = parseFormula(lexed.tokens, MAX_DEPTH);
  if ('kind' in node) {
    if (node.kind === 'limit') return { code: 'limit', message: DEPTH_MESSAGE, range: source.whole() };
    const message = node.kind === 'refused' ? node.message : `cannot read this expression: ${node.message}`;
    return { code: 'parse', message, range: source.range(node.at, node.end) };
  }
  const first = new Map<string, NameUse>();
  for (const use of names) if (!first.has(use.resolved.key)) first.set(use.resolved.key, use);
  const ctx: CompileContext = { names, first, site: source, depth: 0 };
  const fn = compileNode(node, ctx, 1);
  if (typeof fn !== 'function') return { ...fn, range: source.whole() };
  let elements = 0;
  for (const t of lexed.tokens) if (t.literal) elements += t.literal.value.data.length;
  return new FormulaExpression(source, names, fn, ctx.depth, elements, node, literalNotes(lexed.tokens, source));
}

/** The notes of the literals among `tokens` that read two ways, or undefined (most expressions). */
function literalNotes(tokens: readonly Token[], source: SourceText): Expression['notes'] {
  let notes: { message: string; range: Range }[] | undefined;
  for (const t of tokens) if (t.literal?.note) (notes ??= []).push({ message: t.literal.note, range: source.range(t.at, t.literal.end) });
  return notes;
}

/** `2`, `-0.5` or `−1e-3` (the sign written against the number): the number's text, else undefined. */
function loneNumber(values: readonly Token[]): string | undefined {
  const [a, b] = values;
  if (values.length === 1 && a.kind === 'number') return a.text;
  const signed = values.length === 2 && a.kind === 'op' && (a.text === '-' || a.text === '+') && b.kind === 'number' && b.at === a.at + 1;
  return signed ? a.text + b.text : undefined;
}

function scalarLiteral(text: string): Literal {
  const info = numberInfo(text);
  return {
    value: M.scalar(info.value),
    units: [info.unit],
    integers: [info.integer ? 1 : 0],
    oneDimensional: true,
    end: text.length,
  };
}

/** A name where the expression uses it; its range is worked out only for a note that points at it. */
class Use implements NameUse {
  constructor(
    readonly resolved: ResolvedName,
    readonly written: string,
    private readonly source: SourceText,
    readonly from: number,
    readonly to: number,
  ) {}

  get range(): Range {
    return this.source.range(this.from, this.to);
  }
}

const NO_NAMES: readonly NameUse[] = Object.freeze([]);

/** A matrix literal or a lone number: the value is the expression. */
class LiteralExpression implements Expression {
  readonly names = NO_NAMES;
  readonly depth = 1;
  constructor(
    readonly source: SourceText,
    readonly literal: Literal,
    readonly notes?: Expression['notes'],
  ) {}
  get elements(): number {
    return this.literal.value.data.length;
  }
  evaluate(): Matrix {
    return this.literal.value;
  }
  get latex(): string {
    return literalLatex(this.literal.value);
  }
}

/** A formula's LaTeX is written only when a step export asks for it. */
class FormulaExpression implements Expression {
  constructor(
    readonly source: SourceText,
    readonly names: readonly NameUse[],
    readonly evaluate: Compiled,
    readonly depth: number,
    readonly elements: number,
    readonly node: FormulaNode,
    readonly notes?: Expression['notes'],
  ) {}
  get latex(): string {
    return toLatex(this.node, (k) => this.names[k].resolved.key);
  }
}

type Compiled = (env: Env) => Matrix;

/** What a compile error is: the formula's text stands behind `site`. */
type CompileError = Pick<ExprError, 'code' | 'message'>;

interface CompileContext {
  /** Every name the formula writes, in order, and the first use of each canonical name. */
  readonly names: readonly NameUse[];
  readonly first: ReadonlyMap<string, NameUse>;
  readonly site: Site;
  /** The deepest level compiled (the expression's depth). */
  depth: number;
}

/** The value of `key`; a missing value is reported at `use`. */
function reader(key: string, use: NameUse): Compiled {
  return (env) => {
    const v = env.get(key, use);
    if (!v) throw new EvalError('missing', `${use.written} has no value`, use.range, [key]);
    return v;
  };
}

const GRAD_USAGE = 'grad(of, wrt) takes two names: grad(h_4, h_1) for ∂h_4/∂h_1, or grad(L, W_h) for a loss L = … written in the block';

/** grad(of, wrt): the two names as keys, differentiated by the block (Env.grad), not evaluated. */
function compileGrad(node: FunctionNode, ctx: CompileContext): Compiled | CompileError {
  const [of, wrt] = node.args.map((a) => (a.type === 'ParenthesisNode' ? a.content : a));
  if (node.args.length !== 2 || of.type !== 'NameNode' || wrt.type !== 'NameNode') return { code: 'parse', message: GRAD_USAGE };
  const ofKey = ctx.names[of.index].resolved.key,
    wrtKey = ctx.names[wrt.index].resolved.key;
  const site = ctx.site;
  return (env) => {
    if (!env.grad) throw new EvalError('parse', 'grad(…) is computed in a block, from its unrolled steps', site.whole());
    return env.grad(ofKey, wrtKey, site.whole());
  };
}

function compileNode(node: FormulaNode, ctx: CompileContext, depth: number): Compiled | CompileError {
  if (depth > ctx.depth) ctx.depth = depth;
  if (depth > MAX_DEPTH) return { code: 'limit', message: DEPTH_MESSAGE };
  const site = ctx.site;
  const all = (nodes: readonly FormulaNode[], deeper: number): Compiled[] | CompileError => {
    const out: Compiled[] = [];
    for (const a of nodes) {
      const c = compileNode(a, ctx, depth + deeper);
      if (typeof c !== 'function') return c;
      out.push(c);
    }
    return out;
  };
  switch (node.type) {
    case 'ConstantNode': {
      const m = M.scalar(node.value);
      return () => m;
    }
    case 'LiteralNode': {
      const value = node.literal.value;
      return () => value;
    }
    case 'SymbolNode':
      return { code: 'unknown-name', message: `\`${node.name}\` is not a name of this block` };
    case 'NameNode': {
      // A missing value is reported at the first use of the name in the formula.
      const key = ctx.names[node.index].resolved.key;
      return reader(key, ctx.first.get(key)!);
    }
    case 'ParenthesisNode':
      return compileNode(node.content, ctx, depth + 1);
    case 'OperatorNode': {
      const args = all(node.args, 1);
      if (!Array.isArray(args)) return args;
      const op = OPERATORS[node.fn];
      if (args.length === 1) {
        const [a] = args;
        return (env) => op([a(env)], site, env.work);
      }
      const [a, b] = args;
      return (env) => {
        const x = a(env),
          y = b(env);
        checkTime(site);
        return op([x, y], site, env.work);
      };
    }
    case 'FunctionNode': {
      const name = node.fn.type === 'SymbolNode' ? node.fn.name : '';
      if (name === 'grad') return compileGrad(node, ctx);
      if (!(ALLOWED_FUNCTIONS as readonly string[]).includes(name)) {
        return { code: 'unknown-name', message: `only ${ALLOWED_FUNCTIONS.join(', ')} can be called in a block` };
      }
      const args = all(node.args, 1);
      if (!Array.isArray(args)) return args;
      const f = builtin(name as FunctionName, args.length);
      if (typeof f === 'string') return { code: 'parse', message: f };
      return (env) => {
        const xs = args.map((a) => a(env));
        checkTime(site);
        return f(xs, site, env.work);
      };
    }
    case 'ArrayNode': {
      const rows: Compiled[][] = [];
      for (const row of arrayRows(node.items)) {
        const compiled = all(row, 2);
        if (!Array.isArray(compiled)) return compiled;
        rows.push(compiled);
      }
      return (env) =>
        stack(
          rows.map((r) => r.map((c) => c(env))),
          site,
          env.work,
        );
    }
  }
}
