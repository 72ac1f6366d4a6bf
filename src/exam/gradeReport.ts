// A grade written out: the student's report in Markdown (a reason for every mark), the gradebook
// CSV (one row per student, one column per check) and the JSON an LMS import reads.
import type { AnswerGrade, Grade } from './grade';
import type { Scheme } from './gradeScheme';

/** `1.5/2` */
export const marks = (points: number, max: number) => `${points}/${max}`;

/** `C_t: 1.5/2 — error carried forward from i_t (…)`: one mark and its reason. */
export function markLine(a: AnswerGrade): string {
  return `${a.check}: ${marks(a.points, a.max)} — ${a.reason}`;
}

/** One question's marks, in the key's order. */
export interface QuestionMarks {
  readonly question: string;
  readonly answers: readonly AnswerGrade[];
}

/** What a student's report says, whichever page it is written as (Markdown or HTML). */
export interface ReportOutline {
  /** `Ada: 11/13` */
  readonly title: string;
  /** Each change to the question's givens, `Question 1: h_{t-1} was edited: …`. */
  readonly flags: readonly string[];
  readonly questions: readonly QuestionMarks[];
  readonly notes: readonly string[];
  readonly scheme: string;
}

/** The grade walked once for both reports: a question starts where an answer's question differs from the one before it. */
export function reportOutline(g: Grade, scheme: Scheme): ReportOutline {
  const questions: { question: string; answers: AnswerGrade[] }[] = [];
  for (const a of g.answers) {
    const last = questions[questions.length - 1];
    if (last && last.question === a.question) last.answers.push(a);
    else questions.push({ question: a.question, answers: [a] });
  }
  return {
    title: `${g.student}: ${marks(g.total, g.max)}`,
    flags: g.flags.map((f) => `${f.question}: ${f.message}`),
    questions,
    notes: g.notes,
    scheme: schemeLine(scheme),
  };
}

export function markdownReport(g: Grade, scheme: Scheme): string {
  const r = reportOutline(g, scheme);
  const out = [`# ${r.title}`, ''];
  if (r.flags.length)
    out.push('**The question was changed** (every answer is graded with the key’s values):', '', ...r.flags.map((f) => `- ${f}`), '');
  for (const [i, q] of r.questions.entries()) {
    if (i > 0) out.push('');
    out.push(`## ${q.question}`, '', ...q.answers.map((a) => `- ${markLine(a)}`));
  }
  if (r.notes.length) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  out.push('', r.scheme, '');
  return out.join('\n');
}

export function schemeLine(s: Scheme): string {
  return `Scheme: points per check from the key (1 when it gives none); error carried forward earns ${s.ecf} of them, another convention ${s.convention}, transposed ${s.transposed}; a wrong answer earns the fraction of its elements that are right.`;
}

/** One row per student; the columns are the key's checks (the first grade's, which every grade of one key shares). */
export function gradebookCsv(grades: readonly Grade[]): string {
  const columns = grades[0]?.answers.map((a) => a.id) ?? [];
  const max = grades[0]?.answers.map((a) => String(a.max)) ?? [];
  const rows = [
    ['student', ...columns, 'total', 'flags'],
    ['(points)', ...max, String(grades[0]?.max ?? 0), ''],
    ...grades.map((g) => [g.student, ...g.answers.map((a) => String(a.points)), String(g.total), String(g.flags.length)]),
  ];
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting; a field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is quoted with a leading '. */
function csvField(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function gradesJson(grades: readonly Grade[], scheme: Scheme): string {
  return JSON.stringify({ scheme, students: grades }, null, 2) + '\n';
}
