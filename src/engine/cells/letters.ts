// Which matrix an RNN's bare letter is (issue 14). Books disagree: the SPEC §4 table (and the
// seed's own note, ŷ = softmax(U h + b_2)) makes U the output layer and W the weights on
// [h_prev; x]; Goodfellow (ch. 10, eq. 10.8–10.11) writes a = b + W h_prev + U x, o = c + V h;
// Elman (Wikipedia) writes h = σ(W x + U h_prev + b), y = σ(V h + b_y) (or w for V). The reading
// comes from the letters given and their shapes, or from `names=`, and is never taken silently.
import type { Matrix } from '../types';

export type Letters = 'goodfellow' | 'elman' | 'standard';
export const LETTERS: readonly Letters[] = ['goodfellow', 'elman', 'standard'];

/** Each reading: a written letter → the canonical weight it is. */
const TABLES: Record<Letters, Readonly<Record<string, string>>> = {
  goodfellow: { U: 'W_x', W: 'W_h', V: 'W_y', c: 'b_y' },
  elman: { W: 'W_x', U: 'W_h', V: 'W_y', w: 'W_y', c: 'b_y' },
  standard: { U: 'W_y', V: 'W_y', c: 'b_y' },
};

const TITLES: Record<Letters, string> = {
  goodfellow: "Goodfellow's letters",
  elman: "Elman's letters",
  standard: 'the default letters',
};

const EQUATIONS: Record<Letters, string> = {
  goodfellow: 'a = b + W·h_prev + U·x, o = c + V·h',
  elman: 'h = act(W·x + U·h_prev + b), y = V·h',
  standard: 'a = W·[h_prev; x] + b, y = softmax(U·h + b_y)',
};

const MEANS: Readonly<Record<string, string>> = {
  W_x: 'the input weights W_x',
  W_h: 'the recurrent weights W_h',
  W_y: 'the output weights W_y',
  b_y: 'the output bias b_y',
};

export interface LetterReading {
  readonly names: Letters;
  /** Written key → canonical key, for the letters the block gives. */
  readonly rename: ReadonlyMap<string, string>;
  /** Letters left unread because the weight they would be is given under its own name (`U` beside `W_x`), and that name. */
  readonly unread: ReadonlyMap<string, string>;
  /** The info note when the reading was inferred from an ambiguous set of letters, and the option for the other. */
  readonly note?: { readonly message: string; readonly other: Letters };
}

export interface LetterInput {
  /** The literal value of a given, by its resolved key (undefined for a formula or an absent key). */
  readonly value: (key: string) => Matrix | undefined;
  readonly has: (key: string) => boolean;
  readonly H?: number;
  readonly D?: number;
  /** The reading `names=` asks for. */
  readonly chosen?: Letters;
}

/** The reading of an RNN block's bare U, W, V, w and c. */
export function readLetters(input: LetterInput): LetterReading {
  const { has, chosen } = input;
  if (!['U', 'W', 'V', 'w'].some(has)) return { names: chosen ?? 'standard', rename: new Map(), unread: new Map() };
  if (chosen) return { names: chosen, ...renames(chosen, has) };
  const fitting = LETTERS.filter((l) => fits(l, input));
  const U = input.value('U'),
    W = input.value('W');
  const square = (m?: Matrix) => m !== undefined && m.rows === m.cols;
  // No reading fits the shapes: the letters' own shapes pick one, and the shape errors follow it.
  const names = fitting[0] ?? (has('U') && has('W') ? (square(W) ? 'goodfellow' : square(U) ? 'elman' : 'standard') : 'standard');
  const { rename, unread } = renames(names, has);
  // U with W is the letter every book reads differently; c is otherwise the author's own name.
  const ambiguous = (has('U') && has('W')) || rename.has('c') || (names !== 'standard' && rename.size > 0);
  if (!ambiguous) return { names, rename, unread };
  const other = fitting.find((l) => l !== names) ?? (names === 'standard' ? 'goodfellow' : 'standard');
  const read = [...rename].map(([from, to]) => {
    const m = input.value(from);
    return `${from}${m ? ` (${m.rows}×${m.cols})` : ''} is ${MEANS[to] ?? to}`;
  });
  const also = fitting.includes(other) ? ` (the shapes fit ${TITLES[other]} too)` : '';
  const message =
    `${[...rename.keys()].join(', ')} read as ${TITLES[names]} (${EQUATIONS[names]}): ${read.join(', ')}${also}; ` +
    `write names=${other} for ${TITLES[other]} (${EQUATIONS[other]}), or names=${names} to keep this reading`;
  return { names, rename, unread, note: { message, other } };
}

function renames(names: Letters, has: (key: string) => boolean): Pick<LetterReading, 'rename' | 'unread'> {
  const rename = new Map<string, string>();
  const unread = new Map<string, string>();
  for (const [from, to] of Object.entries(TABLES[names])) {
    // One output layer (U before V in the default reading); c is its bias only beside a V or w.
    if (!has(from) || [...rename.values()].includes(to)) continue;
    if (from === 'c' && !rename.has('V') && !rename.has('w')) continue;
    // The weight given under its own name wins; c is then the author's own quantity.
    if (has(to)) {
      if (from !== 'c') unread.set(from, to);
      continue;
    }
    rename.set(from, to);
  }
  return { rename, unread };
}

/** Whether the letters' shapes are those of a reading (either orientation: the layout is inferred later). */
function fits(names: Letters, { value, H, D }: LetterInput): boolean {
  const U = value('U'),
    W = value('W');
  const dims = (m: Matrix) => [m.rows, m.cols];
  // m is r×c or c×r; an unknown size (undefined) matches anything.
  const shaped = (m: Matrix | undefined, r: number | undefined, c: number | undefined) =>
    !m || [dims(m), dims(m).reverse()].some(([a, b]) => (r === undefined || a === r) && (c === undefined || b === c));
  if (names === 'standard') {
    // W on [h_prev; x] is H×(H+D); U, the output layer, reads H inputs.
    if (!W) return true;
    const h = H ?? Math.min(W.rows, W.cols);
    return W.rows !== W.cols && shaped(W, h, h + (D ?? Math.abs(W.rows - W.cols))) && shaped(U, undefined, h);
  }
  if (!U || !W) return false;
  const [recurrent, input] = names === 'goodfellow' ? [W, U] : [U, W];
  if (recurrent.rows !== recurrent.cols || (H !== undefined && recurrent.rows !== H)) return false;
  return shaped(input, recurrent.rows, D) && (D === undefined || D !== recurrent.rows || input.rows === input.cols);
}
