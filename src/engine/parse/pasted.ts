// numpy and torch output pasted as it prints: `array([[0.1, 0.2], [0.3, 0.4]])`,
// `np.array([1., 0.])`, `tensor([[0.1000]], dtype=torch.float64, requires_grad=True)`,
// `tensor([0.76], grad_fn=<TanhBackward0>)`, `tensor(0.5000)`, `np.float64(0.5)`. The wrapper and its keyword
// arguments say how the value was stored, not what it is: the literal inside is the value.
import { NUMBER, scanLiteral, type Literal, type LiteralError, type LiteralScan } from './literals';
import { numberInfo } from './latexMatrix';

/** What numpy and torch print for a value that is no finite number. */
export const NOT_FINITE = /^-?(?:nan|inf|infinity)$/i;
export const NOT_FINITE_NOTE =
  'nan and inf are how numpy and torch print values that are not finite numbers, and a block computes with finite numbers only: paste a print whose values are all finite';

/** `array(`, `np.array(`, `numpy.array(`, `tensor(`, `torch.tensor(`, numpy 2's `np.float64(` at an offset (sticky). */
const WRAPPER = /(?:(?:np|numpy)\.(?=array|float)|torch\.(?=tensor))?(array|tensor|float(?:16|32|64))\s*\(\s*/y;

/** The keyword arguments numpy and torch print after the values, and what each value may be. */
const KEYWORDS: Record<string, RegExp> = {
  // dtype=float32, dtype=torch.float64, dtype='<U1' is no number: refused by the literal first
  dtype: /^[A-Za-z_][A-Za-z0-9_.]*$/,
  requires_grad: /^(?:True|False)$/,
  grad_fn: /^<[A-Za-z_][A-Za-z0-9_]*>$/,
  device: /^'[A-Za-z]+(?::\d+)?'$/,
};
/** One `, name=value` after the values: a value runs to the next `,` or `)` (none holds either). */
const KEYWORD = /\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*([^,()]*?)\s*(?=[,)])/y;

/** Whether a wrapper may start at `at`: `a`, `n` or `t` (the lexer asks at every name). */
export function mayBeWrapped(code: number): boolean {
  return code === 97 || code === 110 || code === 116;
}

/**
 * The pasted print at `at`: its literal (`end` past the closing `)`), an error for a wrapper that
 * holds no values or an argument numpy and torch do not print, or undefined when no wrapper starts
 * here (`tensor` may be a note's own name).
 */
export function scanWrapped(text: string, at: number): LiteralScan {
  WRAPPER.lastIndex = at;
  const head = WRAPPER.exec(text);
  // `float64(…)` is numpy's only with its `np.`: alone it may be a note's own call.
  if (!head || (head[1].startsWith('float') && !/^(?:np|numpy)\./.test(head[0]))) return undefined;
  const written = text.slice(at, at + head[0].indexOf('('));
  const inner = WRAPPER.lastIndex;
  const literal = text.charCodeAt(inner) === 91 ? scanLiteral(text, inner) : scalar(text, inner);
  if (!literal) {
    // The literal stopped at a word: numpy's and torch's nan or inf, most likely (looked for in a
    // bounded window, so a line of `tensor(` repeated stays linear).
    const ahead = text.slice(inner, inner + 4096);
    const close = ahead.indexOf(')');
    const word = (close < 0 ? ahead : ahead.slice(0, close)).match(/-?[A-Za-z_]+/g)?.find((w) => NOT_FINITE.test(w));
    if (word) return { error: `\`${written}(…)\` holds ${word}: ${NOT_FINITE_NOTE}`, at, end: inner };
    return { error: `\`${written}(…)\` holds no numbers; paste the printed values (\`${written}([0.1, 0.2])\`)`, at, end: inner };
  }
  if ('error' in literal) return literal;
  const close = pastArguments(text, literal.end, written);
  if (typeof close !== 'number') return close;
  return { ...literal, end: close };
}

/** A 0-d print, `tensor(0.5000)` or `array(-1.)`, as a 1×1 literal. */
function scalar(text: string, at: number): Literal | undefined {
  const m = NUMBER.exec(text.slice(at, at + 64));
  if (!m) return undefined;
  const info = numberInfo(m[0]);
  return {
    value: { rows: 1, cols: 1, data: Float64Array.of(info.value) },
    units: [info.unit],
    integers: [+info.integer],
    oneDimensional: true,
    end: at + m[0].length,
  };
}

/** Past the keyword arguments from `from` and the closing `)`, or the error of one that is not numpy's or torch's. */
function pastArguments(text: string, from: number, written: string): number | LiteralError {
  let i = from;
  for (;;) {
    KEYWORD.lastIndex = i;
    const m = KEYWORD.exec(text);
    if (!m) break;
    const [, name, value] = m;
    const allowed = Object.hasOwn(KEYWORDS, name) ? KEYWORDS[name] : undefined;
    if (!allowed || !allowed.test(value)) {
      const known = Object.keys(KEYWORDS).join(', ');
      const what = allowed
        ? `\`${name}=${value}\` is not a value numpy or torch prints`
        : `\`${name}=\` is not an argument numpy or torch prints (they print ${known})`;
      return { error: `${what}; paste the print as it is, or write the values alone`, at: i, end: KEYWORD.lastIndex };
    }
    i = KEYWORD.lastIndex;
  }
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] === ')') return i + 1;
  return { error: `\`${written}(…)\` is not closed after its values; end it with \`)\``, at: i, end: Math.min(i + 1, text.length) };
}
