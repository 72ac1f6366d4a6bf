// Random notes for the robustness test and `npm run fuzz`: random bytes, sequences of tokens
// from the block grammar, and mutations of real blocks (the examples). fast-check arbitraries,
// so failures shrink to a small note and runs are reproducible from a seed.
import * as fc from 'fast-check';

/** Tokens of the block language and its neighbourhood (SPEC §2–§4), hostile ones included. */
export const TOKENS: readonly string[] = [
  // names and aliases
  'x',
  'x_t',
  'X',
  'h',
  'h_prev',
  'h_{t-1}',
  'H_{t-1}',
  'h_0',
  'c_prev',
  'C_{t-1}',
  'c',
  'C_t',
  'f',
  'i',
  'o',
  'g',
  '\\tilde{C}_t',
  '\\tilde{H}_t',
  'C~_t',
  'r',
  'z',
  'n',
  'a',
  'y',
  '\\hat{y}_t',
  'e',
  'onehot',
  'E',
  'H',
  'D',
  'V',
  'T',
  'W_f',
  'W_i',
  'W_o',
  'W_c',
  'W_r',
  'W_z',
  'W_h',
  'W',
  'W_x',
  'W_xf',
  'W_{hf}',
  'W_xr',
  'W_hh',
  'U_f',
  'U',
  'W_y',
  'b',
  'b_f',
  'b_i',
  'b_c',
  'b_r',
  'b_z',
  'b_h',
  'b_y',
  'weight_ih',
  'weight_hh',
  'bias_ih',
  'bias_hh',
  'kernel',
  'recurrent_kernel',
  'bias',
  'x_1',
  'x_2',
  'x_3',
  'x_1000',
  'x_1001',
  'h_3',
  'c_2',
  'f_1',
  'q',
  'norm',
  'foo',
  // statements and operators
  ' = ',
  ' ?= ',
  '=',
  '?=',
  '==',
  ' + ',
  ' - ',
  ' * ',
  '/',
  './',
  '.*',
  '.^',
  '^',
  '^T',
  "'",
  '⊙',
  '·',
  '×',
  '∘',
  '−',
  'σ',
  '\\odot',
  '\\cdot',
  '\\sigma',
  '\\tanh',
  '\\left(',
  '\\right)',
  ':',
  ';',
  ',',
  '.',
  '!',
  '?',
  '&',
  '|',
  '~',
  '@',
  '$',
  '%',
  // calls
  'sigmoid(',
  'tanh(',
  'relu(',
  'softmax(',
  'exp(',
  'log(',
  'norm(',
  'clip(',
  'onehot(',
  'transpose(',
  'sum(',
  'max(',
  ')',
  'import(',
  'createUnit(',
  'config(',
  'evaluate(',
  'parse(',
  'simplify(',
  'constructor',
  '__proto__',
  'prototype',
  '.constructor',
  '["constructor"]',
  'f(x) = x',
  'x => x',
  'this',
  '"',
  "'s'",
  '{',
  '}',
  '(',
  '[',
  ']',
  // literals
  '0',
  '1',
  '2',
  '-0.5',
  '.76',
  '1e-3',
  '0.9719',
  '1e308',
  '-1e308',
  '1e-320',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '[1, 2; 3, 4]',
  '[1 2; 3 4]',
  '[0.76; 0.76]',
  '[[1, 2], [3, 4]]',
  '[[0.4165792 ]\n [0.32134238]]',
  '[1 2; 3]',
  '[]',
  '[[[1]]]',
  '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}',
  '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}',
  '\\begin{matrix}',
  '\\end{matrix}',
  '\\begin{bmatrix} 1 & 2 \\\\ 3 \\end{bmatrix}',
  '\\\\',
  '\\begin{array}{cc}',
  '\\hline',
  // lines, comments, fences, options
  '\n',
  '\n',
  '\n',
  '  ',
  '\t',
  '# ',
  '// ',
  '```',
  '~~~',
  '```lstm',
  '```gru',
  '```rnn',
  '> ',
  '- ',
  '    ',
  'layout=row',
  'layout=column',
  'z=write',
  'reset=after',
  'concat=xh',
  'act=relu',
  'bias=false',
  'precision=6',
  'tol=1e-3',
  'tol=0.1%',
  '{precision=99}',
  'order=zrn',
  'layout=',
  'foo=bar',
  'constructor=1',
  '__proto__=1',
  'toString',
  'valueOf=2',
  'hasOwnProperty',
  '\\constructor',
  '\\toString',
  '\\__proto__',
  // hostile text
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '\\href{javascript:alert(1)}{x}',
  '\\htmlClass{x}{y}',
  '\\url{javascript:x}',
  '$',
  '$$',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\u0000',
  '\r',
  '\r\n',
  '😀',
  'ᵀ',
];

export const KINDS = ['lstm', 'gru', 'rnn', 'LSTM', 'Gru'] as const;
const OPTIONS = [
  '',
  'constructor=1 __proto__=x toString',
  'layout=row',
  'z=write',
  'reset=after',
  'concat=xh',
  'act=sigmoid bias=false',
  '{precision=6 tol=1e-3}',
  'tol=0.1%',
  'foo',
  'layout=diag',
];

