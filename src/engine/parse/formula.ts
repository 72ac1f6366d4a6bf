// The parser of a block's formulas, from the tokens of parse/lexer.ts. It reads the subset of
// mathjs 15.2 syntax a block allows, and builds the trees mathjs would (same node types,
// precedence, implicit multiplication), so formulas mean what they meant when mathjs parsed
// them. Every other mathjs construct is refused here, at the character that starts it; none of
// them has a meaning in a block.
import type { Literal } from './literals';
import type { Token } from './lexer';

export type FormulaNode = ConstantNode | SymbolNode | NameNode | LiteralNode | ParenthesisNode | OperatorNode | FunctionNode | ArrayNode;
export type ConstantNode = { readonly type: 'ConstantNode'; readonly value: number };
/** A word that is no name of a note (`sigmoid` for σ, `\\mathrm{e}`, `$`): a function when called. */
export type SymbolNode = { readonly type: 'SymbolNode'; readonly name: string };
/** A note's name, the `index`-th name of the formula. */
export type NameNode = { readonly type: 'NameNode'; readonly name: string; readonly index: number };
export type LiteralNode = { readonly type: 'LiteralNode'; readonly literal: Literal };
export type ParenthesisNode = { readonly type: 'ParenthesisNode'; readonly content: FormulaNode };
export type FunctionNode = {
  readonly type: 'FunctionNode';
  readonly fn: SymbolNode | NameNode | LiteralNode;
  readonly args: readonly FormulaNode[];
};
export type ArrayNode = { readonly type: 'ArrayNode'; readonly items: readonly FormulaNode[] };
/** `implicit`: `2 x` rather than `2 * x`. */
export type OperatorNode = {
  readonly type: 'OperatorNode';
  readonly op: string;
  readonly fn: OperatorFn;
  readonly args: readonly FormulaNode[];
  readonly implicit: boolean;
};
export type OperatorFn =
  'add' | 'subtract' | 'multiply' | 'divide' | 'dotMultiply' | 'dotDivide' | 'pow' | 'dotPow' | 'unaryMinus' | 'unaryPlus' | 'ctranspose';

export interface FormulaError {
  /** syntax: unreadable; refused: a mathjs construct a block does not allow; limit: nested too deep. */
  readonly kind: 'syntax' | 'refused' | 'limit';
  readonly message: string;
  /** Where the error is, as offsets in the formula's text. */
  readonly at: number;
  readonly end: number;
}

const BINARY: Record<string, OperatorFn> = {
  '+': 'add',
  '-': 'subtract',
  '*': 'multiply',
  '.*': 'dotMultiply',
  '/': 'divide',
  './': 'dotDivide',
  '^': 'pow',
  '.^': 'dotPow',
};

const ACCESS = 'property and index access (`a.b`, `a[1]`) are not allowed in a block';
const STATEMENTS = 'one statement per line: separate statements with line breaks, not `;`';
/** What mathjs would have built from a binary operator a block refuses. */
const REFUSED_BINARY: Record<string, string> = {
  '=': 'assignment inside an expression is not allowed; write one `NAME = value` per line',
  ':': 'ranges `a:b` are not allowed in a block',
  '?': 'conditionals `a ? b : c` are not allowed in a block',
};
for (const op of ['==', '!=', '<', '>', '<=', '>=', '&', '|', '^|', '<<', '>>', '>>>', '??']) {
  REFUSED_BINARY[op] = `the operator \`${op}\` is not allowed in a block`;
}

class Failure {
  constructor(readonly error: FormulaError) {}
}

/** An error from the character at `at` to the one at `last`. */
function fail(kind: FormulaError['kind'], message: string, at: number, last = at): never {
  throw new Failure({ kind, message, at, end: Math.max(last + 1, at + 1) });
}

class Parser {
  private pos = 0;
  /** Open ( and [: inside them a line break is white space (mathjs's rule). */
  private open = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  private get tok(): Token {
    return this.tokens[this.pos];
  }

  private is(text: string): boolean {
    return this.tok.kind === 'op' && this.tok.text === text;
  }

  /** After an operator mathjs skips line breaks; after a value only inside brackets. */
  private next(afterOperator = false): void {
    this.pos++;
    while (this.tok.kind === 'newline' && (afterOperator || this.open > 0)) this.pos++;
  }

