// Bracket literals (`[1 2; 3 4]`, `[1, 2; 3, 4]`, `[[1, 2], [3, 4]]`, numpy print-outs), read in
// one pass by character codes: a 4 MB numpy print-out is the hot path of a note.
import type { Matrix } from '../types';
import { shapeText } from '../matrix';
import { overBudget } from '../budget';
import type { Literal, LiteralError, LiteralScan } from './literals';
import { fit, Numbers, scanNumber } from './scannedNumbers';

/** SPEC §10: matrix elements per block; a literal over it is refused while it is scanned. */
const MAX_LITERAL_ELEMENTS = 1_000_000;

/** What a code unit below 128 is to a bracket literal; 0 (and every code unit above) is a name's. */
const SPACE = 1,
  NEWLINE = 2,
  COMMA = 3,
  SEMICOLON = 4,
  OPEN = 5,
  CLOSE = 6,
  NUMERIC = 7;
const CHAR_CLASS = (() => {
  const table = new Uint8Array(128);
  const set = (chars: string, cls: number) => {
    for (const ch of chars) table[ch.charCodeAt(0)] = cls;
  };
  set(' \t\r', SPACE);
  set('\n', NEWLINE);
  set(',', COMMA);
  set(';', SEMICOLON);
  set('[', OPEN);
  set(']', CLOSE);
  set('0123456789.+-', NUMERIC);
  return table;
})();

/**
 * One small set of buffers shared by every scan (most literals are a few numbers, and three fresh
 * buffers per literal were a tenth of a block's analysis), replaced once a scan outgrew it, so a
 * big literal's buffers are never reused or kept.
 */
let shared = new Numbers();

/**
 * How many numbers the literal holds if the rest of it, up to its closing bracket, reads like the
 * `pos - start` characters that gave `count` (plus 1/16 to spare). A big literal then grows its
 * buffers once instead of doubling them log₂(n) times, each a fresh zeroed buffer and a copy.
 */
function projectedCount(text: string, start: number, pos: number, count: number, flat: boolean): number {
  // A flat literal holds no `[`, so its first `]` closes it; a nested one most often ends in `]]`.
  const close = text.indexOf(flat ? ']' : ']]', pos);
  if (close < 0) return 0;
  return Math.min(Math.ceil((((count * (close - start)) / (pos - start)) * 17) / 16), MAX_LITERAL_ELEMENTS + 1);
}

/** Scans a bracket literal at `at` (a `[`), as `scanLiteral` does. */
export function scanBracketLiteral(text: string, at: number): LiteralScan {
  if (insideStacking(text, at)) return undefined;
  stoppedAt = -1;
  const scan = scanOwning(text, at);
  if (scan === undefined && stoppedAt - at > STACKING_MEMO_FROM) rememberStacking(text, at, stoppedAt);
  return scan;
}

/** scanBrackets, after which a scan that outgrew the shared buffers owns them (they may be its result). */
function scanOwning(text: string, at: number): LiteralScan {
  const scan = scanBrackets(text, at);
  if (!shared.scratch) shared = new Numbers();
  return scan;
}

/** Past spaces, tabs and line breaks from `pos`. */
function pastSpace(text: string, pos: number): number {
  while (pos < text.length && (CHAR_CLASS[text.charCodeAt(pos)] === SPACE || text.charCodeAt(pos) === 10)) pos++;
  return pos;
}

/** The `[` at or after `pos` past white space, or -1 when the next character is another. */
function openingAt(text: string, pos: number): number {
  pos = pastSpace(text, pos);
  return text.charCodeAt(pos) === 91 ? pos : -1;
}

/**
 * A print of three dimensions, `[[[…]]]`: what numpy and torch print for a tensor such as
 * nn.LSTM's `h_n` (layers × batch × H). One slice (the first dimension 1, as for one layer) is
 * that slice's matrix; more are refused with their shape, since a matrix has two dimensions.
 */
