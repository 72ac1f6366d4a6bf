// Long repeated runs (issue 12): the inputs that make a backtracking regex or a rescanning loop
// super-linear. Each family is one class of input — a unit repeated inside a context that steers
// it to one scanner (names, LaTeX rows, digits, quotes, \begin, spaces, nesting, …); `make(n)`
// builds a note of about n bytes. fuzz.js mixes random runs into its cases and checks that every
// target's time at 200 kB stays within ~250× its time at 1 kB (a ratio, not a wall-clock limit).
'use strict';

const fence = (body, info = 'lstm') => `\`\`\`${info}\n${body}\n\`\`\`\n`;

/** `unit` repeated to fill about n bytes, between `before` and `after`. */
function run(unit, n, before = '', after = '') {
  const k = Math.max(1, Math.ceil((n - before.length - after.length) / unit.length));
  return before + unit.repeat(k) + after;
}

/** A family with a repeated unit inside a block line. */
const inBlock = (name, before, unit, after, info) => ({ name, make: (n) => fence(run(unit, n - 12, before, after), info) });
/** A family with a repeated unit in the prose around blocks. */
const inProse = (name, before, unit, after) => ({ name, make: (n) => run(unit, n, before, after) + '\n' });

const FAMILIES = [
  // names
  inBlock('name parts _a', 'a', '_a', '! = 1'),
  inBlock('name parts in a check', 'h ?= a', '_a', '!'),
  inBlock('underscores', 'a', '_', ' = 1'),
  inBlock('subscript braces _{', 'h', '_{', ' = 1'),
  inBlock('balanced subscripts _{t}', 'h', '_{t}', '! = 1'),
  inBlock('nested \\tilde{', '', '\\tilde{', 'C = 1'),
  inBlock('primes and tildes ~', 'c', '~', '! = 1'),
  inBlock('superscripts ^{(t)}', 'h', '^{(t)}', '! = 1'),
  // literals
  inBlock('LaTeX rows \\\\[ (no closing ])', 'x = \\begin{bmatrix} 1 ', '\\\\[ 1 ', '\\end{bmatrix}'),
  inBlock('LaTeX rows \\\\', 'x = \\begin{bmatrix} 1 ', '\\\\ 1 ', '\\end{bmatrix}'),
  inBlock('LaTeX rows unclosed', 'x = \\begin{bmatrix} 1 ', '\\\\ 1 ', ''),
  inBlock('LaTeX cells &', 'x = \\begin{bmatrix} 1 ', '& 1 ', '\\end{bmatrix}'),
  inBlock('LaTeX \\hline', 'x = \\begin{bmatrix} 1 ', '\\hline ', '\\end{bmatrix}'),
  inBlock('LaTeX \\begin in a value', 'x = ', '\\begin{bmatrix} ', '1'),
  inBlock('matrix rows ;', 'x = [1', '; 1', ']'),
  inBlock('matrix separators ;;', 'x = [1', ';', '1]'),
  inBlock('commas ,,', 'x = [1', ',', '1]'),
  inBlock('open brackets [', 'x = ', '[', '1'),
  inBlock('nested lists [[1], …', 'x = [', '[1], ', '[1]]'),
  inBlock('numpy wrapped rows', 'x = [', ' 0.59 0.18 0.61\n', ']'),
  inBlock('tensor( nesting', 'x = ', 'tensor(', '[1]'),
  inBlock('array( nesting', 'x = ', 'np.array(', '[1]'),
  // numbers
  inBlock('digits', 'x = ', '1', 'x'),
  inBlock('digits then e', 'x = 1', 'e1', ''),
  inBlock('decimal points', 'x = 1', '.', '1'),
  inBlock('minus signs', 'x = ', '-', '1'),
  { name: 'tol= digits', make: (n) => fence('x = [1; 2]', run('1', n - 30, 'lstm tol=', 'x')) },
  { name: 'precision= digits', make: (n) => fence('x = [1; 2]', run('9', n - 30, 'lstm precision=', 'x')) },
  { name: 'repeated options', make: (n) => fence('x = [1; 2]', run(' z=keep', n - 30, 'gru')) },
  { name: 'fence info spaces', make: (n) => fence('x = [1; 2]', run(' ', n - 30, 'lstm', 'x')) },
  { name: 'fence info =', make: (n) => fence('x = [1; 2]', run('=', n - 30, 'lstm ', 'x')) },
  // formulas
  inBlock("transposes '", 'x = [1; 2]\ny = x', "'", ''),
  inBlock("transposes with spaces ' ", 'x = [1; 2]\ny = x', "' ", ''),
  inBlock('open parentheses (', 'y = ', '(', 'x'),
  inBlock('balanced parentheses', 'y = ', '(x)+', 'x'),
  inBlock('function calls tanh(', 'y = ', 'tanh(', 'x'),
  inBlock('operators +', 'x = 1\ny = x', '+', 'x'),
  inBlock('sums x+', 'x = 1\ny = ', 'x+', 'x'),
  inBlock('Hadamard ⊙', 'x = 1\ny = x', ' ⊙ x', ''),
  inBlock('?= runs', 'x = 1\nx ', '?= ', '1'),
  inBlock('= runs', 'x ', '=', ' 1'),
  inBlock('spaces in a statement', 'x = [1', ' ', '2]'),
  inBlock('spaces before =', 'x', ' ', '= 1'),
  inBlock('comment #', 'x = 1 ', '#', ''),
  inBlock('comment //', 'x = 1 ', '//', ''),
  inBlock('statement lines', '', 'a = 1\n', ''),
  inBlock('chain of statements', 'a = [1; 2]\n', 'a = a + 1\n', ''),
  // prose: LaTeX matrices anywhere (the hover scanner), headings, math, fences
  inProse('unclosed \\begin{bmatrix}', '', '\\begin{bmatrix}', ''),
  inProse('nested \\begin … \\end', '$$', '\\begin{pmatrix}', '1'),
  inProse('\\end without \\begin', '', '\\end{bmatrix}', ''),
  inProse('\\begin{ long env name', '\\begin{', 'b', '}'),
  inProse('matrix cells & in prose', '$$\\begin{bmatrix} 1 ', '& 1 ', '\\end{bmatrix}$$'),
  inProse('matrix rows \\\\ in prose', '$$\\begin{bmatrix} 1 ', '\\\\ 1 ', '\\end{bmatrix}$$'),
  inProse('matrix rows \\\\[ in prose', '$$\\begin{bmatrix} 1 ', '\\\\[ 1 ', '\\end{bmatrix}$$'),
  { name: 'heading spaces', make: (n) => run(' ', n - 30, '# a', 'b\n\n') + fence('x = [1; 2]') },
  { name: 'heading hashes', make: (n) => run('#', n - 30, '# a ', ' b\n\n') + fence('x = [1; 2]') },
  inProse('heading of # runs', '', '#', ''),
  inProse('inline math $…$', '$', 'x+', 'x$'),
  inProse('display math $$…$$', '$$', 'x+', 'x$$'),
  inProse('dollar signs', '', '$', ''),
  inProse('backticks', '', '`', ''),
  { name: 'long fence', make: (n) => run('`', n - 30, '', 'lstm\nx = [1; 2]\n') },
  { name: 'many tiny blocks', make: (n) => run(fence('x = [1; 2]\nx ?= [1; 2]'), n) },
  inProse('blockquote nesting', '', '> ', 'x'),
  inProse('list nesting', '', '- ', 'x'),
  inProse('table pipes', '| a | b |\n|---|---|\n', '| 1 ', '|'),
  inProse('emphasis stars', '', '*', 'x'),
  inProse('links [', '', '[', 'x](y)'),
];

/** A unit a random long run can be made of: what the families repeat, and more. */
const UNITS = [
  '_a',
  '_',
  '_{',
  '{',
  '}',
  '\\tilde{',
  '~',
  '^{(t)}',
  '\\\\[',
  '\\\\',
  '&',
  '\\hline',
  '\\begin{bmatrix}',
  '\\end{bmatrix}',
  ';',
  ',',
  '[',
  ']',
  '(',
  ')',
  '1',
  '9',
  'e1',
  '.',
  '-',
  '+',
  "'",
  ' ',
  '\t',
  '=',
  '?=',
  '#',
  '//',
  '$',
  '`',
  '```',
  '\n',
  'tanh(',
  'tensor(',
  'array(',
  '⊙',
  '*',
  '>',
  '|',
  'z=keep ',
  'a = 1\n',
];

module.exports = { FAMILIES, UNITS, fence, run };
