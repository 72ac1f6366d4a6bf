// The options of a fence's info string (SPEC §2), bare (`layout=row z=keep`) or in braces
// (`{precision=6 tol=1e-3}`), read by one loop over its characters (no regex that could backtrack
// on a long run of spaces, quotes or `=`); every value echoed into a message is bounded.
import type { Block, BlockOptions, CellKind, Range, RelatedLocation, Tolerance, TextEdit } from '../types';
import { isSpace } from './statements';
import type { Reading } from './names';
import { parseVary, VARY_WHAT } from './vary';

export interface OptionProblem {
  readonly message: string;
  readonly range: Range;
  /** Other places the problem involves (the first occurrence of a duplicated option). */
  readonly related?: readonly RelatedLocation[];
}

/** One option of the info string: what the parser accepts, and what the editor's completions say of it. */
export interface OptionSpec {
  readonly values?: readonly string[];
  readonly kinds?: readonly CellKind[];
  readonly what: string;
  /** A bare key means `true` (`bidirectional`, as Keras' wrapper is named). */
  readonly flag?: boolean;
  /** One line on what the option changes (SPEC §2). */
  readonly doc: string;
}

/** Stacked layers a block may declare: more than any lecture or model summary stacks. */
export const MAX_LAYERS = 8;

const SPECS: Record<string, OptionSpec> = {
  layout: {
    values: ['column', 'row'],
    what: 'column (W·v) or row (v·W)',
    doc: 'column: W·v, vectors are columns; row: v·W, vectors are rows (d2l.ai). Inferred from the shapes when only one fits.',
  },
  reset: {
    values: ['before', 'after'],
    kinds: ['gru'],
    what: 'before or after',
    doc: 'before: the candidate uses W·(r⊙h_prev); after: r⊙(W_hn·h_prev + b_hn), as PyTorch.',
  },
  z: {
    values: ['keep', 'write'],
    kinds: ['gru'],
    what: 'keep or write',
    doc: 'keep: h = z⊙h_prev + (1−z)⊙n; write: h = (1−z)⊙h_prev + z⊙n.',
  },
  concat: {
    values: ['hx', 'xh'],
    what: 'hx ([h_prev; x]) or xh ([x; h_prev])',
    doc: 'hx: v = [h_prev; x] (Colah, most lectures); xh: v = [x; h_prev] (TensorFlow).',
  },
  act: {
    values: ['tanh', 'sigmoid', 'relu'],
    kinds: ['rnn'],
    what: 'tanh, sigmoid or relu',
    doc: 'The activation of h = act(W_h·h_prev + W_x·x + b).',
  },
  bias: { values: ['true', 'false'], what: 'true or false', doc: 'Whether the parameter count includes the biases.' },
  precision: {
    what: 'a whole number of digits from 0 to 15',
    doc: 'Digits shown after the decimal point (the setting rnnMath.precision otherwise).',
  },
  tol: {
    what: 'an absolute (1e-3) or relative (0.1%) tolerance',
    doc: 'The tolerance of the checks; without it, the digits each stated value is written with set it.',
  },
  order: {
    what: 'the packed gate order, e.g. ifgo (LSTM) or rzn (GRU)',
    doc: 'The gate order of packed weights (weight_ih, kernel); PyTorch ifgo / rzn and Keras ifgo / zrn by default.',
  },
  names: {
    values: ['goodfellow', 'elman', 'standard'],
    kinds: ['rnn'],
    what: 'goodfellow (U·x, W·h_prev, V·h), elman (W·x, U·h_prev, V·h) or standard (W·[h_prev; x], U·h)',
    doc: "Which matrices an RNN's bare letters are: Goodfellow's U (input), W (recurrent), V (output); Elman's W, U, V; or W on [h_prev; x] with U the output.",
  },
  out: {
    values: ['softmax', 'linear', 'sigmoid', 'none'],
    what: 'softmax, linear, sigmoid or none (no output layer)',
    doc: 'The output layer: y = out(W_y·h + b_y); softmax (classifiers), linear (regression), sigmoid, or none.',
  },
  params: {
    values: ['keras', 'pytorch'],
    what: 'keras (one bias per gate) or pytorch (bias_ih and bias_hh)',
    doc: "Whose parameter count: Keras' one bias per gate (GRU: reset_after) or PyTorch's bias_ih + bias_hh.",
  },
  layers: {
    what: `a whole number of stacked layers from 1 to ${MAX_LAYERS}`,
    doc: 'Stacked layers, counted as Keras and PyTorch count them and computed layer by layer (h^{[2]}_t reads h_t).',
  },
  bidirectional: {
    values: ['true', 'false'],
    what: 'true or false',
    flag: true,
    doc: 'Both directions, counted as Keras Bidirectional and PyTorch bidirectional=True count them; the backward one (\\overleftarrow{h}_t) runs t = T … 1.',
  },
  a: {
    values: ['hidden', 'pre'],
    what: 'hidden (a is the hidden state, as Coursera writes a^{<t>}) or pre (a is the RNN pre-activation)',
    doc: "How the letter a reads: Coursera's hidden state a<t>, or the RNN pre-activation; inferred from the block.",
  },
  vary: {
    what: VARY_WHAT,
    doc: "How `rnn-math variants` draws this block's new givens: int(-3,3), dec(-1,1,1) or none (kept as written).",
  },
};

