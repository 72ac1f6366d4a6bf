// A formula in LaTeX for the step exports, names as `\operand{key}` placeholders the renderers fill in.
import type { Matrix } from '../types';
import type { ArrayNode, FormulaNode } from '../parse/formula';
import * as M from '../matrix';
import { nameLatex } from '../parse/nameLatex';

export function literalLatex(m: Matrix): string {
  if (M.isScalar(m)) return String(m.data[0]);
  const rows: string[] = [];
  for (let r = 0; r < m.rows; r++) rows.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), String).join(' & '));
  return `\\begin{bmatrix} ${rows.join(' \\\\ ')} \\end{bmatrix}`;
}

/** The functions LaTeX has a command for; the others are written \operatorname{name}. */
const LATEX_FUNCTIONS: Record<string, string> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  exp: '\\exp',
  log: '\\log',
  max: '\\max',
  sum: '\\sum',
  // An underscore in \operatorname would subscript the rest of the name.
  clip_norm: '\\operatorname{clip\\_norm}',
  clip_grad_norm: '\\operatorname{clip\\_grad\\_norm}',
  clip_value: '\\operatorname{clip\\_value}',
  clip_rows: '\\operatorname{clip\\_rows}',
};
const LATEX_OPERATORS: Record<'add' | 'subtract' | 'multiply' | 'dotMultiply' | 'dotDivide', string> = {
  add: '+',
  subtract: '-',
  multiply: '\\,',
  dotMultiply: '\\odot',
  dotDivide: '\\oslash',
};

/** `key(k)`: the canonical name of the formula's k-th name. */
export function toLatex(node: FormulaNode, key: (index: number) => string): string {
  const sub = (x: FormulaNode) => toLatex(x, key);
  switch (node.type) {
    case 'ConstantNode':
      return String(node.value);
    case 'SymbolNode':
      return '?';
    case 'NameNode':
      return `\\operand{${key(node.index)}}`;
    case 'LiteralNode':
      return literalLatex(node.literal.value);
    case 'ParenthesisNode':
      return `\\left(${sub(node.content)}\\right)`;
    case 'OperatorNode': {
      const [a, b] = node.args;
      switch (node.fn) {
        case 'unaryMinus':
          return `-${sub(a)}`;
        case 'unaryPlus':
          return sub(a);
        case 'ctranspose':
          return `{${sub(a)}}^{\\top}`;
        case 'divide':
          return `\\frac{${sub(a)}}{${sub(b)}}`;
        case 'pow':
        case 'dotPow':
          return `{${sub(a)}}^{${sub(b)}}`;
        default:
          return `${sub(a)} ${LATEX_OPERATORS[node.fn]} ${sub(b)}`;
      }
    }
    case 'FunctionNode': {
      const name = node.fn.type === 'SymbolNode' ? node.fn.name : '?';
      // grad(h_4, h_1) as the lecture writes it, ∂h_4/∂h_1: names, not operands (the values are not what it shows).
      const [of, wrt] = node.args;
      if (name === 'grad' && of?.type === 'NameNode' && wrt?.type === 'NameNode')
        return `\\frac{\\partial ${nameLatex(key(of.index))}}{\\partial ${nameLatex(key(wrt.index))}}`;
      return `${LATEX_FUNCTIONS[name] ?? `\\operatorname{${name}}`}\\left(${node.args.map(sub).join(', ')}\\right)`;
    }
    case 'ArrayNode': {
      const rows = arrayRows(node.items);
      return `\\begin{bmatrix} ${rows.map((r) => r.map(sub).join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
    }
  }
}

/** `[a; b]` holds rows (ArrayNodes); `[a, b]` is a single row. */
export function arrayRows(items: readonly FormulaNode[]): (readonly FormulaNode[])[] {
  if (items.length > 0 && items.every((it): it is ArrayNode => it.type === 'ArrayNode')) return items.map((row) => row.items);
  return [items];
}
