// What the editor shows on an open submission: one diagnostic per answer (its verdict, points and
// reason) and one per change to the question, in document coordinates. A note that answers none of
// the key's checks is no submission of it, and gets none.
import type { Range, Severity } from '../engine/types';
import { readNote } from './gradeMatch';
import { gradeSubmission } from './grade';
import { DEFAULT_SCHEME, type Scheme } from './gradeScheme';
import { markLine } from './gradeReport';

export interface GradingDiagnostic {
  readonly range: Range;
  readonly severity: Severity;
  readonly message: string;
}

export function gradingDiagnostics(keyText: string, submissionText: string, scheme: Scheme = DEFAULT_SCHEME): GradingDiagnostic[] {
  const grade = gradeSubmission(readNote(keyText), readNote(submissionText), scheme, 'this submission');
  const answered = grade.answers.filter((a) => a.range && a.verdict !== 'blank');
  if (!answered.length) return [];
  const out: GradingDiagnostic[] = [];
  for (const a of grade.answers) {
    if (!a.range) continue;
    const right = a.verdict === 'correct' || a.verdict === 'rounding';
    out.push({ range: a.range, severity: right ? 'info' : 'warning', message: `grading: ${markLine(a)}` });
  }
  for (const f of grade.flags) if (f.range) out.push({ range: f.range, severity: 'warning', message: `grading: ${f.message}` });
  return out;
}