function scanSlices(text: string, at: number): LiteralScan {
  const shapes: string[] = [];
  let first: Literal | undefined;
  let pos = at + 1;
  for (;;) {
    const open = openingAt(text, pos);
    if (open < 0) break;
    const inner = openingAt(text, open + 1);
    const deeper = inner < 0 ? -1 : openingAt(text, inner + 1);
    if (deeper >= 0) return errorUnlessStacking(text, deeper, 3, 'this print has more than three dimensions; a matrix has two', at);
    const slice = scanOwning(text, open);
    if (!slice || 'error' in slice) return slice;
    shapes.push(shapeText(slice.value));
    first ??= slice;
    pos = pastSpace(text, slice.end);
    if (text.charCodeAt(pos) === 44) pos++; // ,
  }
  pos = pastSpace(text, pos);
  if (text.charCodeAt(pos) !== 93) return errorUnlessStacking(text, pos, 1, 'a print of three dimensions holds only bracketed slices', at);
  const end = pos + 1;
  if (!first) return { error: 'an empty matrix `[]`', at, end };
  if (shapes.some((s) => s !== shapes[0])) {
    return { error: `the slices of this print differ in shape (${shapes.join(', ')}); every slice of an array has one shape`, at, end };
  }
  if (shapes.length === 1) return { ...first, oneDimensional: false, end };
  const { rows, cols } = first.value;
  return {
    error:
      `this print has three dimensions (${shapes.length}×${rows}×${cols}) and a matrix has two: give each of its ${shapes.length} slices ` +
      `on its own (PyTorch's h_n and c_n hold one state per layer and direction, num_layers × batch × H: h_0 for the first layer, h^{[2]}_0 for the second)`,
    at,
    end,
  };
}

/** Where the last scan that found brackets of names (stacking) met the name. */
let stoppedAt = -1;
/** Stacking scans shorter than this are not remembered (their rescans are cheap). */
const STACKING_MEMO_FROM = 256;

/**
 * The last long scan that ended in stacking: from its `[` at `from`, only numbers and brackets
 * up to a name at `stop`. The expression rewrite then tries a literal at each `[` inside, and a
 * `[` there whose bracket does not close before `stop` would read on to the same name (in
 * `[[[[…[h` or `[1 [1 [1 … h`, every one of them): that answer is given at once, so the scans
 * stay linear. `unclosed` holds those `[`. Forgotten after the current task, so it never keeps a
 * note's text alive.
 */
let stacking: { text: string; from: number; stop: number; unclosed: Set<number> } | undefined;

function rememberStacking(text: string, from: number, stop: number): void {
  // A name `e` / `E` stops a plain scan but not one past an error (it may be an exponent): a
  // scan from inside may then read on past it, so no answer is remembered.
  const c = text.charCodeAt(stop);
  if (c === 101 || c === 69) return;
  const open: number[] = [];
  for (let i = from; i < stop; i++) {
    const k = text.charCodeAt(i);
    if (k === 91) open.push(i);
    else if (k === 93) open.pop();
  }
  if (!stacking)
    queueMicrotask(() => {
      stacking = undefined;
    });
  stacking = { text, from, stop, unclosed: new Set(open) };
}

/** Whether the `[` at `at` is known to hold a name before it closes (see `stacking`). */
function insideStacking(text: string, at: number): boolean {
  const s = stacking;
  if (!s || at <= s.from || at >= s.stop || text.length !== s.text.length || text !== s.text) return false;
  s.text = text; // equal texts from now on compare as the same string, at once
  return s.unclosed.has(at);
}

/** numpy and torch print a large array's corners with `...` between: the values are not all there. */
export const SUMMARISED =
  'this is a summarised print: numpy and torch write `...` for the values they leave out, so the matrix is not all here; print it in full (numpy: `np.set_printoptions(threshold=sys.maxsize)`, torch: `torch.set_printoptions(profile="full")`) and paste that';

const MIXED = 'mixes nested lists and plain numbers; write [[1, 2], [3, 4]] or [1, 2; 3, 4]';

