// The hand-written lexer and formula parser against mathjs 15.2, which they replace: the same
// trees for everything a block can write, refusals for everything else, and no stack overflow.
// Matrix literals are the lexer's own (mathjs reads them as arrays of numbers): mathjs is given
// the text with each literal replaced by a symbol `__L0`, `__L1`, … .
import * as assert from 'assert';
import { create, parseDependencies } from 'mathjs';
import { parseFormula, type FormulaError, type FormulaNode } from '../../../src/engine/parse/formula';
import { lex } from '../../../src/engine/parse/lexer';
import { scanLiteral, type Literal } from '../../../src/engine/parse/literals';
import { MAX_DEPTH } from '../../../src/engine/expr';
import { analyze, analyzeWithSteps, block, md, only, range, rows } from './helpers';
import { analyzeDocument } from '../../../src/markdown/document';
import { inDocument } from '../../../src/markdown/blocks';
import { rng as seeded } from '../../../bench/lib/gen';

const mathjs = create({ parseDependencies });

const ALLOWED_TYPES = ['ConstantNode', 'SymbolNode', 'ParenthesisNode', 'OperatorNode', 'FunctionNode', 'ArrayNode'];
const ALLOWED_FNS = [
  'add',
  'subtract',
  'multiply',
  'divide',
  'dotMultiply',
  'dotDivide',
  'pow',
  'dotPow',
  'unaryMinus',
  'unaryPlus',
  'ctranspose',
];

type Plain = { [k: string]: unknown };

/**
 * The fields the engine reads, from either parser's node; undefined for a node a block refuses.
 * Ours: a name is a symbol of its spelling, the k-th of `literals` (known by where it ends) the symbol `__Lk`.
 */
function plain(node: unknown, literals: readonly Literal[] = []): Plain | undefined {
  const n = node as Record<string, unknown>;
  if (n.type === 'NameNode') return { type: 'SymbolNode', name: n.name };
  if (n.type === 'LiteralNode')
    return { type: 'SymbolNode', name: `__L${literals.findIndex((l) => l.end === (n.literal as Literal).end)}` };
  const type = n.type as string;
  if (!ALLOWED_TYPES.includes(type)) return undefined;
  const sub = (x: unknown) => plain(x, literals);
  const kids = (xs: unknown): Plain[] | undefined => {
    const out = (xs as unknown[]).map(sub);
    return out.every((x) => x !== undefined) ? (out as Plain[]) : undefined;
  };
  switch (type) {
    case 'ConstantNode':
      return typeof n.value === 'number' ? { type, value: n.value } : undefined;
    case 'SymbolNode':
      return { type, name: n.name };
    case 'ParenthesisNode': {
      const content = sub(n.content);
      return content && { type, content };
    }
    case 'OperatorNode': {
      const args = kids(n.args);
      return args && ALLOWED_FNS.includes(n.fn as string) ? { type, op: n.op, fn: n.fn, implicit: Boolean(n.implicit), args } : undefined;
    }
    case 'FunctionNode': {
      const args = kids(n.args);
      const fn = sub(n.fn);
      return args && fn && { type, fn, args };
    }
    default: {
      const items = kids(n.items);
      return items && { type, items };
    }
  }
}

/** The formula read as a block reads it: what the lexer refuses is `refused`, an unreadable character `syntax`. */
function mine(text: string): FormulaNode | FormulaError {
  const lexed = lex(text);
  if ('code' in lexed) return { kind: 'refused', message: lexed.message, at: lexed.from, end: lexed.to };
  if (lexed.unreadable) return { kind: 'syntax', message: lexed.unreadable.message, at: lexed.unreadable.from, end: lexed.unreadable.to };
  return parseFormula(lexed.tokens, MAX_DEPTH);
}

/** The literals of a text, in order, and the text for mathjs (each literal a symbol); undefined when a literal is malformed. */
function literalsOf(text: string): { literals: Literal[]; mathjsText: string } | undefined {
  const literals: Literal[] = [];
  let out = '';
  for (let i = 0; i < text.length;) {
    const lit = text[i] === '[' || text.startsWith('\\begin', i) ? scanLiteral(text, i) : undefined;
    if (lit && 'error' in lit) return undefined;
    if (!lit) {
      out += text[i++];
      continue;
    }
    out += ` __L${literals.length} `;
    literals.push(lit);
    i = lit.end;
  }
  return { literals, mathjsText: out };
}

