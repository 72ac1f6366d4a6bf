// Pairs a key note with a submission: blocks by order and kind, checks by name and occurrence
// (the second `C_t ?=` of a block with the second), givens by name. What the student changed of
// the question (a given, a fence option) is listed, and the answers are set into the key's own
// block, so every answer is graded against the key's givens and options whatever the copy says.
import type { Block, BlockAnalysis, BlockLine, IndexedStatement, Quantity, Range } from '../engine/types';
import { analyzeBlock } from '../engine/analyze';
import { findBlocks, splitLines } from '../markdown/blocks';

export interface NoteBlock {
  readonly block: Block;
  readonly analysis: BlockAnalysis;
  /** The heading the block is under (`Question 2 (t = 2)`), or `block N`. */
  readonly label: string;
}

export interface Note {
  readonly lines: readonly string[];
  readonly blocks: readonly NoteBlock[];
}

/** A check of the key with the submission's statement that answers it, if any. */
export interface CheckPair {
  readonly key: IndexedStatement;
  /** As the key writes the checked name (`C_t`). */
  readonly name: string;
  /** 1 for the first check of this name in its block, 2 for the second… */
  readonly occurrence: number;
  readonly answer?: IndexedStatement;
  /** The answer's right side as written (comments removed), '' for a blank. */
  readonly answerText: string;
  /** Why the answer cannot be set into the key's block (a bracket it never closes). */
  readonly unreadable?: string;
}

/** A given the submission does not state as the key does, or a fence option it changed. */
export interface ChangedGiven {
  readonly name: string;
  readonly key?: string;
  readonly submission?: string;
  /** Where the submission writes it (block-relative), when it does. */
  readonly range?: Range;
}

/** The name a changed fence line is listed under. */
export const FENCE = 'the fence options';

export interface BlockPair {
  readonly key: NoteBlock;
  readonly submission?: NoteBlock;
  readonly checks: readonly CheckPair[];
  readonly changed: readonly ChangedGiven[];
}

export function readNote(text: string): Note {
  const lines = splitLines(text);
  const blocks = findBlocks(text, lines);
  return {
    lines,
    blocks: blocks.map((block, i) => ({
      block,
      analysis: analyzeBlock(block),
      label: headingAbove(lines, block.line) ?? `block ${i + 1}`,
    })),
  };
}

function headingAbove(lines: readonly string[], line: number): string | undefined {
  for (let l = line - 1; l >= 0; l--) {
    const text = atxHeading(lines[l]);
    if (text) return text;
  }
  return undefined;
}

/** The text of an ATX heading line (`## Question 1 ##` → `Question 1`), read by hand: no regex to backtrack. */
function atxHeading(line: string): string | undefined {
  let i = 0;
  while (i < 3 && line[i] === ' ') i++;
  let hashes = 0;
  while (line[i + hashes] === '#') hashes++;
  if (hashes < 1 || hashes > 6 || (line[i + hashes] !== ' ' && line[i + hashes] !== '\t')) return undefined;
  let text = line.slice(i + hashes).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  text = text.slice(0, end).trim();
  return text || undefined;
}

/** Each key block with the submission's next block of the same kind (a scratch block of another kind is skipped). */
export function matchNotes(key: Note, submission: Note): BlockPair[] {
  let next = 0;
  return key.blocks.map((k) => {
    let j = next;
    while (j < submission.blocks.length && submission.blocks[j].block.kind !== k.block.kind) j++;
    const s = submission.blocks[j];
    if (s) next = j + 1;
    return pairBlocks(k, s);
  });
}

/** Checks and placeholders are both `check` statements: a blank answer is one. */
const isCheck = (s: IndexedStatement) => s.kind === 'check';
const nameOf = (s: IndexedStatement) => s.key ?? (s.written ?? '').replace(/\s+/g, '');

function pairBlocks(key: NoteBlock, submission: NoteBlock | undefined): BlockPair {
  const seen = new Map<string, number>();
  const used = new Set<IndexedStatement>();
  const checks = key.analysis.statements.filter(isCheck).map((k) => {
    const name = nameOf(k);
    const occurrence = (seen.get(name) ?? 0) + 1;
    seen.set(name, occurrence);
    const answers = submission?.analysis.statements.filter((s) => isCheck(s) && nameOf(s) === name) ?? [];
    const answer = answers[occurrence - 1];
    if (answer) used.add(answer);
    const answerText = answer?.valueRange && submission ? blockText(submission.block, answer.valueRange) : '';
    const unreadable = opened(answerText) > 0 ? 'a bracket of your answer is never closed, so it runs into the lines after it' : undefined;
    return { key: k, name: k.written ?? name, occurrence, answer, answerText, ...(unreadable ? { unreadable } : {}) };
  });
  return { key, submission, checks, changed: submission ? changedGivens(key, submission) : [] };
}

