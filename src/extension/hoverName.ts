// The written name under the cursor on a block line, for hovers: `W_i`, `h_{t-1}`, `\tilde{C}_t`,
// `C~_t`, `recurrent_kernel`. A scanner, not a regex (it replaced one with alternatives that
// overlap under a `*`, which VS Code's getWordRangeAtPosition re-ran from every window start):
// it reads the line once, left to right, and never re-reads past a `_{` that has no `}`.
// Pure (no VS Code): hover.ts uses it, the unit tests too.
//
// What counts as a name (the regex it replaced, for reference):
//   \\(?:tilde|widetilde|hat)\{[A-Za-z]+\}(?:_\{[^}\s]*\}|_[A-Za-z0-9]+)?
//   | [A-Za-z][A-Za-z0-9]*(?:~?_\{[^}\s]*\}|~?_[A-Za-z0-9]+|~)*

/** Lines longer than this are only read this far either side of the cursor. */
export const NAME_WINDOW = 1000;

const ACCENTS = ['tilde', 'widetilde', 'hat'];

/** The [start, end) of the name whose span holds `character` (its end included), or undefined. */
export function nameRangeAt(line: string, character: number): { start: number; end: number } | undefined {
  const from = Math.max(0, character - NAME_WINDOW);
  const to = Math.min(line.length, character + NAME_WINDOW);
  const scan = new NameScanner(line, to);
  let i = from;
  while (i < to && i <= character) {
    const end = scan.matchAt(i);
    if (end < 0) { i++; continue; }
    if (i <= character && character <= end) return { start: i, end };
    i = end > i ? end : i + 1;
  }
  return undefined;
}

class NameScanner {
  /** First `}` or white space at or after `stopFrom`, found once and re-used (scans only go forward). */
  private stopFrom = -1;
  private stop = -1;

  constructor(private readonly s: string, private readonly to: number) {}

  /** End of the name starting exactly at `i`, or −1. */
  matchAt(i: number): number {
    const s = this.s;
    if (s.charCodeAt(i) === 92 /* \ */) return this.accented(i);
    if (!isLetter(s.charCodeAt(i))) return -1;
    let j = i + 1;
    while (j < this.to && isAlnum(s.charCodeAt(j))) j++;
    for (;;) {
      const tilde = s.charCodeAt(j) === 126 /* ~ */ && j < this.to;
      const q = tilde ? j + 1 : j;
      const sub = this.subscript(q);
      if (sub > 0) { j = sub; continue; }
      if (tilde) { j++; continue; }
      return j;
    }
  }

  /** `\tilde{C}` (or widetilde, hat), with an optional subscript, at `i`; or −1. */
  private accented(i: number): number {
    const s = this.s;
    for (const a of ACCENTS) {
      if (!s.startsWith(a, i + 1)) continue;
      let j = i + 1 + a.length;
      if (s.charCodeAt(j) !== 123 /* { */) return -1;
      const letters = ++j;
      while (j < this.to && isLetter(s.charCodeAt(j))) j++;
      if (j === letters || s.charCodeAt(j) !== 125 /* } */ || j >= this.to) return -1;
      j++;
      const sub = this.subscript(j);
      return sub > 0 ? sub : j;
    }
    return -1;
  }

  /** `_{…}` (no `}` or white space inside) or `_x1` at `q`: its end, or −1. */
  private subscript(q: number): number {
    const s = this.s;
    if (q >= this.to || s.charCodeAt(q) !== 95 /* _ */) return -1;
    const c = s.charCodeAt(q + 1);
    if (c === 123 /* { */) {
      const stop = this.stopAfter(q + 2);
      if (stop < this.to && s.charCodeAt(stop) === 125) return stop + 1;
      return -1; // `_{` without its `}`: no subscript (and `_` + letters does not fit `{`)
    }
    if (q + 1 < this.to && isAlnum(c)) {
      let j = q + 2;
      while (j < this.to && isAlnum(s.charCodeAt(j))) j++;
      return j;
    }
    return -1;
  }

  /** The first `}` or white space at or after `p` (or `to`); each character is read once or twice. */
  private stopAfter(p: number): number {
    if (p >= this.stopFrom && p <= this.stop) return this.stop;
    let j = p;
    while (j < this.to && !isStop(this.s.charCodeAt(j))) {
      if (j === this.stopFrom) { j = this.stop; break; } // known from here on
      j++;
    }
    this.stopFrom = p;
    this.stop = j;
    return j;
  }
}

function isStop(c: number): boolean {
  return c === 125 /* } */ || isSpace(c);
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAlnum(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57);
}

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