/** A fenced block around a body, sometimes unclosed, quoted or indented. */
function fence(kind: string, info: string, body: string, style: number): string {
  const inner = '```' + kind + (info ? ' ' + info : '') + '\n' + body + '\n' + (style === 3 ? '' : '```') + '\n';
  if (style === 1)
    return inner
      .split('\n')
      .map((l) => '> ' + l)
      .join('\n');
  if (style === 2)
    return (
      '- item\n\n' +
      inner
        .split('\n')
        .map((l) => '  ' + l)
        .join('\n')
    );
  return inner;
}

const fenceArb = (body: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...KINDS), fc.constantFrom(...OPTIONS), body, fc.integer({ min: 0, max: 5 }))
    .map(([k, info, b, style]) => fence(k, info, b, style > 3 ? 0 : style));

/** Random bytes (decoded as UTF-8 and as Latin-1), bare or inside a fence. */
export const bytesArb: fc.Arbitrary<string> = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.boolean(), fc.boolean())
  .chain(([bytes, utf8, fenced]) => {
    const text = Buffer.from(bytes).toString(utf8 ? 'utf8' : 'latin1');
    return fenced ? fenceArb(fc.constant(text)) : fc.constant(text);
  });

/** Sequences of grammar tokens inside a fence. */
export const tokensArb: fc.Arbitrary<string> = fenceArb(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((ts) => ts.join('')));

/** Line-shaped statements: NAME = EXPR / NAME ?= EXPR built from tokens. */
export const statementsArb: fc.Arbitrary<string> = fenceArb(
  fc
    .array(
      fc
        .tuple(
          fc.constantFrom(...TOKENS.slice(0, 90)),
          fc.constantFrom(' = ', ' ?= '),
          fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 12 }),
        )
        .map(([n, op, rhs]) => n + op + rhs.join(' ')),
      { maxLength: 14 },
    )
    .map((lines) => lines.join('\n')),
);

type Mutation = { at: number; kind: number; token: string; len: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.integer({ min: 0, max: 6 }),
  token: fc.constantFrom(...TOKENS),
  len: fc.integer({ min: 1, max: 40 }),
});

export function mutate(text: string, ms: readonly Mutation[]): string {
  let s = text;
  for (const m of ms) {
    const at = s.length ? m.at % (s.length + 1) : 0;
    switch (m.kind) {
      case 0:
        s = s.slice(0, at) + m.token + s.slice(at);
        break; // insert a token
      case 1:
        s = s.slice(0, at) + s.slice(at + m.len);
        break; // delete a span
      case 2:
        s = s.slice(0, at) + s.slice(at, at + m.len).repeat(3) + s.slice(at + m.len);
        break; // repeat a span
      case 3:
        s = s.slice(0, at) + m.token + s.slice(at + m.len);
        break; // replace a span
      case 4: {
        const lines = s.split('\n');
        const k = at % Math.max(1, lines.length);
        lines.splice(k, 0, lines[k] ?? '');
        s = lines.join('\n');
        break;
      } // duplicate a line
      case 5:
        s = s.slice(0, at) + String.fromCharCode((m.len * 997) % 0xffff) + s.slice(at + 1);
        break; // flip a character
      default: {
        const lines = s.split('\n');
        const k = at % Math.max(1, lines.length);
        lines.splice(k, 1);
        s = lines.join('\n');
      } // drop a line
    }
  }
  return s;
}

/** The fenced blocks of some Markdown texts (for mutation seeds). */
export function blocksOf(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const re = /(^|\n)(```(?:lstm|gru|rnn)[^\n]*\n[\s\S]*?\n```)/g;
    for (let m = re.exec(t); m; m = re.exec(t)) out.push(m[2] + '\n');
  }
  return out;
}

/** Mutations of real blocks (and of whole notes). */
export function mutationsArb(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 8 })).map(([seed, ms]) => mutate(seed, ms));
}

/** Every kind of case, weighted toward the block grammar. */
export function noteArb(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: bytesArb, weight: 2 },
    { arbitrary: tokensArb, weight: 3 },
    { arbitrary: statementsArb, weight: 3 },
    { arbitrary: mutationsArb(seeds), weight: 4 },
  );
}

/** Prose around blocks: Markdown with LaTeX matrices, math and hostile HTML, no fence needed. */
export const proseArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TOKENS),
      fc.constantFrom(
        '$$',
        '$',
        '\\begin{bmatrix}',
        '\\end{bmatrix}',
        '\\begin{pmatrix*}[r]',
        '\\end{pmatrix*}',
        ' & ',
        ' \\\\ ',
        '\\\\begin{vmatrix}',
        '\\begin{Bmatrix} a & b \\\\ c \\end{Bmatrix}',
        '# heading\n',
        '\n\n',
        '| a | b |\n|---|---|\n',
        '[link](javascript:alert(1))',
        '<div onclick=x>',
      ),
    ),
    { maxLength: 80 },
  )
  .map((ts) => ts.join(''));