/** Brackets opened and not closed in `text`. */
function opened(text: string): number {
  let depth = 0;
  for (const ch of text) depth += ch === '[' || ch === '(' || ch === '{' ? 1 : ch === ']' || ch === ')' || ch === '}' ? -1 : 0;
  return depth;
}

/** The text of a block-relative range, from the block's own lines (list and quote prefixes removed). */
export function blockText(block: Block, r: Range): string {
  const out: string[] = [];
  for (const l of block.lines) {
    if (l.line < r.start.line || l.line > r.end.line) continue;
    const from = l.line === r.start.line ? r.start.character - l.character : 0;
    const to = l.line === r.end.line ? r.end.character - l.character : l.text.length;
    out.push(l.text.slice(Math.max(0, from), Math.max(0, to)));
  }
  return out.join('\n').trim();
}

function changedGivens(key: NoteBlock, submission: NoteBlock): ChangedGiven[] {
  const out: ChangedGiven[] = [];
  if (normal(key.block.info) !== normal(submission.block.info)) {
    out.push({
      name: FENCE,
      key: key.block.info || '(none)',
      submission: submission.block.info || '(none)',
      range: submission.block.infoRange,
    });
  }
  const givens = (n: NoteBlock) => n.analysis.statements.filter((s) => (s.kind === 'given' || s.kind === 'size') && s.key !== undefined);
  const theirs = new Map(givens(submission).map((s) => [s.key!, s]));
  for (const k of givens(key)) {
    const s = theirs.get(k.key!);
    theirs.delete(k.key!);
    const keyText = blockText(key.block, k.valueRange!);
    if (!s) {
      out.push({ name: k.written ?? k.key!, key: keyText });
      continue;
    }
    const subText = blockText(submission.block, s.valueRange!);
    if (normal(keyText) !== normal(subText) && !sameValue(key.analysis, submission.analysis, k.key!)) {
      out.push({ name: k.written ?? k.key!, key: keyText, submission: subText, range: s.range });
    }
  }
  for (const s of theirs.values())
    out.push({ name: s.written ?? s.key!, submission: blockText(submission.block, s.valueRange!), range: s.range });
  return out;
}

const normal = (t: string) => t.replace(/\s+/g, ' ').trim();

/** The same numbers written another way (`[1, 2]` for `[1; 2]`, `0.50` for `.5`). */
function sameValue(a: BlockAnalysis, b: BlockAnalysis, key: string): boolean {
  const given = (x: BlockAnalysis): Quantity | undefined => x.quantities.find((q) => q.name === key && q.origin === 'given');
  const p = given(a)?.value,
    q = given(b)?.value;
  if (!p || !q || p.data.length !== q.data.length) return false;
  if (!(p.rows === q.rows || p.rows === 1 || p.cols === 1)) return false;
  return p.data.every((v, i) => v === q.data[i]);
}

/**
 * The key's block with each of its checks' statements replaced by the submission's answer (or a
 * blank `NAME ?=`), and the block-relative line where each answer now starts.
 */
export function answersInKey(pair: BlockPair): { block: Block; lines: number[] } {
  const key = pair.key.block;
  const byLine = new Map(pair.checks.map((c) => [c.key.range.start.line, c]));
  const content: string[] = [];
  const starts: number[] = [];
  const sub = pair.submission?.block;
  let skipTo = -1;
  for (const l of key.lines) {
    if (l.line <= skipTo) continue;
    const c = byLine.get(l.line);
    if (!c) {
      content.push(l.text);
      continue;
    }
    skipTo = c.key.range.end.line;
    starts.push(content.length + 1);
    const answer = c.answer;
    // An answer the reader could not take as one check (a bracket never closed) is left blank here,
    // so that it cannot swallow the key's lines after it; its verdict says why.
    if (!answer || !sub || !answer.valueRange || c.unreadable) content.push(`${c.name} ?=`);
    else content.push(...linesOf(sub.lines, answer.range));
  }
  const fence = '~'.repeat(12);
  const text = [`${fence}${key.kind} ${key.info}`, ...content, fence].join('\n');
  return { block: findBlocks(text)[0], lines: starts };
}

function linesOf(lines: readonly BlockLine[], r: Range): string[] {
  return lines.filter((l) => l.line >= r.start.line && l.line <= r.end.line).map((l) => l.text);
}