/** Every option the parser accepts, in the order messages list them (the completions read it too). */
export const OPTION_SPECS: Readonly<Record<string, OptionSpec>> = SPECS;

/** The longest option value (and key) read; a longer one is refused at once, quoted truncated. */
export const MAX_OPTION_VALUE = 64;
/** Problems reported for one info string; past these, one more says how many were left out. */
const MAX_PROBLEMS = 10;

/**
 * A value as quoted in a message: as written when short, else its first characters, an
 * ellipsis (`11111111111111111111111…`). Never longer than `n` characters.
 */
export function quoteValue(text: string, n = 24): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

/** `1e-3` → absolute, `0.1%` (or `0.1 %`) → relative; anything else, or over MAX_OPTION_VALUE characters, → undefined. */
export function parseTolerance(text: string): Tolerance | undefined {
  return readTolerance(text, MAX_OPTION_VALUE);
}

/** A tolerance as written, white space around it aside: digits* [.] digits+ ([eE] [+-]? digits+)?, then an optional `%`. */
const TOLERANCE = /^((?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)(\s*%)?$/;

/**
 * The tolerance grammar itself, for a text of at most `longest` characters (spaces around it
 * aside): the settings reader takes any length, a fence or `--tol` at most MAX_OPTION_VALUE.
 */
export function readTolerance(text: string, longest = Number.POSITIVE_INFINITY): Tolerance | undefined {
  const trimmed = text.trim();
  const m = trimmed.length <= longest ? TOLERANCE.exec(trimmed) : null;
  if (!m) return undefined;
  return m[2] ? { kind: 'rel', value: Number(m[1]) / 100 } : { kind: 'abs', value: Number(m[1]) };
}

function isKeyStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // A-Z a-z _
}

function isKeyPart(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 45; // \w and -
}

/** `{`, `}` and `,` separate options like spaces. */
function isSeparator(c: number): boolean {
  return c === 123 || c === 125 || c === 44 || isSpace(c);
}

/** One `key` or `key=value` of an info string, as offsets in it. */
export interface InfoEntry {
  readonly key: string;
  readonly start: number;
  /** Just past the value (or the key when there is none). */
  readonly end: number;
  /** The value as written, quotes included; undefined for a bare key. */
  readonly written?: string;
  /** The value without its quotes. */
  readonly value?: string;
}

/**
 * The entries of an info string, in order, by one loop over its characters: a key is a letter
 * or `_` then letters, digits, `_` and `-`; `=` (spaces around it allowed) and a value follow:
 * `"…"`, `'…'`, or a run up to a space, `{`, `}` or `,`. Anything else is skipped.
 */