/** What mathjs makes of the text, as a block sees it: a tree, or undefined (an error or a refused node). */
function reference(text: string): Plain | undefined {
  try {
    return plain(mathjs.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * Whether mathjs accepted the text (written with `__n0` for a name and `__L0` for a literal,
 * which the block's text spells `n_0` and `[0]`). What the lexer refuses by the note's own rules
 * (a malformed literal `[]` or `[- 1]`, a string: `'` after `1.`) is not compared.
 */
function assertSameAsMathjs(generated: string): boolean {
  const text = generated
    .replace(/__n(\d)/g, 'n_$1')
    .replace(/__L(\d)/g, '[$1]')
    .replace(/\b([fg])( ?)\(/g, '$1_1$2(');
  const scanned = literalsOf(text);
  if (!scanned || 'code' in lex(text)) return false;
  const ours = mine(text);
  const expected = reference(scanned.mathjsText);
  if (expected === undefined) {
    assert.ok('kind' in ours, `mathjs refuses ${JSON.stringify(text)}, the parser accepts it: ${JSON.stringify(ours)}`);
    return false;
  }
  assert.ok(!('kind' in ours), `${JSON.stringify(text)}: ${JSON.stringify(ours)}`);
  assert.deepStrictEqual(plain(ours, scanned.literals), expected, JSON.stringify(text));
  return true;
}

const NUMBERS = ['0', '1', '2', '10', '0.5', '.5', '1.', '1e-3', '2.5E+2', '3e2', '1.e5', '0.001', '12.75'];
const FUNCTIONS = ['sigmoid', 'tanh', 'relu', 'softmax', 'exp', 'log', 'norm', 'clip', 'onehot', 'transpose', 'sum', 'max'];
const BINARY = ['+', '-', '*', '/', '.*', './', '^', '.^'];
/** Tokens for random sequences, mostly unreadable ones, to check that both parsers refuse the same. */
const TOKENS = [
  '__n0',
  '__n1',
  '__L0',
  '2',
  '.5',
  '1e-3',
  '(',
  ')',
  '[',
  ']',
  ',',
  ';',
  '\n',
  '+',
  '-',
  '*',
  '/',
  '^',
  '.^',
  '.*',
  './',
  "'",
  'tanh(',
  ' ',
];

function generate(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const sp = () => pick(['', ' ', ' ', '  ']);
  const atom = (): string => {
    const r = rand();
    if (r < 0.45) return `__n${Math.floor(rand() * 3)}`;
    if (r < 0.6) return `__L${Math.floor(rand() * 2)}`;
    return pick(NUMBERS);
  };
  const expr = (depth: number): string => {
    if (depth <= 0 || rand() < 0.25) return atom();
    const d = depth - 1;
    switch (Math.floor(rand() * 10)) {
      case 0:
      case 1:
        return `${expr(d)}${sp()}${pick(BINARY)}${sp()}${expr(d)}`;
      case 2:
        return `${pick(['-', '+', '- ', '-'])}${sp()}${expr(d)}`;
      // Implicit multiplication, with or without a space (a number before a name must not merge into one).
      case 3:
        return `${expr(d)} ${expr(d)}`;
      case 4:
        return `${expr(d)}${sp()}(${expr(d)})`;
      case 5:
        return `(${sp()}${expr(d)}${sp()})`;
      case 6: {
        const args = Array.from({ length: 1 + Math.floor(rand() * 2) }, () => expr(d));
        return `${pick(FUNCTIONS)}(${args.join(`,${sp()}`)})`;
      }
      case 7:
        return `${expr(d)}'`;
      case 8: {
        const cols = 1 + Math.floor(rand() * 3);
        const rows = 1 + Math.floor(rand() * 3);
        const body = Array.from({ length: rows }, () =>
          Array.from({ length: rand() < 0.9 ? cols : cols + 1 }, () => expr(d - 1)).join(pick([', ', ',', ' ,'])),
        );
        const tail = pick(['', '', '', ';', ',', '\n']);
        return `[${pick(['', ' ', '\n'])}${body.join(pick([';', '; ', ';\n', '\n;']))}${tail}]`;
      }
      default:
        return `${expr(d)}${sp()}/${sp()}${pick(NUMBERS)}${sp()}${expr(d)}`;
    }
  };
  if (rand() < 0.15) return Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(TOKENS)).join('');
  return expr(4);
}

describe('engine: the formula parser matches mathjs', () => {
  it('on 4,000 generated formulas (seeded)', () => {
    const rand = seeded(20261128);
    let accepted = 0;
    for (let k = 0; k < 4000; k++) {
      if (assertSameAsMathjs(generate(rand))) accepted++;
    }
    assert.ok(accepted > 2500, `only ${accepted} of the generated formulas are readable`);
  });

  const CASES = [
    // precedence and associativity
    '-2^2',
    '2^-1',
    '2^-__n0 __n1',
    'a^b^c',
    "a'^2",
    "a^b'",
    '- - 1',
    '+-a',
    'a - -b',
    'a+b*c-d/e',
    'a*b/c*d',
    'a .* b ./ c .^ d',
    "a''",
    "a'' b",
    "(a)'(b)",
    "f(a)'",
    // implicit multiplication
    '2a',
    '2 a',
    '2 (a)',
    '2(a)',
    '(a)(b)',
    '(a) 2',
    'a 2',
    'a b c',
    '-a b',
    '2^a b',
    'a / b c',
    'a * b c',
    '[a] 2',
    'f(a) 2',
    'f(a)(b)',
    "a' 2",
    '2 3',
    '-2 3',
    '2exp(a)',
    '2 __L0',
    '__L0 __n0',
    // rule 2: a number over a number binds tighter
    '1/2 a',
    '-1/2 a',
    '+1/2 a',
    '1/2/3 a',
    '1/2 (a)',
    '1/a b',
    '(1)/2 a',
    "1'/2 a",
    '1 / 2 a',
    '1/\n2 a',
    // numbers
    '1e-3',
    '.5',
    '1.',
    '1.e5',
    '2E+3',
    '1.5.5',
    '1e+',
    '1e5.5',
    '2./3',
    '2.*3',
    '2.^3',
    '1..2',
    '0.5a',
    // arrays
    '[a; b]',
    '[a, b]',
    '[a]',
    '[]',
    '[a;]',
    '[a,]',
    '[a, ]',
    '[a,;b,]',
    '[a\n b]',
    '[a,\nb]',
    '[a;\nb]',
    '[a, b; c, d]',
    '[a, b; c]',
    '[[a], [b]]',
    '[[a, b]; [c, d]]',
    "[a, b]'",
    '[a;;b]',
    '[a,,b]',
    '[;]',
    // calls and what may follow them
    'f()',
    'f(a, b)',
    'f(a,)',
    'f (a)',
    'f(a)(b)(c)',
    'f(g(a))',
    // line breaks: white space inside brackets, an operator before one continues the formula
    '(a\n+ b)',
    'a +\nb',
    'f(a\n, b)',
    'a\n+ b',
    'a\n',
  ];
  for (const text of CASES)
    it(`on ${JSON.stringify(text)}`, () => {
      assertSameAsMathjs(text);
    });
});

describe('engine: the formula parser refuses what a block does not allow', () => {
  const REFUSED: [string, RegExp, number][] = [
    ['a = b', /^assignment inside an expression is not allowed/, 2],
    ['(a = b)', /^assignment inside an expression is not allowed/, 3],
    ['tanh(a) = a', /^assignment inside an expression is not allowed/, 8],
    ['a ? b : c', /^conditionals `a \? b : c` are not allowed in a block$/, 2],
    ['a:b', /^ranges `a:b` are not allowed in a block$/, 1],
    ['[1:3]', /^ranges/, 2],
    ['a < b', /^the operator `<` is not allowed in a block$/, 2],
    ['a <= b', /^the operator `<=` is not allowed/, 2],
    ['a == b', /^the operator `==` is not allowed/, 2],
    ['a != b', /^the operator `!=` is not allowed/, 2],
    ['a < b < c', /^the operator `<` is not allowed/, 2],
    ['a & b', /^the operator `&` is not allowed/, 2],
    ['a | b', /^the operator `\|` is not allowed/, 2],
    ['a ^| b', /^the operator `\^\|` is not allowed/, 2],
    ['a << 2', /^the operator `<<` is not allowed/, 2],
    ['a >>> 2', /^the operator `>>>` is not allowed/, 2],
    ['a ?? b', /^the operator `\?\?` is not allowed/, 2],
    ['2!', /^the operator `!` is not allowed/, 1],
    ['a % b', /^the operator `%` is not allowed/, 2],
    ['50%', /^the operator `%` is not allowed/, 2],
    ['~a', /^the operator `~` is not allowed/, 0],
    ['a; b', /^one statement per line/, 1],
    ['a;', /^one statement per line/, 1],
    ['; a', /^one statement per line/, 0],
    ['a\nb', /^one statement per line/, 1],
    ['(a; b)', /^one statement per line/, 2],
    ['a.b', /^property access \(`\.name`\) is not allowed/, 1],
    ['(a).b', /^property access \(`\.name`\) is not allowed/, 3],
    ['a?.b', /^property access \(`\.name`\) is not allowed/, 2],
    ['(a).(b)', /^property and index access/, 3],
    ['a [b]', /^property and index access/, 2],
    ['[a][b]', /^property and index access/, 3],
    ["a'[b]", /^property and index access/, 2],
  ];
  for (const [text, message, at] of REFUSED) {
    it(`${JSON.stringify(text)}: ${message.source}`, () => {
      const r = mine(text);
      assert.ok('kind' in r, JSON.stringify(r));
      assert.strictEqual(r.kind, 'refused');
      assert.match(r.message, message);
      assert.strictEqual(r.at, at);
    });
  }

  const UNREADABLE: [string, string, number][] = [
    ['x => x', 'unexpected `>`', 3],
    ['a # comment', 'unexpected `#`', 2],
    ['a @ b', 'unexpected `@`', 2],
    ['a ` b', 'unexpected ```', 2],
    ['a \r b', 'unexpected `\r`', 2],
    ['2 3', 'unexpected `3`', 2],
    ['2 [a]', 'unexpected `[`', 2],
    ['(a, b)', 'unexpected `,`', 2],
    ['a )', 'unexpected `)`', 2],
    // At the formula's last character, where the note shows it.
    ['a +', 'a value is missing at the end', 2],
    ['a + \\left', 'a value is missing at the end', 3],
    ['a + * b', 'unexpected `*`', 4],
    ['(a', '`(` is never closed', 0],
    ['tanh(a', '`(` is never closed', 4],
    ['[a, b', '`[` is never closed', 0],
    ['[a, b; c]', 'the rows of a matrix need the same number of entries (2, then 1)', 0],
    // `1e+` is 1·e + …: an exponent needs its digits.
    ['1e+', 'a value is missing at the end', 2],
    ['1e5.5', '`1e5.` is not a number', 0],
  ];
  for (const [text, message, at] of UNREADABLE) {
    it(`${JSON.stringify(text)}: ${message}`, () => {
      const r = mine(text);
      assert.ok('kind' in r, JSON.stringify(r));
      assert.deepStrictEqual([r.kind, r.message, r.at], ['syntax', message, at]);
    });
  }

  it('refuses a string', () => {
    assert.deepStrictEqual(mine("'s'"), {
      kind: 'refused',
      message: 'strings are not allowed in a block; values are numbers and matrices',
      at: 0,
      end: 1,
    });
  });
  it('reads \\mathrm{NaN} and \\mathrm{Infinity} as numbers, like mathjs', () => {
    assert.deepStrictEqual(mine('\\mathrm{NaN}'), { type: 'ConstantNode', value: NaN });
    assert.deepStrictEqual(mine('2 \\mathrm{Infinity}'), {
      type: 'OperatorNode',
      op: '*',
      fn: 'multiply',
      implicit: true,
      args: [
        { type: 'ConstantNode', value: 2 },
        { type: 'ConstantNode', value: Infinity },
      ],
    });
  });
  it('reads a stray letter as a name, so the block reports an unknown name', () => {
    assert.deepStrictEqual(mine('$ é2'), {
      type: 'OperatorNode',
      op: '*',
      fn: 'multiply',
      implicit: true,
      args: [
        { type: 'SymbolNode', name: '$' },
        { type: 'SymbolNode', name: 'é2' },
      ],
    });
  });
  it("ends a stray word at an operator of the note (× ÷ are in the Latin-1 letters' range)", () => {
    assert.deepStrictEqual(mine('$×é'), {
      type: 'OperatorNode',
      op: '*',
      fn: 'multiply',
      implicit: false,
      args: [
        { type: 'SymbolNode', name: '$' },
        { type: 'SymbolNode', name: 'é' },
      ],
    });
  });
  it('reads `.^T` as `.` then a transpose', () => {
    const r = mine('$.^T');
    assert.ok('kind' in r && r.kind === 'refused' && r.at === 1, JSON.stringify(r));
  });
  it('points a refused operator at its characters in the note', () => {
    const a = block(['```rnn', 'x = [1; 2]', 'x ?= x == x', '```', ''].join('\n'));
    const d = a.diagnostics.find((x) => x.severity === 'error')!;
    assert.strictEqual(d.message, 'the operator `==` is not allowed in a block');
    assert.deepStrictEqual(d.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 9 } });
  });
  it('points an unreadable formula at the character, behind the rewriting of ⊙', () => {
    const a = block(['```rnn', 'x = [1; 2]', 'q = x ⊙ ⊙ x', '```', ''].join('\n'));
    const d = a.diagnostics.find((x) => x.severity === 'error')!;
    assert.strictEqual(d.message, 'cannot read this expression: unexpected `.*`');
    assert.deepStrictEqual(d.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 9 } });
  });
});

