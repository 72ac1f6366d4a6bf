// The one lexer of a block's formulas: note notation (`W_f · [h_{t-1}; x] + b_f`, `\tilde{C}_t`,
// `σ(…)`, `⊙`, `^T`, matrix literals) read directly into the tokens of parse/formula.ts, each at
// its offset in the formula's text. Names are read by the one name grammar (parse/nameGrammar.ts).
import { NUMBER, scanLiteral, type Literal } from './literals';
import { isDigit, isSpace } from './statements';
import { powerOfTenAt, startsSuperscript } from './powerOfTen';
import { mayBeWrapped, scanWrapped } from './pasted';
import { nameEnd } from './nameGrammar';

export const ALLOWED_FUNCTIONS = [
  'sigmoid',
  'tanh',
  'relu',
  'softmax',
  'exp',
  'log',
  'norm',
  'clip',
  'clip_norm',
  'clip_grad_norm',
  'clip_value',
  'clip_rows',
  'onehot',
  'transpose',
  'sum',
  'max',
  'grad',
] as const;

export interface Token {
  /** A symbol is a note's name, a matrix literal or a word (a function, `sigmoid` for σ, `\mathrm{…}`). */
  readonly kind: 'number' | 'symbol' | 'op' | 'newline' | 'end';
  /** Operators as the formula grammar spells them (`.*` for ⊙, `'` for ^T), names as written. */
  readonly text: string;
  /** Offset of the token's first character, and of the character its last one came from (for error ranges). */
  readonly at: number;
  readonly last: number;
  /** A note's name: its offset past the end, and its place among the formula's names. */
  readonly end?: number;
  readonly name?: number;
  readonly literal?: Literal;
}

export interface LexError {
  readonly code: 'parse' | 'unknown-name' | 'limit' | 'room';
  readonly message: string;
  readonly from: number;
  readonly to: number;
}

export interface Lexed {
  readonly tokens: readonly Token[];
  /** The first character the formula grammar cannot read: an error unless the formula is a value alone. */
  readonly unreadable?: LexError;
  /** Whether any unreadable character is more than white space. */
  readonly stray: boolean;
}