/**
 * One pass by character codes: flat `[1 2; 3 4]` or nested `[[1, 2], [3, 4]]`. State lives in
 * locals, not in a closure, so the loop keeps it in registers. A name inside means stacking.
 */
function scanBrackets(text: string, start: number): LiteralScan {
  const nums = shared;
  nums.count = nums.rows = nums.cols = 0;
  nums.raggedRow = -1;
  let nested = false,
    flat = false;
  let depth = 1;
  let inRow = 0; // numbers in the current row (flat) or nested list
  let pendingComma = false;
  let afterItem = false; // a number or a nested list just ended: a comma may follow
  let sawSemicolon = false,
    sawComma = false;
  let pos = start + 1;
  const n = text.length;
  for (;;) {
    if (pos >= n) return errorUnlessStacking(text, pos, depth, 'the bracket `[` is never closed', start);
    const c = text.charCodeAt(pos);
    switch (c < 128 ? CHAR_CLASS[c] : 0) {
      case NUMERIC: {
        if (c === 46 && text.startsWith('...', pos)) return errorUnlessStacking(text, pos, depth, SUMMARISED, pos);
        if (nums.count === nums.values.length) nums.grow(projectedCount(text, start, pos, nums.count, !nested));
        const next = scanNumber(text, pos, nums);
        if (next === pos) return errorUnlessStacking(text, pos, depth, `\`${text[pos]}\` is not a number`, pos);
        if (depth === 1) {
          if (nested) return errorUnlessStacking(text, pos, depth, MIXED, start);
          flat = true;
        }
        pos = next;
        inRow++;
        pendingComma = false;
        afterItem = true;
        const over = overLimit(nums.count, start, pos);
        if (over) return over;
        continue;
      }
      case SPACE:
        pos++;
        continue;
      case NEWLINE:
        // A line break ends a row of numbers (MATLAB); between nested lists it is only space.
        if (depth === 1 && flat && inRow > 0 && !pendingComma) {
          nums.endRow(inRow);
          inRow = 0;
        }
        pos++;
        continue;
      case COMMA:
        if (pendingComma || !afterItem) return errorUnlessStacking(text, pos, depth, 'an empty entry between commas', pos);
        pendingComma = true;
        sawComma = true;
        afterItem = false;
        pos++;
        continue;
      case SEMICOLON:
        if (depth === 2) return errorUnlessStacking(text, pos, depth, 'nested lists hold one row each; write [[1, 2], [3, 4]]', pos);
        sawSemicolon = true;
        if (inRow > 0) {
          nums.endRow(inRow);
          inRow = 0;
        }
        pendingComma = false;
        afterItem = false;
        pos++;
        continue;
      case OPEN:
        // `[[[` before any number: a print of three dimensions.
        if (depth === 2)
          return nums.count === 0 && nums.rows === 0
            ? scanSlices(text, start)
            : errorUnlessStacking(text, pos, depth, 'matrices have two dimensions; this literal has three', pos);
        if (flat || sawSemicolon) return errorUnlessStacking(text, pos, depth, MIXED, start);
        nested = true;
        depth = 2;
        inRow = 0;
        pendingComma = false;
        afterItem = false;
        pos++;
        continue;
      case CLOSE:
        pos++;
        if (depth === 2) {
          nums.endRow(inRow);
          inRow = 0;
          depth = 1;
          pendingComma = false;
          afterItem = true;
          continue;
        }
        if (flat && inRow > 0) nums.endRow(inRow);
        return toMatrix(
          nums,
          flat,
          start,
          pos,
          flat && !sawComma && !sawSemicolon && nums.rows > 1 ? wrappedPrint(text, start, pos) : undefined,
        );
      default:
        if (c === 0x2026) return errorUnlessStacking(text, pos + 1, depth, SUMMARISED, pos); // … (read on past it)
        stoppedAt = pos;
        return undefined; // a name (e, E included): stacking, for the expression parser
    }
  }
}