describe('engine: the formula parser stops at the depth limit', () => {
  const limit = (text: string) => {
    const r = mine(text);
    assert.ok('kind' in r && r.kind === 'limit', `${text.slice(0, 40)}…: ${JSON.stringify(r).slice(0, 200)}`);
  };
  it('10,000 unary minus signs', () => limit('-'.repeat(10000) + '1'));
  it('5,000 nested parentheses, closed or not', () => {
    limit('('.repeat(5000) + 'a' + ')'.repeat(5000));
    limit('('.repeat(5000));
  });
  it('5,000 nested brackets, calls and powers', () => {
    limit('['.repeat(5000) + 'a' + ']'.repeat(5000));
    limit('sigmoid('.repeat(5000) + 'a' + ')'.repeat(5000));
    limit('a^'.repeat(5000) + 'a');
    limit('a^-'.repeat(5000) + 'a');
  });
  it('allows as much nesting as the compiled tree may have', () => {
    for (const text of [
      '('.repeat(63) + 'a' + ')'.repeat(63),
      '-'.repeat(63) + '1',
      'tanh('.repeat(63) + 'a' + ')'.repeat(63),
      'a^'.repeat(63) + 'a',
    ]) {
      assert.ok(!('kind' in mine(text)), text);
    }
  });
  it('long flat chains need no recursion', () => {
    assert.ok(!('kind' in mine('a + '.repeat(20000) + 'a')));
    assert.ok(!('kind' in mine('a '.repeat(20000))));
    assert.ok(!('kind' in mine('a' + "'".repeat(20000))));
  });
});

