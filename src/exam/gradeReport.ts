// A grade written out: the student's report in Markdown (a reason for every mark), the gradebook
// CSV (one row per student, one column per check) and the JSON an LMS import reads.
import type { Grade } from './grade';
import type { Scheme } from './gradeScheme';

/** `1.5/2` */
export const marks = (points: number, max: number) => `${points}/${max}`;

/** `C_t: 1.5/2 — error carried forward from i_t (…)`: one mark and its reason. */
export function markLine(a: Grade['answers'][number]): string {
  return `${a.check}: ${marks(a.points, a.max)} — ${a.reason}`;
}

export function markdownReport(g: Grade, scheme: Scheme): string {
  const out = [`# ${g.student}: ${marks(g.total, g.max)}`, ''];
  if (g.flags.length) {
    out.push('**The question was changed** (every answer is graded with the key’s values):', '');
    for (const f of g.flags) out.push(`- ${f.question}: ${f.message}`);
    out.push('');
  }
  let question: string | undefined;
  for (const a of g.answers) {
    if (a.question !== question) {
      if (question !== undefined) out.push('');
      question = a.question;
      out.push(`## ${question}`, '');
    }
    out.push(`- ${markLine(a)}`);
  }
  if (g.notes.length) out.push('', '## Notes', '', ...g.notes.map((n) => `- ${n}`));
  out.push('', schemeLine(scheme), '');
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