/** A SPEC §10 limit hit after `count` numbers, or undefined; the clock is read every 8,192. */
function overLimit(count: number, start: number, end: number): LiteralError | undefined {
  if (count > MAX_LITERAL_ELEMENTS) {
    return {
      error: `the matrix has more than ${MAX_LITERAL_ELEMENTS.toLocaleString('en')} elements (the per-block limit); split it`,
      at: start,
      end,
      limit: true,
    };
  }
  if ((count & 8191) === 0 && overBudget()) {
    return { error: 'reading this matrix took more than 1 s (the per-block limit); split it', at: start, end, limit: true };
  }
  return undefined;
}

/**
 * An error only stands when the brackets hold numbers alone; otherwise the brackets are
 * stacking (undefined). Reads on from `pos` at bracket depth `depth` to the closing `]`.
 */
function errorUnlessStacking(text: string, pos: number, depth: number, error: string, at: number): LiteralError | undefined {
  let d = depth;
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? CHAR_CLASS[c] : 0;
    if (cls === OPEN) d++;
    else if (cls === CLOSE) {
      if (--d === 0) return { error, at, end: i + 1 };
    } else if (cls === 0 && c !== 101 && c !== 69) {
      stoppedAt = i;
      return undefined;
    } // e E may be a number's
  }
  return { error, at, end: text.length };
}

/** numpy's default line width: a 1-D print longer than it continues on the next line. */
const NUMPY_LINE_WIDTH = 75;

/**
 * Whether the multi-line flat literal text[start, end) (no commas, no semicolons) reads as numpy's
 * print of one long 1-D array, wrapped at its line width: every line but the last is as full as
 * numpy fills one (another number would have passed 75 characters, or the line is longer: a wider
 * `linewidth`), and the last holds no more numbers than the others.
 */
function wrappedPrint(text: string, start: number, end: number): boolean {
  const lines = text.slice(start, end).split('\n');
  let widest = 0,
    perLine = -1;
  const counts = lines.map((line) => {
    const words = line.split(/[\s[\]]+/).filter((w) => w !== '');
    for (const w of words) widest = Math.max(widest, w.length);
    return words.length;
  });
  for (let k = 0; k < lines.length - 1; k++) {
    if (counts[k] === 0 || (perLine >= 0 && counts[k] !== perLine)) return false;
    perLine = counts[k];
  }
  const full = (line: string) => line.trimEnd().length + 1 + widest > NUMPY_LINE_WIDTH;
  return counts[lines.length - 1] <= perLine && lines.slice(0, -1).every(full);
}

/**
 * The scanned rows as a matrix, or the error of an empty or ragged one. `wrapped`: the rows are the
 * lines of a numpy 1-D print (see wrappedPrint), so they are one row.
 */
function toMatrix(nums: Numbers, flat: boolean, start: number, end: number, wrapped?: boolean): LiteralScan {
  if (nums.count === 0) return { error: 'an empty matrix `[]`', at: start, end };
  if (wrapped) {
    // Equal lines would also read as a matrix: the note says which reading was taken.
    const note =
      nums.raggedRow < 0
        ? `read as one row of ${nums.count} numbers, a numpy print wrapped at its line width; to mean a ${shapeText(nums)} matrix, end each row with \`;\``
        : undefined;
    nums.rows = 1;
    nums.cols = nums.count;
    nums.raggedRow = -1;
    const scan = toMatrix(nums, flat, start, end);
    return note && scan && 'value' in scan ? { ...scan, note } : scan;
  }
  const cols = nums.cols;
  if (nums.raggedRow >= 0) {
    const n = nums.raggedLength;
    return {
      error: `ragged matrix: row ${nums.raggedRow + 1} has ${n} ${n === 1 ? 'entry' : 'entries'} but row 1 has ${cols}`,
      at: start,
      end,
    };
  }
  const value: Matrix = { rows: nums.rows, cols, data: fit(nums.values, nums.count, nums.scratch) };
  const oneDimensional = flat && nums.rows === 1;
  return {
    value,
    units: fit(nums.units, nums.count, nums.scratch),
    integers: fit(nums.integers, nums.count, nums.scratch),
    oneDimensional,
    end,
  };
}