describe("engine: a formula written in several blocks reads each block's own values", () => {
  it("evaluates the same text with each block's own values", () => {
    const [a, b] = analyze(
      md('rnn', ['u = [1; 2]', 'v = [3; 4]', 'out = u ⊙ v + u', 'out ?= [4; 10]']) +
        '\n' +
        md('rnn', ['u = [2; 0.5]', 'v = [5; 2]', 'out = u ⊙ v + u', 'out ?= [12; 1.5]']),
    );
    assert.deepStrictEqual(rows(a.quantities.find((q) => q.name === 'out')!.value), [[4], [10]]);
    assert.deepStrictEqual(rows(b.quantities.find((q) => q.name === 'out')!.value), [[12], [1.5]]);
    assert.ok(a.checks[0].pass && b.checks[0].pass);
  });

  // Each block's ranges count lines from its own fence; in the document they are that block's lines.
  const twice = (lines: readonly string[]) => analyzeDocument(md('lstm', lines) + '\nProse.\n\n' + md('lstm', lines)).blocks;

  it('points a missing name at the block that misses it', () => {
    const [a, b] = twice(['f = [0.5; 0.5]', 'y = f ⊙ q_extra']);
    // The second block's fence is on line 7 (closing fence, blank, prose and blank in between).
    assert.deepStrictEqual(inDocument(only(a.analysis, 'unknown-name').range, a.block.line), range(2, 8, 2, 15));
    assert.deepStrictEqual(inDocument(only(b.analysis, 'unknown-name').range, b.block.line), range(9, 8, 9, 15));
  });

  it('points a shape error at the formula in the block that has it', () => {
    const [a, b] = twice(['u = [1; 2]', 'v = [1; 2; 3]', 'out = u + v']);
    assert.deepStrictEqual(inDocument(only(a.analysis, 'shape').range, a.block.line), range(3, 6, 3, 11));
    assert.deepStrictEqual(inDocument(only(b.analysis, 'shape').range, b.block.line), range(11, 6, 11, 11));
  });

  it("writes each block's steps with its own names in LaTeX", () => {
    const [a, b] = analyzeWithSteps(md('rnn', ['u = [1; 2]', 'out = 2 * u']) + '\n' + md('rnn', ['u = [3; 4]', 'out = 2 * u']));
    const step = (x: typeof a) => x.steps.find((s) => s.target === 'out')!;
    assert.strictEqual(step(a).latex, step(b).latex);
    assert.deepStrictEqual(rows(step(b).result), [[6], [8]]);
  });
});
