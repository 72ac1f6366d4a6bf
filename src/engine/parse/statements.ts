// Splits a block into statements: one per line, continued while a bracket or a LaTeX
// environment is open (numpy print-outs paste as-is); `#` and `//` start comments.
import type { BlockLine, Position, Range } from '../types';

export interface Segment {
  readonly line: number;
  readonly character: number; // document column of the segment's first character
  readonly offset: number;    // offset of the segment in the statement text
  readonly length: number;
}

/** A piece of block text with a map back to document positions. */
export class SourceText {
  constructor(readonly text: string, private readonly segments: readonly Segment[]) {}

  position(offset: number): Position {
    const segs = this.segments;
    let seg = segs[0];
    for (const s of segs) {
      if (s.offset <= offset) seg = s;
      else break;
    }
    const within = Math.max(0, Math.min(offset - seg.offset, seg.length));
    return { line: seg.line, character: seg.character + within };
  }

  range(start: number, end: number): Range {
    // Trim white space so a range covers exactly the written token.
    while (start < end && /\s/.test(this.text[start])) start++;
    while (end > start && /\s/.test(this.text[end - 1])) end--;
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  slice(start: number, end: number): SourceText {
    const segs: Segment[] = [];
    for (const s of this.segments) {
      const a = Math.max(start, s.offset);
      const b = Math.min(end, s.offset + s.length);
      if (b < a || (b === a && segs.length > 0)) continue;
      segs.push({ line: s.line, character: s.character + (a - s.offset), offset: a - start, length: b - a });
    }
    if (!segs.length) segs.push({ ...this.segments[0], offset: 0, length: 0 });
    return new SourceText(this.text.slice(start, end), segs);
  }
}

interface StatementParts {
  readonly source: SourceText;
  readonly lhs: SourceText;
  readonly rhs: SourceText;
  readonly range: Range;
}
export type AssignStatement = StatementParts & { readonly type: 'assign' };
export type CheckStatement = StatementParts & { readonly type: 'check' };
export interface InvalidStatement { readonly type: 'invalid'; readonly source: SourceText; readonly range: Range; readonly message: string }
export type Statement = AssignStatement | CheckStatement | InvalidStatement;

/** The code part of a line (comments removed), as [start, end) in the line. */
function codeSpan(text: string): number {
  let end = text.length;
  const hash = text.indexOf('#');
  if (hash >= 0) end = hash;
  const slashes = text.indexOf('//');
  if (slashes >= 0 && slashes < end) end = slashes;
  return end;
}

function depthChange(code: string): number {
  let d = 0;
  let text = code;
  if (code.includes('\\')) {
    // \begin{…} opens and \end{…} closes; their own braces do not count.
    text = code.replace(/\\(begin|end)\s*\{[^{}]*\}/g, (_m, w: string) => {
      d += w === 'begin' ? 1 : -1;
      return ' ';
    });
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 40 || c === 123) d++;        // [ ( {
    else if (c === 93 || c === 41 || c === 125) d--;   // ] ) }
  }
  return d;
}

export function splitStatements(lines: readonly BlockLine[]): Statement[] {
  const out: Statement[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i];
    const firstEnd = codeSpan(first.text);
    if (first.text.slice(0, firstEnd).trim() === '') { i++; continue; }
    const segments: Segment[] = [];
    let text = '';
    let depth = 0;
    for (;;) {
      const l = lines[i];
      const end = codeSpan(l.text);
      const code = l.text.slice(0, end);
      if (segments.length) text += '\n';
      segments.push({ line: l.line, character: l.character, offset: text.length, length: code.length });
      text += code;
      depth += depthChange(code);
      i++;
      if (depth <= 0 || i >= lines.length) break;
    }
    const source = new SourceText(text, segments);
    const range = source.range(0, text.length);
    out.push(classify(source, range));
  }
  return out;
}

function classify(source: SourceText, range: Range): Statement {
  const t = source.text;
  let depth = 0;
  for (let k = 0; k < t.length; k++) {
    const ch = t[k];
    if (ch === '[' || ch === '(' || ch === '{') depth++;
    else if (ch === ']' || ch === ')' || ch === '}') depth--;
    else if (depth === 0 && ch === '?' && t[k + 1] === '=') {
      return { type: 'check', source, lhs: source.slice(0, k), rhs: source.slice(k + 2, t.length), range };
    } else if (depth === 0 && ch === '=' && t[k + 1] !== '=' && !'<>!=:'.includes(t[k - 1] ?? '')) {
      return { type: 'assign', source, lhs: source.slice(0, k), rhs: source.slice(k + 1, t.length), range };
    }
  }
  if (depth > 0) {
    return { type: 'invalid', source, range, message: 'a bracket or \\begin{…} is never closed before the block ends; close it' };
  }
  return {
    type: 'invalid', source, range,
    message: `expected \`NAME = value\` (a given) or \`NAME ?= value\` (a check), found \`${truncate(t.trim())}\``,
  };
}

export function truncate(s: string, n = 40): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}