// ── Operators ──
/** `{ stands: ['a', 'b'] }` → `{ a: stands, b: stands }`. */
function byWhatTheyStandFor(groups: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(groups).flatMap(([stands, written]) => written.map((w) => [w, stands])));
}
const UNICODE_OPS = byWhatTheyStandFor({ '.*': ['⊙', '∘', '⊗'], '*': ['·', '⋅', '×', '∗'], '-': ['−', '–'], '/': ['÷'], "'": ['ᵀ'] });
/** LaTeX commands a formula may hold: an operator, a function's word (letters), or nothing (`\left`, `\big`). */
const LATEX_OPS = byWhatTheyStandFor({
  '.*': ['odot', 'circ'],
  '*': ['cdot', 'times', 'ast'],
  "'": ['top', 'intercal'],
  '': ['left', 'right', 'big', 'Big'],
  sigmoid: ['sigma'],
  tanh: ['tanh'],
  exp: ['exp'],
  log: ['log', 'ln'],
  max: ['max'],
});
/** The formula grammar's operators on ASCII text, longest first (`?.` before a digit is `?` then a number). */
const OPERATOR = /\.[*/^]|>>>|\^\||\?\.(?!\d)|\?\?|[=!<>]=|<<|>>|[-+*/^'(),;[\]=:?<>!%&|~.]/y;
/** A character of a stray word (`$`, `é`, `ℓ`, `𝐱`; words run on): read as a symbol, which no block defines. */
const STRAY_WORD = /[_$\u00C0-\u02AF\u2100-\u214F]|\uD835[\uDC00-\uDFFF]/y;
const CALL_AT = /\s*\(/y;

/** `^T`, `^{T}`, `^\top`, `^{\top}`, `^\intercal` at `i`: its length, or 0. */
function transposeAt(src: string, i: number): number {
  // linear: tried on a slice of 16 characters.
  const t = /^\^\s*(?:T\b|\{\s*T\s*\}|\\top\b|\{\s*\\top\s*\}|\\intercal\b)/.exec(src.slice(i, i + 16));
  return t ? t[0].length : 0;
}

/** Reads a formula into tokens; a `room` error once more than `room` characters outside matrix literals are read. */
export function lex(src: string, room = Number.POSITIVE_INFINITY): Lexed | LexError {
  const tokens: Token[] = [];
  let unreadable: LexError | undefined;
  let stray = false;
  let names = 0;
  // Whether a `'` here follows a value (a transpose) rather than opening a string.
  let afterValue = false;
  // Where the last character read that stands for something starts (`\left` stands for nothing):
  // a missing value at the end is pointed at it.
  let lastRead = 0;
  const push: Push = (kind, text, at, last = at, extra) => {
    tokens.push({ kind, text, at, last, ...extra });
    lastRead = last;
    // A line break is white space here; a number ends in a digit unless it is `2.`, a stray word in `_` or a digit.
    if (kind !== 'newline') afterValue = extra !== undefined || (kind === 'number' ? !text.endsWith('.') : endsValue(kind, text));
  };
  // Words (σ's `sigmoid`, `\tanh`, `\mathrm{e}`, `$`) run on into an adjacent word or digits, as one
  // symbol: `\tanh0` is the symbol `tanh0`. `joinAt`: where the last word ended (or a `\left` after it).
  let joinAt = -1;
  const word: Word = (text, at, end, last = at) => {
    const prev = tokens[tokens.length - 1];
    if (at === joinAt && isWord(prev)) tokens[tokens.length - 1] = { ...prev, text: prev.text + text, last };
    else push('symbol', text, at, last);
    joinAt = end;
  };
  const err = (code: LexError['code'], message: string, from: number, to: number): LexError => ({ code, message, from, to });
  const unreadableAt: Unreadable = (message, from, to, space = false) => {
    unreadable ??= err('parse', message, from, to);
    if (!space) {
      stray = true;
      afterValue = false;
    }
  };

  let i = 0;
  let literalChars = 0;
  while (i < src.length) {
    if (i - literalChars > room) return err('room', '', 0, 0);
    const ch = src[i];
    const code = src.charCodeAt(i);
    const before = lastRead;
    lastRead = i;
    if (code === 91 || (code === 92 && src.startsWith('\\begin', i))) {
      const lit = scanLiteral(src, i);
      if (lit && 'error' in lit) return err(lit.limit ? 'limit' : 'parse', lit.error, lit.at, Math.min(lit.end, src.length));
      if (lit) {
        push('symbol', '', i, i, { literal: lit });
        literalChars += lit.end - i;
        i = lit.end;
        continue;
      }
      if (ch === '\\') return err('parse', 'a LaTeX matrix must hold numbers only', i, i + 6);
    }
    if (code >= 128 && Object.hasOwn(UNICODE_OPS, ch)) {
      push('op', UNICODE_OPS[ch], i);
      i++;
      continue;
    }
    if (code === 0x3c3) {
      word('sigmoid', i, i + 1);
      i++;
      continue;
    } // σ
    const transpose = code === 94 ? transposeAt(src, i) : 0;
    if (transpose) {
      push('op', "'", i);
      i += transpose;
      continue;
    }
    if (code === 92 && !/^\\(?:tilde|widetilde|hat|overleftarrow|overrightarrow)\b/.test(src.slice(i, i + 16))) {
      const cmd = /^\\([A-Za-z]+)/.exec(src.slice(i, i + 40));
      // Own keys only: `\constructor` or `\toString` are unknown commands, not Object.prototype members.
      if (cmd && Object.hasOwn(LATEX_OPS, cmd[1])) {
        const stands = LATEX_OPS[cmd[1]];
        if (/^[a-z]/.test(stands)) word(stands, i, i + cmd[0].length);
        else if (stands) push('op', stands, i);
        else {
          lastRead = before;
          if (joinAt === i) joinAt = i + cmd[0].length;
        } // `\left` stands for nothing
        i += cmd[0].length;
        continue;
      }
      const textCmd = /^\\(?:mathrm|operatorname|text)\s*\{\s*([A-Za-z]+)\s*\}/.exec(src.slice(i, i + 60));
      if (textCmd) {
        word(textCmd[1], i, i + textCmd[0].length);
        i += textCmd[0].length;
        continue;
      }
      if (/^\\[,;!: ]/.test(src.slice(i, i + 2))) {
        i += 2;
        continue;
      }
      const name = cmd ? cmd[0] : ch;
      return err(
        'parse',
        `unknown LaTeX command \`${name}\`; write the formula with + - * / ^, ⊙ or \\odot, · or \\cdot`,
        i,
        i + name.length,
      );
    }
    if (isDigit(code) || (code === 46 && isDigit(src.charCodeAt(i + 1)))) {
      const prev = tokens[tokens.length - 1];
      const joins = joinAt === i && isWord(prev) ? word : undefined;
      // `a / 2.7 × 10^-5` keeps the formula's precedence: the power joins only a number that no
      // tighter or equal operator on its left would split from it.
      const whole = !joins && !(prev?.kind === 'op' && BINDS_LEFT.has(prev.text));
      i = number(src, i, push, unreadableAt, joins, whole);
      continue;
    }
    const pasted = mayBeWrapped(code) ? scanWrapped(src, i) : undefined;
    if (pasted && 'error' in pasted) return err('parse', pasted.error, pasted.at, Math.min(pasted.end, src.length));
    if (pasted) {
      // `array([…])`, `tensor([…], dtype=torch.float64)`: the values inside (parse/pasted.ts).
      push('symbol', '', i, i, { literal: pasted });
      literalChars += pasted.end - i;
      i = pasted.end;
      continue;
    }
    const end = nameEnd(src, i);
    if (end >= 0) {
      const written = src.slice(i, end);
      CALL_AT.lastIndex = end;
      // A call: an allowed function, or an unknown one (`import(…)`) refused by name. A subscripted
      // name before `(` (`W_f (v)`) is left to the compiler, which refuses calling it. (The
      // function's name is looked up only before a `(`: most names are not called.)
      if (CALL_AT.test(src)) {
        const fn = written.toLowerCase();
        const allowed = (ALLOWED_FUNCTIONS as readonly string[]).includes(fn);
        if (!allowed && !written.includes('_')) {
          return err(
            'unknown-name',
            `unknown function \`${written}\`; a block may call only ${ALLOWED_FUNCTIONS.join(', ')} (and σ)`,
            i,
            end,
          );
        }
        if (allowed) {
          word(fn, i, end);
          i = end;
          continue;
        }
      }
      if (i > 0 && src[i - 1] === '.' && !isDigit(src.charCodeAt(i - 2))) {
        return err('parse', 'property access (`.name`) is not allowed in a block', i - 1, end);
      }
      push('symbol', written, i, i, { end, name: names++ });
      i = end;
      continue;
    }
    if (ch === '"' || (ch === "'" && !afterValue)) {
      return err('parse', 'strings are not allowed in a block; values are numbers and matrices', i, i + 1);
    }
    if (ch === '{' || ch === '}') return err('parse', `unexpected \`${ch}\`; group with ( )`, i, i + 1);
    i = verbatim(src, i, push, unreadableAt, word);
    if (i - 1 - literalChars > room) return err('room', '', 0, 0);
  }
  tokens.push({ kind: 'end', text: '', at: lastRead, last: lastRead });
  return { tokens, unreadable, stray };
}

type Push = (kind: Token['kind'], text: string, at: number, last?: number, extra?: Partial<Token>) => void;

function isWord(t: Token | undefined): boolean {
  return t !== undefined && t.kind === 'symbol' && t.name === undefined && !t.literal;
}

/** Whether a `'` after this token (not a name or a literal) is a transpose: after a word, `)`, `]` or `'`. */
function endsValue(kind: Token['kind'], text: string): boolean {
  if (kind === 'symbol') return /[A-Za-z0-9_]$/.test(text);
  return text === "'" || text === ')' || text === ']';
}
type Word = (text: string, at: number, end: number, last?: number) => void;
/** Operators that bind a number on their right at least as tightly as `×` would bind its power. */
const BINDS_LEFT = new Set(['/', './', '^', '.^']);
type Unreadable = (message: string, from: number, to: number, space?: boolean) => void;

/**
 * The number at `i` (a digit, or `.` and a digit); returns the offset past it. `2.` before `*`,
 * `/` or `^` is the number 2 and an elementwise operator (`2.*x`); an exponent cannot be
 * followed by a decimal mark (`1e5.`).
 */
function number(src: string, i: number, push: Push, unreadable: Unreadable, word?: Word, whole = false): number {
  let m = NUMBER.exec(src.slice(i, i + 64))![0];
  const end = i + m.length;
  if (whole && !/[eE]/.test(m)) {
    // `2.7 × 10^-5` and a bare `10⁻⁵` are one written number each (parse/powerOfTen.ts).
    const times = powerOfTenAt(src, end);
    const power = times ?? (m === '10' && startsSuperscript(src.charCodeAt(end)) ? powerOfTenAt(src, i, false) : undefined);
    if (power) {
      push('number', `${times ? m : '1'}e${power.exponent}`, i, power.end - 1);
      return power.end;
    }
  }
  if (word) {
    // After a word its digits (and an exponent's `e`) are the word's: `\tanh0.5` is `tanh0` then `.5`.
    const own = /^[0-9eE]*/.exec(m)![0];
    word(own, i, own.length === m.length ? end : -1);
    m = m.slice(own.length);
    if (m === '') return end;
    if (m[0] !== '.' || !/\d/.test(m[1] ?? '')) {
      push('op', m[0], i);
      m = m.slice(1);
    }
    if (m === '') return end;
  }
  const next = src.charCodeAt(end);
  if (m.endsWith('.') && (next === 42 || next === 47 || (next === 94 && !transposeAt(src, end)))) {
    push('number', m.slice(0, -1), i);
    push('op', '.' + src[end], i, end);
    return end + 1;
  }
  if (/[eE]/.test(m) && next === 46 && !/[*/^]/.test(src[end + 1] ?? '')) {
    unreadable(`\`${m}.\` is not a number`, i, end + 1);
  }
  push('number', m, i);
  return end;
}

/** Characters that stand for themselves: white space, a line break, an ASCII operator, a stray word. */
function verbatim(src: string, i: number, push: Push, unreadable: Unreadable, word: Word): number {
  const code = src.charCodeAt(i);
  if (code === 32 || code === 9 || code === 0xa0) return i + 1;
  if (code === 10) {
    push('newline', '\n', i);
    return i + 1;
  }
  OPERATOR.lastIndex = i;
  let op = OPERATOR.exec(src)?.[0];
  if (op === '.^' && transposeAt(src, i + 1)) op = '.'; // `.^T` is `.` then a transpose
  if (op) {
    push('op', op, i, i + op.length - 1);
    return i + op.length;
  }
  STRAY_WORD.lastIndex = i;
  const stray = STRAY_WORD.exec(src)?.[0];
  if (stray) {
    word(stray, i, i + stray.length, i + stray.length - 1);
    return i + stray.length;
  }
  const ch = String.fromCodePoint(src.codePointAt(i)!);
  unreadable(`unexpected \`${ch}\``, i, i + ch.length, isSpace(code));
  return i + 1;
}
