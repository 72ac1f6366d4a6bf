// Grades one submission against a key: the answers of each block set into the key's block and
// checked there (so the key's givens and options hold), each answer judged, its points from the key.
import type { BlockAnalysis, CheckResult, Range } from '../engine/types';
import { analyzeBlock } from '../engine/analyze';
import { formatInline } from '../engine/format';
import { inDocument } from '../markdown/blocks';
import { answersInKey, blockText, FENCE, matchNotes, type BlockPair, type ChangedGiven, type Note } from './gradeMatch';
import { judge, type Verdict } from './gradeVerdict';
import type { Scheme } from './gradeScheme';

export interface AnswerGrade {
  /** The key block's heading (`Question 1`). */
  readonly question: string;
  /** As the key writes the checked name (`C_t`); a second check of it is `C_t (2)`. */
  readonly check: string;
  /** Gradebook column: `Question 1: C_t`. */
  readonly id: string;
  readonly verdict: Verdict;
  readonly points: number;
  readonly max: number;
  readonly reason: string;
  /** The student's answer as written ('' for a blank). */
  readonly answer: string;
  /** Where the submission writes it (document lines, 0-based), when it does. */
  readonly range?: Range;
  readonly from?: readonly string[];
  readonly convention?: string;
}

export interface GivenFlag {
  readonly question: string;
  readonly name: string;
  readonly key?: string;
  readonly submission?: string;
  readonly range?: Range;
  /** `h_{t-1} was edited: the key gives [.76; …], yours [.7; …]; graded with the key's value`. */
  readonly message: string;
}

export interface Grade {
  readonly student: string;
  readonly answers: readonly AnswerGrade[];
  readonly flags: readonly GivenFlag[];
  /** What the grader could not pair, and key checks that do not hold (graded against their computed value). */
  readonly notes: readonly string[];
  readonly total: number;
  readonly max: number;
}

/** Marks are kept to hundredths: 2 × 0.75 × 3/4 is 1.13, not 1.125 written differently per surface. */
const hundredths = (x: number) => Math.round(x * 100) / 100;

export function gradeSubmission(key: Note, submission: Note, scheme: Scheme, student: string): Grade {
  const answers: AnswerGrade[] = [];
  const flags: GivenFlag[] = [];
  const notes: string[] = [];
  const pairs = matchNotes(key, submission);
  for (const pair of pairs) {
    const question = pair.key.label;
    if (!pair.submission) notes.push(`${question}: the submission has no ${pair.key.block.kind} block for it; every answer is blank`);
    for (const c of pair.changed) flags.push(flag(question, c, pair));
    notes.push(...keyProblems(pair));
    answers.push(...gradeBlock(pair, scheme));
  }
  const extra = submission.blocks.length - pairs.filter((p) => p.submission).length;
  if (extra > 0)
    notes.push(
      `${extra} block${extra > 1 ? 's' : ''} of the submission answer no block of the key and ${extra > 1 ? 'are' : 'is'} not graded`,
    );
  const total = hundredths(answers.reduce((s, a) => s + a.points, 0));
  return { student, answers, flags, notes, total, max: hundredths(answers.reduce((s, a) => s + a.max, 0)) };
}

function gradeBlock(pair: BlockPair, scheme: Scheme): AnswerGrade[] {
  const { block, lines } = answersInKey(pair);
  const graded = analyzeBlock(block);
  const checkAt = (line: number) => graded.checks.find((r) => r.range.start.line === line);
  const keyOf = new Map<string, { name: string; text: string }>();
  pair.checks.forEach((c) => {
    if (c.key.key && !keyOf.has(c.key.key)) keyOf.set(c.key.key, { name: c.name, text: c.answerText });
  });
  const counts = new Map<string, number>();
  for (const c of pair.checks) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const precision = pair.key.analysis.options.precision;
  return pair.checks.map((c, i) => {
    const result = c.unreadable ? undefined : checkAt(lines[i]);
    const problem = c.unreadable ?? problemAt(graded, lines[i]);
    const keyText = c.key.valueRange ? blockText(pair.key.block, c.key.valueRange) : '';
    const j = judge({
      name: c.name,
      text: c.answerText,
      keyText,
      result,
      problem,
      scheme,
      step: (k) => keyOf.get(k),
      precision,
      options: pair.key.analysis.options,
    });
    const max = c.key.points ?? 1;
    const check = counts.get(c.name)! > 1 ? `${c.name} (${c.occurrence})` : c.name;
    const sub = pair.submission?.block;
    return {
      question: pair.key.label,
      check,
      id: `${pair.key.label}: ${check}`,
      verdict: j.verdict,
      points: hundredths(max * j.credit),
      max,
      reason: j.reason,
      answer: c.answerText,
      ...(c.answer && sub ? { range: inDocument(c.answer.range, sub.line) } : {}),
      ...(j.from ? { from: j.from } : {}),
      ...(j.convention ? { convention: `${j.convention.option}=${j.convention.value}` } : {}),
    };
  });
}

/** The first error the engine gave at the answer's statement (a name it does not know, a shape). */
function problemAt(a: BlockAnalysis, line: number): string | undefined {
  return a.diagnostics.find((d) => d.severity === 'error' && d.code !== 'check' && d.range.start.line === line)?.message;
}

function flag(question: string, c: ChangedGiven, pair: BlockPair): GivenFlag {
  const range = c.range && pair.submission ? inDocument(c.range, pair.submission.block.line) : undefined;
  const message =
    c.submission === undefined
      ? `${c.name} was removed: the key gives ${c.key}; graded with the key's value`
      : c.key === undefined
        ? `${c.name} = ${c.submission} was added; the key has no such given, so it is not used`
        : `${c.name} ${c.name === FENCE ? 'were' : 'was'} edited: the key gives ${c.key}, yours is ${c.submission}; graded with the key's value`;
  return { question, name: c.name, key: c.key, submission: c.submission, ...(range ? { range } : {}), message };
}

/** A key check that fails is graded against the value its block computes, and said once per check. */
function keyProblems(pair: BlockPair): string[] {
  const a = pair.key.analysis;
  return a.checks
    .filter((r: CheckResult) => !r.pass && r.computed && !r.formula)
    .map(
      (r) =>
        `${pair.key.label}: the key's ${r.written} does not hold (it computes to ${formatInline(r.computed!, a.options.precision, a.options.layout)}); answers are graded against the computed value`,
    );
}