  /** The token `k` ahead, line breaks skipped. */
  private peek(k: number): Token {
    let p = this.pos;
    while (k > 0 && p < this.tokens.length - 1) {
      p++;
      if (this.tokens[p].kind !== 'newline') k--;
    }
    return this.tokens[p];
  }

  /** A nested sub-expression: one tree level deeper at least, so the depth limit bounds the recursion. */
  private nested<T>(parse: () => T): T {
    if (++this.depth > this.maxDepth) fail('limit', 'too deep', this.tok.at);
    const node = parse();
    this.depth--;
    return node;
  }

  parse(): FormulaNode {
    if (this.is(';') || this.tok.kind === 'newline') fail('refused', STATEMENTS, this.tok.at);
    const node = this.expression();
    if (this.tok.kind !== 'end') this.unexpected();
    return node;
  }

  private expression(): FormulaNode {
    let node = this.product();
    while (this.is('+') || this.is('-')) {
      const op = this.tok.text;
      this.next(true);
      node = operator(op, BINARY[op], [node, this.product()]);
    }
    return node;
  }

  private product(): FormulaNode {
    let node = this.implicitProduct();
    while (this.is('*') || this.is('.*') || this.is('/') || this.is('./')) {
      const op = this.tok.text;
      this.next(true);
      node = operator(op, BINARY[op], [node, this.implicitProduct()]);
    }
    return node;
  }

  /** `2 x`, `a b`, `2 (x)`, `(a)(b)`, `(a) 2`, but not `2 3` or `x' 2` (mathjs's rules). */
  private implicitProduct(): FormulaNode {
    let node = this.rule2();
    let last = node;
    for (;;) {
      const t = this.tok;
      const implicit =
        t.kind === 'symbol' || this.is('(') || (t.kind === 'number' && last.type !== 'ConstantNode' && last.type !== 'OperatorNode');
      if (!implicit) return node;
      last = this.rule2();
      node = operator('*', 'multiply', [node, last], true);
    }
  }

  /** mathjs's "rule 2": `1/2 x` is (1/2)·x, a number over a number binding tighter than the implicit product. */
  private rule2(): FormulaNode {
    let node = this.unary();
    let last = node;
    while (this.is('/') && isNumberLike(last)) {
      const a = this.peek(1),
        b = this.peek(2);
      if (a.kind !== 'number' || !(b.kind === 'symbol' || (b.kind === 'op' && b.text === '('))) break;
      this.next(true);
      last = this.unary();
      node = operator('/', 'divide', [node, last]);
    }
    return node;
  }

  private unary(): FormulaNode {
    if (this.is('-') || this.is('+')) {
      const op = this.tok.text;
      this.next(true);
      return operator(op, op === '-' ? 'unaryMinus' : 'unaryPlus', [this.nested(() => this.unary())]);
    }
    if (this.is('~')) fail('refused', 'the operator `~` is not allowed in a block', this.tok.at);
    return this.power();
  }

  /** `^` binds tighter than unary minus on its left (`-2^2` is −4) and takes one on its right (`2^-1`). */
  private power(): FormulaNode {
    const node = this.transposed();
    if (!this.is('^') && !this.is('.^')) return node;
    const op = this.tok.text;
    this.next(true);
    return operator(op, BINARY[op], [node, this.nested(() => this.unary())]);
  }

  private transposed(): FormulaNode {
    let node = this.primary();
    while (this.is("'")) {
      this.next();
      node = this.accessors(operator("'", 'ctranspose', [node]));
    }
    return node;
  }

  private primary(): FormulaNode {
    const t = this.tok;
    if (t.kind === 'number') {
      this.next();
      return { type: 'ConstantNode', value: Number(t.text) };
    }
    if (t.kind === 'symbol') {
      this.next();
      if (t.literal) return this.accessors({ type: 'LiteralNode', literal: t.literal });
      if (t.name !== undefined) return this.accessors({ type: 'NameNode', name: t.text, index: t.name });
      // The two words mathjs reads as numbers (reachable through `\mathrm{NaN}`).
      const number = t.text === 'NaN' || t.text === 'Infinity';
      return this.accessors(number ? { type: 'ConstantNode', value: Number(t.text) } : { type: 'SymbolNode', name: t.text });
    }
    if (this.is('(')) {
      const content = this.bracketed(')', () => this.nested(() => this.expression()));
      return this.accessors({ type: 'ParenthesisNode', content });
    }
    if (this.is('[')) return this.accessors(this.matrix());
    if (t.kind === 'end') fail('syntax', 'a value is missing at the end', t.at);
    return this.unexpected(false);
  }

