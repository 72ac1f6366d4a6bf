// Splits a block into statements: one per line, continued while a bracket or a LaTeX
// environment is open (numpy print-outs paste as-is); `#` and `//` start comments.
import type { BlockLine, Position, Range } from '../types';

export interface Segment {
  readonly line: number;
  readonly character: number; // document column of the segment's first character
  readonly offset: number; // offset of the segment in the statement text
  readonly length: number;
}

/** 0 to 9. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Exactly the characters of the regex class `\s`, by code (a regex per character was a hot spot). */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff)
  );
}

/** Past the white space (`\\s`) from `i`, at most to `end`. */
export function skipSpace(text: string, i: number, end = text.length): number {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** A piece of block text with a map back to document positions. */
export class SourceText {
  private constructor(
    readonly text: string,
    private readonly line: number,
    private readonly character: number,
    private readonly length: number,
    // The document lines of a statement that spans several. Most statements are one line, whose
    // start (line, character) and length are kept in fields instead: no array and no segment
    // object for each statement and each of its sides.
    private readonly segments?: readonly Segment[],
  ) {}

  /** Text from one document line, starting at (line, character), `length` characters of it mapped. */
  static oneLine(text: string, line: number, character: number, length: number): SourceText {
    return new SourceText(text, line, character, length);
  }

  static lines(text: string, segments: readonly Segment[]): SourceText {
    const s = segments[0];
    return segments.length === 1 && s.offset === 0
      ? new SourceText(text, s.line, s.character, s.length)
      : new SourceText(text, 0, 0, 0, segments);
  }

  position(offset: number): Position {
    const segs = this.segments;
    if (!segs) return { line: this.line, character: this.character + Math.max(0, Math.min(offset, this.length)) };
    // The last segment starting at or before `offset`, by bisection: a statement of 100,000
    // lines has as many segments, and every name in it may ask for its position.
    let lo = 0,
      hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segs[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const seg = segs[lo];
    const within = Math.max(0, Math.min(offset - seg.offset, seg.length));
    return { line: seg.line, character: seg.character + within };
  }

  /** The range of the whole text (its white space trimmed, like every range). */
  whole(): Range {
    return this.range(0, this.text.length);
  }

  range(start: number, end: number): Range {
    // Trim white space so a range covers exactly the written token.
    while (start < end && isSpace(this.text.charCodeAt(start))) start++;
    while (end > start && isSpace(this.text.charCodeAt(end - 1))) end--;
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  slice(start: number, end: number): SourceText {
    if (!this.segments) {
      const b = Math.min(end, this.length);
      return b < start
        ? SourceText.oneLine(this.text.slice(start, end), this.line, this.character, 0)
        : SourceText.oneLine(this.text.slice(start, end), this.line, this.character + start, b - start);
    }
    const segs: Segment[] = [];
    for (const s of this.segments) {
      const a = Math.max(start, s.offset);
      const b = Math.min(end, s.offset + s.length);
      if (b < a || (b === a && segs.length > 0)) continue;
      segs.push({ line: s.line, character: s.character + (a - s.offset), offset: a - start, length: b - a });
    }
    if (!segs.length) segs.push({ ...this.segments[0], offset: 0, length: 0 });
    return SourceText.lines(this.text.slice(start, end), segs);
  }
}

interface StatementParts {
  readonly source: SourceText;
  readonly lhs: SourceText;
  readonly rhs: SourceText;
  readonly range: Range;
}
export type AssignStatement = StatementParts & { readonly type: 'assign' };
export type CheckStatement = StatementParts & {
  readonly type: 'check';
  /** The points of a trailing `{points=N}` (an exam key's marking scheme): no part of the value. */
  readonly points?: number;
  /** A trailing `{…=…}` that is no attribute a check takes: said, and left out of the value. */
  readonly attributeProblem?: { readonly message: string; readonly range: Range };
};
export interface InvalidStatement {
  readonly type: 'invalid';
  readonly source: SourceText;
  readonly range: Range;
  readonly message: string;
}
export type Statement = AssignStatement | CheckStatement | InvalidStatement;

/** The end of a line's code: where its first comment (`#` or `//`) starts, or its length. */
function codeEnd(text: string): number {
  let end = text.length;
  const hash = text.indexOf('#');
  if (hash >= 0) end = hash;
  const slashes = text.indexOf('//');
  if (slashes >= 0 && slashes < end) end = slashes;
  return end;
}

/**
 * The characters that move the bracket depth, found by the regex engine: a 4 MB line of numbers
 * holds a handful, and the regex skips the rest faster than a loop over character codes.
 */
const DEPTH_CHAR = /[[\](){}\\]/g;
/** `\begin{…}` or `\end{…}` at a backslash: they open and close, their own braces do not count. */
const ENVIRONMENT = /\\(begin|end)\s*\{[^{}]*\}/y;

/** How far the code `text[0, end)` moves the bracket depth. */
function depthChange(text: string, end: number): number {
  // A short line (most) is read by character codes: for it the regex's set-up costs more than it saves.
  if (end <= 256) return depthChangeShort(text, end);
  let d = 0;
  DEPTH_CHAR.lastIndex = 0;
  while (DEPTH_CHAR.test(text)) {
    const at = DEPTH_CHAR.lastIndex - 1;
    if (at >= end) break;
    const c = text.charCodeAt(at);
    if (c === 91 || c === 40 || c === 123)
      d++; // [ ( {
    else if (c === 93 || c === 41 || c === 125)
      d--; // ] ) }
    else {
      ENVIRONMENT.lastIndex = at;
      const m = ENVIRONMENT.exec(text);
      if (m && ENVIRONMENT.lastIndex <= end) {
        d += m[1] === 'begin' ? 1 : -1;
        DEPTH_CHAR.lastIndex = ENVIRONMENT.lastIndex;
      }
    }
  }
  return d;
}

function depthChangeShort(text: string, end: number): number {
  let d = 0;
  for (let at = 0; at < end; at++) {
    const c = text.charCodeAt(at);
    if (c === 91 || c === 40 || c === 123)
      d++; // [ ( {
    else if (c === 93 || c === 41 || c === 125)
      d--; // ] ) }
    else if (c === 92) {
      // \begin{…} / \end{…}: their own braces do not count
      ENVIRONMENT.lastIndex = at;
      const m = ENVIRONMENT.exec(text);
      if (m && ENVIRONMENT.lastIndex <= end) {
        d += m[1] === 'begin' ? 1 : -1;
        at = ENVIRONMENT.lastIndex - 1;
      }
    }
  }
  return d;
}

export function splitStatements(lines: readonly BlockLine[]): Statement[] {
  const out: Statement[] = [];
  const ends = lines.map((l) => codeEnd(l.text));
  let i = 0;
  while (i < lines.length) {
    if (isBlank(lines[i].text, ends[i])) {
      i++;
      continue;
    }
    const first = lines[i],
      firstEnd = ends[i];
    let depth = depthChange(first.text, firstEnd);
    i++;
    let source: SourceText;
    if (depth <= 0 || i >= lines.length) {
      // One line (most statements): no arrays to grow; a line without a comment is its own code.
      const code = firstEnd === first.text.length ? first.text : first.text.slice(0, firstEnd);
      source = SourceText.oneLine(code, first.line, first.character, firstEnd);
    } else {
      const segments: Segment[] = [{ line: first.line, character: first.character, offset: 0, length: firstEnd }];
      const codes: string[] = [first.text.slice(0, firstEnd)];
      let offset = firstEnd + 1;
      for (;;) {
        const l = lines[i],
          end = ends[i];
        segments.push({ line: l.line, character: l.character, offset, length: end });
        codes.push(l.text.slice(0, end));
        offset += end + 1;
        depth += depthChange(l.text, end);
        i++;
        if (depth <= 0 || i >= lines.length) break;
      }
      // One join, not a string grown line by line: a numpy print-out becomes one flat string, which
      // the literal scanner reads by character codes without walking a rope.
      source = SourceText.lines(codes.join('\n'), segments);
    }
    out.push(classify(source));
  }
  return out;
}

/** Whether text[0, end) is all white space (a blank or comment-only line), without a copy. */
function isBlank(text: string, end: number): boolean {
  for (let k = 0; k < end; k++) if (!isSpace(text.charCodeAt(k))) return false;
  return true;
}

function classify(source: SourceText): Statement {
  const t = source.text;
  let depth = 0;
  for (let k = 0; k < t.length; k++) {
    const ch = t[k];
    if (ch === '[' || ch === '(' || ch === '{') depth++;
    else if (ch === ']' || ch === ')' || ch === '}') depth--;
    else if (depth === 0 && ch === '?' && t[k + 1] === '=') {
      return checkStatement(source, k);
    } else if (depth === 0 && ch === '=' && t[k + 1] !== '=' && !'<>!=:'.includes(t[k - 1] ?? '')) {
      return new Parsed('assign', source, source.slice(0, k), source.slice(k + 1, t.length)) as AssignStatement;
    }
  }
  const message =
    depth > 0
      ? 'a bracket or \\begin{…} is never closed before the block ends; close it'
      : `expected \`NAME = value\` (a given) or \`NAME ?= value\` (a check), found \`${truncate(t.trim())}\``;
  return { type: 'invalid', source, range: source.whole(), message };
}

/** The word of an attribute (`points` in `{points=2}`). */
const ATTRIBUTE_NAME = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*$/;

/** A check whose `?=` is at `at`; a trailing attribute (`{points=2}`) is taken off its right side. */
function checkStatement(source: SourceText, at: number): CheckStatement {
  const t = source.text;
  const lhs = source.slice(0, at);
  const attribute = trailingAttribute(t, at + 2);
  if (!attribute) return new Parsed('check', source, lhs, source.slice(at + 2, t.length)) as CheckStatement;
  const { start, name, value } = attribute;
  const rhs = source.slice(at + 2, start);
  const points = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(value) ? Number(value) : undefined;
  if (name === 'points' && points !== undefined) return new Parsed('check', source, lhs, rhs, points) as CheckStatement;
  const written = truncate(t.slice(start).trim());
  const message =
    name === 'points'
      ? `\`${written}\`: points must be a number of 0 or more, as in \`{points=2}\`; the check is kept without it`
      : `\`${written}\` is no attribute of a check; write \`{points=N}\` to give its points in an exam key (the check is kept without it)`;
  return new Parsed('check', source, lhs, rhs, undefined, { message, range: source.range(start, t.length) }) as CheckStatement;
}

/**
 * `{word=value}` closing `t` (after `from`): by hand, not a regex, whose search from every brace
 * of a long print-out would not be linear. A brace group without `=` (`\end{bmatrix}`) is none.
 */
function trailingAttribute(t: string, from: number): { start: number; name: string; value: string } | undefined {
  let last = t.length - 1;
  while (last > from && isSpace(t.charCodeAt(last))) last--;
  if (t.charCodeAt(last) !== 125) return undefined; // }
  const open = t.lastIndexOf('{', last);
  if (open < from || t.lastIndexOf('}', last - 1) > open) return undefined;
  const inner = t.slice(open + 1, last);
  const eq = inner.indexOf('=');
  const name = eq < 0 ? null : ATTRIBUTE_NAME.exec(inner.slice(0, eq));
  if (!name) return undefined;
  return { start: open, name: name[1], value: inner.slice(eq + 1).trim() };
}

/**
 * A given or a check. Its range is worked out when read: a check's is kept in its result, but a
 * given's only serves a note that points at the whole statement.
 */
class Parsed {
  #range: Range | undefined;
  constructor(
    readonly type: 'assign' | 'check',
    readonly source: SourceText,
    readonly lhs: SourceText,
    readonly rhs: SourceText,
    readonly points?: number,
    readonly attributeProblem?: CheckStatement['attributeProblem'],
  ) {}

  get range(): Range {
    return (this.#range ??= this.source.whole());
  }
}

/**
 * `s` on one line (each run of white space one space) and at most `n` characters: cut with `…`.
 * Reads only as far as it needs, so a 100 kB text costs no more than a short one.
 */
export function truncate(s: string, n = 40): string {
  let out = '';
  let run = 0; // start of the characters not yet copied to `out`
  let length = 0; // characters of the result so far (copied or not)
  for (let i = 0; i < s.length; i++) {
    if (!isSpace(s.charCodeAt(i))) {
      length++;
      if (length > n) return (out + s.slice(run, i)).slice(0, n - 1) + '…';
      continue;
    }
    let j = i + 1;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    out += s.slice(run, i) + ' ';
    run = j;
    length++;
    if (length > n) return out.slice(0, n - 1) + '…';
    i = j - 1;
  }
  return out + s.slice(run);
}
