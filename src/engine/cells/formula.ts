// The reader of the cells' elementwise formulas (`f ⊙ c_prev + i ⊙ g`, `(1 − z) ⊙ h_prev + z ⊙ n`,
// `tanh(a)`): read once into a tree, which gives the values (the float64 operations in the order
// written), the LaTeX and the shape arithmetic of a step. The grammar is only what the cell
// tables use: names, 1, ⊙ + −, parentheses and the activations tanh, σ, relu.
import { sigmoidValue } from '../matrix';

type Node =
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'one' }
  | { readonly k: 'call'; readonly fn: string; readonly arg: Node }
  | { readonly k: 'paren'; readonly inner: Node }
  | { readonly k: 'op'; readonly op: string; readonly l: Node; readonly r: Node };

export interface Formula {
  /** The names the formula reads, each once, in the order written. */
  readonly names: readonly string[];
  /** out[j] = the formula at element j of each operand (values in the order of `names`). */
  evaluate(out: Float64Array, values: readonly Float64Array[]): void;
  /** The LaTeX, each operand an `\operand{key}` (its key at this step). */
  latex(keyOf: (name: string) => string): string;
  /** The shape arithmetic, every operand of shape `shape`: `(2×1) ⊙ tanh(2×1)`. */
  shapes(shape: string): string;
}

const FUNCTIONS: Record<string, { value: (x: number) => number; latex: string; shape: string }> = {
  tanh: { value: Math.tanh, latex: '\\tanh', shape: 'tanh' },
  σ: { value: sigmoidValue, latex: '\\sigma', shape: 'sigmoid' },
  relu: { value: (x) => (x > 0 ? x : 0), latex: '\\operatorname{relu}', shape: 'relu' },
};
const LATEX_OP: Record<string, string> = { '⊙': '\\odot', '+': '+', '−': '-' };

const read = new Map<string, Formula>();

export function formula(text: string): Formula {
  let f = read.get(text);
  if (!f) read.set(text, (f = compile(parse(text))));
  return f;
}

function parse(text: string): Node {
  const tokens = text.match(/tanh|σ|relu|[a-z_]+|1|[⊙+−()]/g) ?? [];
  let at = 0;
  const take = (t: string) => {
    if (tokens[at] !== t) throw new Error(`formula ${text}: expected ${t} at token ${at}`);
    at++;
  };
  const factor = (): Node => {
    const t = tokens[at++];
    if (t === '(') {
      const inner = sum();
      take(')');
      return { k: 'paren', inner };
    }
    if (t === '1') return { k: 'one' };
    if (t in FUNCTIONS) {
      take('(');
      const arg = sum();
      take(')');
      return { k: 'call', fn: t, arg };
    }
    return { k: 'name', name: t };
  };
  const binary =
    (next: () => Node, ops: string): (() => Node) =>
    () => {
      let l = next();
      while (at < tokens.length && ops.includes(tokens[at])) {
        const op = tokens[at++];
        l = { k: 'op', op, l, r: next() };
      }
      return l;
    };
  const sum = binary(binary(factor, '⊙'), '+−');
  return sum();
}

function compile(root: Node): Formula {
  const names: string[] = [];
  const kernel = (n: Node): ((v: readonly Float64Array[], j: number) => number) => {
    switch (n.k) {
      case 'one':
        return () => 1;
      case 'name': {
        if (!names.includes(n.name)) names.push(n.name);
        const i = names.indexOf(n.name);
        return (v, j) => v[i][j];
      }
      case 'paren':
        return kernel(n.inner);
      case 'call': {
        const f = FUNCTIONS[n.fn].value,
          a = kernel(n.arg);
        return (v, j) => f(a(v, j));
      }
      case 'op': {
        const l = kernel(n.l),
          r = kernel(n.r);
        if (n.op === '⊙') return (v, j) => l(v, j) * r(v, j);
        if (n.op === '+') return (v, j) => l(v, j) + r(v, j);
        return (v, j) => l(v, j) - r(v, j);
      }
    }
  };
  const at = kernel(root);
  const latex = (n: Node, keyOf: (name: string) => string): string => {
    switch (n.k) {
      case 'one':
        return '1';
      case 'name':
        return `\\operand{${keyOf(n.name)}}`;
      case 'paren':
        return `(${latex(n.inner, keyOf)})`;
      case 'call':
        return `${FUNCTIONS[n.fn].latex}\\left(${latex(n.arg, keyOf)}\\right)`;
      case 'op':
        return `${latex(n.l, keyOf)} ${LATEX_OP[n.op]} ${latex(n.r, keyOf)}`;
    }
  };
  // An operand already in parentheses (`tanh(c)`, `(c)`) takes its shape's parentheses.
  const inParens = (n: Node, shape: string) => (n.k === 'name' ? shape : shapes(n, shape));
  const shapes = (n: Node, shape: string): string => {
    switch (n.k) {
      case 'one':
        return '1';
      case 'name':
        return `(${shape})`;
      case 'paren':
        return `(${inParens(n.inner, shape)})`;
      case 'call':
        return `${FUNCTIONS[n.fn].shape}(${inParens(n.arg, shape)})`;
      case 'op':
        return `${shapes(n.l, shape)} ${n.op} ${shapes(n.r, shape)}`;
    }
  };
  return {
    names,
    evaluate: (out, v) => {
      for (let j = 0; j < out.length; j++) out[j] = at(v, j);
    },
    latex: (keyOf) => latex(root, keyOf),
    shapes: (shape) => shapes(root, shape),
  };
}