export function readInfoEntries(text: string): InfoEntry[] {
  const out: InfoEntry[] = [];
  const n = text.length;
  // Where the next `"` / `'` / `)` is at or after a position: searched again only once passed, so
  // an unclosed quote costs one search, not one per option after it.
  const nextQuote = { 34: -2, 39: -2, 41: -2 } as Record<number, number>;
  const quoteAfter = (q: number, from: number): number => {
    if (nextQuote[q] !== -1 && nextQuote[q] < from) nextQuote[q] = text.indexOf(String.fromCharCode(q), from);
    return nextQuote[q];
  };
  let i = 0;
  while (i < n) {
    if (!isKeyStart(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    i++;
    while (i < n && isKeyPart(text.charCodeAt(i))) i++;
    const key = text.slice(start, i);
    let j = i;
    while (j < n && isSeparator(text.charCodeAt(j))) j++;
    if (j < n && text.charCodeAt(j) === 61) {
      // =
      let v = j + 1;
      while (v < n && isSeparator(text.charCodeAt(v))) v++;
      const q = v < n ? text.charCodeAt(v) : 0;
      let end = -1,
        value = '';
      if (q === 34 || q === 39) {
        const close = quoteAfter(q, v + 1);
        // Braces and commas inside quotes read as spaces, as they always did.
        if (close >= 0) {
          end = close + 1;
          value = text.slice(v + 1, close).replace(/[{},]/g, ' ');
        }
      }
      if (end < 0) {
        let e = v,
          open = -1;
        for (; e < n && !isSeparator(text.charCodeAt(e)); e++) if (text.charCodeAt(e) === 40) open = e;
        // A space or comma inside parentheses does not end the value (`vary=int(-3, 3)`); an
        // unclosed `(` keeps the plain reading, so the options after it are still read.
        if (open >= 0) {
          const close = quoteAfter(41, open);
          if (close > e && close - v <= MAX_OPTION_VALUE && !/[{}=]/.test(text.slice(e, close))) {
            e = close + 1;
            while (e < n && !isSeparator(text.charCodeAt(e))) e++;
          }
        }
        if (e > v) {
          end = e;
          value = text.slice(v, e);
          // As before: a quote at either end of an unquoted value is dropped.
          const first = value.charCodeAt(0),
            last = value.charCodeAt(value.length - 1);
          if (first === 34 || first === 39) value = value.slice(1);
          if (value.length && (last === 34 || last === 39)) value = value.slice(0, -1);
        }
      }
      if (end >= 0) {
        out.push({ key, start, end, written: text.slice(v, end), value });
        i = end;
        continue;
      }
    }
    out.push({ key, start, end: i });
    i = j;
  }
  return out;
}

export interface ParsedOptions {
  readonly options: BlockOptions;
  readonly problems: readonly OptionProblem[];
  /** Packed gate order override, when `order=` was given. */
  readonly order?: string;
}

export function parseOptions(block: Block, defaults: { precision?: number; tol?: Tolerance } = {}): ParsedOptions {
  const problems: OptionProblem[] = [];
  let leftOut = 0;
  const problem = (p: OptionProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else leftOut++;
  };
  const values: Record<string, string> = {};
  const ranges: Record<string, Range> = {};
  /** Per key, the last occurrence with a value, and how many there were. */
  const seen = new Map<string, { range: Range; text: string; count: number }>();
  const line = block.infoRange.start.line;
  const base = block.infoRange.start.character;
  // Read the options from the fence line itself so every problem gets its exact column.
  const fenceLine = fenceLineOf(block);
  const body = fenceLine.slice(base, block.infoRange.end.character);
  const rangeOf = (a: number, b: number): Range => ({ start: { line, character: base + a }, end: { line, character: base + b } });
  for (const entry of readInfoEntries(body)) {
    const key = entry.key;
    const range = rangeOf(entry.start, entry.end);
    // Own keys only: `constructor=1` or `__proto__=1` must not find Object.prototype's members.
    const spec = Object.hasOwn(SPECS, key) ? SPECS[key] : undefined;
    if (!spec) {
      const written = key.length > MAX_OPTION_VALUE ? quoteValue(key) : key;
      problem({ message: `unknown option \`${written}\`; valid options are ${Object.keys(SPECS).join(', ')}`, range });
      continue;
    }
    if (spec.kinds && !spec.kinds.includes(block.kind)) {
      problem({ message: `\`${key}\` applies to ${spec.kinds.join('/')} blocks, not ${block.kind}`, range });
      continue;
    }
    if (entry.value === undefined && spec.flag) {
      values[key] = 'true';
      ranges[key] = range;
      seen.set(key, { range, text: key, count: (seen.get(key)?.count ?? 0) + 1 });
      continue;
    }
    if (entry.value === undefined) {
      problem({ message: `\`${key}\` needs a value: ${key}=… with ${spec.what}`, range });
      continue;
    }
    const raw = entry.value;
    const text = `${key}=${quoteValue(entry.written!)}`;
    const tooLong = raw.length > MAX_OPTION_VALUE;
    const valid = !tooLong && (!spec.values || spec.values.includes(raw.toLowerCase()));
    const before = seen.get(key);
    if (before) {
      const count = before.count + 1;
      const used = valid ? text : values[key] !== undefined ? `${key}=${values[key]}` : undefined;
      const which =
        used === text
          ? `the last one, \`${text}\`, is used`
          : used
            ? `\`${used}\` is used, since \`${text}\` is not valid`
            : `neither is valid`;
      problem({
        message:
          `\`${key}\` is given ${count === 2 ? 'twice' : `${count} times`} (\`${before.text}\` at column ${before.range.start.character + 1} ` +
          `and \`${text}\` at column ${range.start.character + 1}); ${which} — remove one`,
        range,
        related: [{ range: before.range, message: `\`${before.text}\`, given before` }],
      });
    }
    seen.set(key, { range, text, count: (before?.count ?? 0) + 1 });
    if (tooLong) {
      problem({
        message: `the value of \`${text}\` is ${raw.length.toLocaleString('en')} characters long (an option value has at most ${MAX_OPTION_VALUE}); use ${spec.what}`,
        range,
      });
      continue;
    }
    if (!valid) {
      problem({ message: `\`${key}=${raw}\` is not valid; use ${spec.what}`, range });
      continue;
    }
    values[key] = spec.values ? raw.toLowerCase() : raw;
    ranges[key] = range;
  }
  let precision = defaults.precision ?? 4;
  if (values.precision !== undefined) {
    const p = Number(values.precision);
    if (Number.isInteger(p) && p >= 0 && p <= 15) precision = p;
    else
      problem({
        message: `\`precision=${values.precision}\` is not valid; use ${SPECS.precision.what}`,
        range: ranges.precision ?? block.infoRange,
      });
  }
  let tol = defaults.tol;
  if (values.tol !== undefined) {
    const t = parseTolerance(values.tol);
    if (t) tol = t;
    else problem({ message: `\`tol=${values.tol}\` is not valid; use ${SPECS.tol.what}`, range: ranges.tol ?? block.infoRange });
  }
  let layers = 1;
  if (values.layers !== undefined) {
    const l = Number(values.layers);
    if (Number.isInteger(l) && l >= 1 && l <= MAX_LAYERS) layers = l;
    else
      problem({ message: `\`layers=${values.layers}\` is not valid; use ${SPECS.layers.what}`, range: ranges.layers ?? block.infoRange });
  }
  const vary = values.vary === undefined ? undefined : parseVary(values.vary);
  if (typeof vary === 'string') problem({ message: vary, range: ranges.vary ?? block.infoRange });
  let order: string | undefined = values.order?.toLowerCase();
  if (order !== undefined) {
    const gates = block.kind === 'lstm' ? 'cfgio' : block.kind === 'gru' ? 'hnrz' : '';
    const letters = block.kind === 'lstm' ? 4 : 3;
    const norm = order.replace(/c/g, 'g').replace(/h/g, 'n');
    const ok = gates !== '' && order.length === letters && [...order].every((ch) => gates.includes(ch)) && new Set(norm).size === letters;
    if (!ok) {
      problem({
        message: `\`order=${order}\` is not valid; use ${block.kind === 'gru' ? 'a permutation of r, z, n (rzn)' : 'a permutation of i, f, g, o (ifgo)'}`,
        range: ranges.order ?? block.infoRange,
      });
      order = undefined;
    } else order = norm;
  }
  if (leftOut > 0) {
    problems.push({
      message: `${leftOut} more ${leftOut === 1 ? 'problem' : 'problems'} in this info string are not listed; fix the ones above first`,
      range: block.infoRange,
    });
  }
  const options: BlockOptions = {
    layout: (values.layout as BlockOptions['layout']) ?? 'column',
    layoutInferred: values.layout === undefined,
    reset: (values.reset as BlockOptions['reset']) ?? 'before',
    z: (values.z as BlockOptions['z']) ?? 'keep',
    concat: (values.concat as BlockOptions['concat']) ?? 'hx',
    act: (values.act as BlockOptions['act']) ?? 'tanh',
    bias: values.bias !== 'false',
    ...(values.names ? { names: values.names as BlockOptions['names'] } : {}),
    out: (values.out as BlockOptions['out']) ?? 'softmax',
    params: values.params as BlockOptions['params'],
    layers,
    bidirectional: values.bidirectional === 'true',
    ...(values.a ? { a: values.a as Reading } : {}),
    ...(vary && typeof vary !== 'string' ? { vary } : {}),
    precision,
    tol,
    explicit: Object.keys(values),
  };
  return { options, problems, order };
}

/** The fence line: the raw text up to its first line break (without splitting the whole block). */
function fenceLineOf(block: Block): string {
  const nl = block.raw.indexOf('\n');
  return nl < 0 ? block.raw : block.raw.slice(0, nl);
}

/**
 * The edit that sets `key=value` in the fence's info string. When the key is written, its last
 * occurrence is replaced: the one the parser reads, so the fix takes effect even when the key is
 * given twice (the duplicate stays, with its warning).
 */
export function setOptionEdit(block: Block, key: string, value: string): TextEdit {
  const start = block.infoRange.start.character;
  const end = block.infoRange.end.character;
  const text = fenceLineOf(block).slice(start, end);
  const line = block.infoRange.start.line;
  const edit = (from: number, to: number, newText: string): TextEdit => ({
    range: { start: { line, character: from }, end: { line, character: to } },
    newText,
  });
  const existing = readInfoEntries(text)
    .filter((e) => e.key === key)
    .pop();
  if (existing) return edit(start + existing.start, start + existing.end, `${key}=${value}`);
  const close = text.lastIndexOf('}');
  if (text.trim().startsWith('{') && close >= 0) {
    const inner = text.slice(text.indexOf('{') + 1, close).trim();
    return edit(start + close, start + close, `${inner ? ' ' : ''}${key}=${value}`);
  }
  return edit(end, end, ` ${key}=${value}`);
}
