// The reader of the cells' elementwise formulas (`f ⊙ c_prev + i ⊙ g`, `(1 − z) ⊙ h_prev + z ⊙ n`,
// `tanh(a)`): read once, each part giving its values (the float64 operations in the order
// written), its LaTeX and its shape arithmetic. The grammar is only what the cell tables use:
// names, 1, ⊙ + −, parentheses and the activations tanh, σ, relu.
import { reluValue, sigmoidValue } from '../matrix';

type Values = readonly Float64Array[];

/** A formula, or a part of one. */
interface Part {
  /** The value at element j of each operand (values in the order of the formula's `names`). */
  value(v: Values, j: number): number;
  /** ∂(value at j)/∂(operand i at j): the formula is elementwise, so element j reads only element j (grad/). */
  partial(v: Values, j: number, i: number): number;
  /** The LaTeX, each operand an `\operand{key}` (its key at this step). */
  latex(keyOf: (name: string) => string): string;
  /** The shape arithmetic, every operand of shape `shape`: `(2×1) ⊙ tanh(2×1)`. */
  shapes(shape: string): string;
  /** A bare name, whose shape an enclosing call or parenthesis does not wrap again: `tanh(2×1)`. */
  readonly bare?: boolean;
}

export interface Formula extends Part {
  /** The names the formula reads, each once, in the order written. */
  readonly names: readonly string[];
  /** out[j] = the formula's value at element j. */
  evaluate(out: Float64Array, values: Values): void;
}

/** Each function with its derivative, written from its value (x the argument, y the value). */
const FUNCTIONS: Record<string, { value: (x: number) => number; slope: (x: number, y: number) => number; latex: string; shape: string }> = {
  tanh: { value: Math.tanh, slope: (_x, y) => 1 - y * y, latex: '\\tanh', shape: 'tanh' },
  σ: { value: sigmoidValue, slope: (_x, y) => y * (1 - y), latex: '\\sigma', shape: 'sigmoid' },
  // relu'(0) = 0, as PyTorch takes it.
  relu: { value: reluValue, slope: (x) => (x > 0 ? 1 : 0), latex: '\\operatorname{relu}', shape: 'relu' },
};
/** Each operator with its two partial derivatives at (a, b) times the operands' (da, db). */
const OPERATORS: Record<
  string,
  { value: (a: number, b: number) => number; partial: (a: number, b: number, da: number, db: number) => number; latex: string }
> = {
  '⊙': { value: (a, b) => a * b, partial: (a, b, da, db) => da * b + a * db, latex: '\\odot' },
  '+': { value: (a, b) => a + b, partial: (_a, _b, da, db) => da + db, latex: '+' },
  '−': { value: (a, b) => a - b, partial: (_a, _b, da, db) => da - db, latex: '-' },
};

const read = new Map<string, Formula>();

export function formula(text: string): Formula {
  let f = read.get(text);
  if (!f) read.set(text, (f = parse(text)));
  return f;
}

function parse(text: string): Formula {
  const tokens = text.match(/tanh|σ|relu|[a-z_]+|1|[⊙+−()]/g) ?? [];
  const names: string[] = [];
  let at = 0;
  const inner = (): Part => {
    if (tokens[at++] !== '(') throw new Error(`formula ${text}: expected ( at token ${at - 1}`);
    const part = sum();
    if (tokens[at++] !== ')') throw new Error(`formula ${text}: expected ) at token ${at - 1}`);
    return part;
  };
  const inParens = (p: Part, shape: string) => (p.bare ? shape : p.shapes(shape));
  const factor = (): Part => {
    const t = tokens[at];
    const fn = FUNCTIONS[t];
    if (t === '(') {
      const p = inner();
      return { value: p.value, partial: p.partial, latex: (k) => `(${p.latex(k)})`, shapes: (s) => `(${inParens(p, s)})` };
    }
    at++;
    if (t === '1') return { value: () => 1, partial: () => 0, latex: () => '1', shapes: () => '1' };
    if (fn) {
      const p = inner();
      return {
        value: (v, j) => fn.value(p.value(v, j)),
        partial: (v, j, i) => {
          const x = p.value(v, j);
          return fn.slope(x, fn.value(x)) * p.partial(v, j, i);
        },
        latex: (k) => `${fn.latex}\\left(${p.latex(k)}\\right)`,
        shapes: (s) => `${fn.shape}(${inParens(p, s)})`,
      };
    }
    if (!names.includes(t)) names.push(t);
    const i = names.indexOf(t);
    return {
      value: (v, j) => v[i][j],
      partial: (_v, _j, k) => (k === i ? 1 : 0),
      latex: (k) => `\\operand{${k(t)}}`,
      shapes: (s) => `(${s})`,
      bare: true,
    };
  };
  const binary =
    (next: () => Part, ops: string): (() => Part) =>
    () => {
      let l = next();
      while (at < tokens.length && ops.includes(tokens[at])) {
        const symbol = tokens[at++],
          op = OPERATORS[symbol],
          a = l,
          b = next();
        l = {
          value: (v, j) => op.value(a.value(v, j), b.value(v, j)),
          partial: (v, j, i) => op.partial(a.value(v, j), b.value(v, j), a.partial(v, j, i), b.partial(v, j, i)),
          latex: (k) => `${a.latex(k)} ${op.latex} ${b.latex(k)}`,
          shapes: (s) => `${a.shapes(s)} ${symbol} ${b.shapes(s)}`,
        };
      }
      return l;
    };
  const sum = binary(binary(factor, '⊙'), '+−');
  const root = sum();
  const evaluate = (out: Float64Array, v: Values) => {
    for (let j = 0; j < out.length; j++) out[j] = root.value(v, j);
  };
  return { ...root, names, evaluate };
}