  /** What may follow a value: a call after a name; index and property access are refused. */
  private accessors(node: FormulaNode): FormulaNode {
    if (this.is('[') || this.is('.') || this.is('?.')) fail('refused', ACCESS, this.tok.at, this.tok.last);
    if (!this.is('(') || !(node.type === 'SymbolNode' || node.type === 'NameNode' || node.type === 'LiteralNode')) return node;
    const args = this.bracketed(')', () => {
      const list: FormulaNode[] = [];
      if (this.is(')')) return list;
      list.push(this.nested(() => this.expression()));
      while (this.is(',')) {
        this.next();
        list.push(this.nested(() => this.expression()));
      }
      return list;
    });
    return this.accessors({ type: 'FunctionNode', fn: node, args });
  }

  /** As in mathjs, `[a, b]` is one flat ArrayNode and `[a, b; c, d]` an ArrayNode of row ArrayNodes. */
  private matrix(): ArrayNode {
    const start = this.tok.at;
    return this.bracketed(']', () => {
      if (this.is(']')) return { type: 'ArrayNode', items: [] };
      const first = this.row();
      if (!this.is(';')) return first;
      const rows = [first];
      while (this.is(';')) {
        this.next();
        if (!this.is(']')) rows.push(this.row());
      }
      const ragged = rows.find((r) => r.items.length !== first.items.length);
      if (ragged) {
        fail(
          'syntax',
          `the rows of a matrix need the same number of entries (${first.items.length}, then ${ragged.items.length})`,
          start,
          this.tok.at,
        );
      }
      return { type: 'ArrayNode', items: rows };
    });
  }

  /** A row allows a trailing comma (`[a, b,]`), as in mathjs. */
  private row(): ArrayNode {
    const items = [this.nested(() => this.expression())];
    while (this.is(',')) {
      this.next();
      if (!this.is(']') && !this.is(';')) items.push(this.nested(() => this.expression()));
    }
    return { type: 'ArrayNode', items };
  }

  private bracketed<T>(close: string, inside: () => T): T {
    const opening = this.tok;
    this.open++;
    this.next();
    const result = inside();
    if (!this.is(close)) {
      if (this.tok.kind === 'end') fail('syntax', `\`${opening.text}\` is never closed`, opening.at);
      this.unexpected();
    }
    this.open--;
    this.next();
    return result;
  }

  /**
   * The token cannot continue the formula. After a value, a binary operator of mathjs that has
   * a value after it is a construct a block refuses, with the message of that construct.
   */
  private unexpected(afterValue = true): never {
    const t = this.tok;
    if (afterValue) {
      if (t.kind === 'newline' || t.text === ';') fail('refused', STATEMENTS, t.at);
      if (t.text === '!' || t.text === '%') fail('refused', `the operator \`${t.text}\` is not allowed in a block`, t.at, t.last);
      if (t.kind === 'op' && Object.hasOwn(REFUSED_BINARY, t.text)) {
        const after = this.peek(1);
        if (after.kind === 'number' || after.kind === 'symbol' || ['(', '[', '-', '+'].includes(after.text)) {
          fail('refused', REFUSED_BINARY[t.text], t.at, t.last);
        }
        this.next(true);
        return this.unexpected(false);
      }
    }
    if (t.kind === 'end') fail('syntax', 'a value is missing at the end', t.at);
    return fail('syntax', `unexpected \`${t.text}\``, t.at, t.last);
  }
}

function operator(op: string, fn: OperatorFn, args: FormulaNode[], implicit = false): OperatorNode {
  return { type: 'OperatorNode', op, fn, args, implicit };
}

/** A number, or a signed one: the left side of mathjs's rule 2. */
function isNumberLike(node: FormulaNode): boolean {
  return (
    node.type === 'ConstantNode' ||
    (node.type === 'OperatorNode' && node.args.length === 1 && node.fn !== 'ctranspose' && node.args[0].type === 'ConstantNode')
  );
}

/** Parses a formula's tokens (ending with an `end` token); errors come back as values, never thrown. */
export function parseFormula(tokens: readonly Token[], maxDepth: number): FormulaNode | FormulaError {
  try {
    return new Parser(tokens, maxDepth).parse();
  } catch (e) {
    if (e instanceof Failure) return e.error;
    throw e;
  }
}
