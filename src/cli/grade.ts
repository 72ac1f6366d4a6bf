// `rnn-math grade KEY.md SUBMISSION.md… [--json] [-o DIR] [--ecf F] [--convention F] [--transposed F]`:
// each submission graded against the key; the Markdown reports on stdout, or with -o each
// student's report as .md and .html and the gradebook CSV in DIR; --json for an LMS import.
import * as fs from 'fs';
import * as path from 'path';
import { readNote as readFile, ioMessage } from './files';
import { readNote } from '../exam/gradeMatch';
import { gradeSubmission, type Grade } from '../exam/grade';
import { DEFAULT_SCHEME, readFraction, type Scheme } from '../exam/gradeScheme';
import { gradebookCsv, gradesJson, markdownReport } from '../exam/gradeReport';
import { htmlReport } from '../exam/gradeHtml';
import { parsedOrUsage } from './usage';

const USAGE = 'usage: rnn-math grade KEY.md SUBMISSION.md... [--json] [-o DIR] [--ecf F] [--convention F] [--transposed F]';

interface GradeArgs {
  key: string;
  submissions: string[];
  json: boolean;
  out?: string;
  scheme: Scheme;
}

function parseArgs(args: readonly string[]): GradeArgs | string {
  const files: string[] = [];
  let json = false;
  let out: string | undefined;
  const scheme: { -readonly [K in keyof Scheme]: number } = { ...DEFAULT_SCHEME };
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++k];
    if (flag === '--json') json = true;
    else if (flag === '-o' || flag === '--output') {
      out = value();
      if (!out) return `${flag} needs a folder`;
    } else if (flag === '--ecf' || flag === '--convention' || flag === '--transposed') {
      const name = flag.slice(2) as keyof Scheme;
      const v = readFraction(name, value());
      if (typeof v !== 'number') return v.error;
      scheme[name] = v;
    } else if (arg.startsWith('-') && arg !== '-') return `unknown option '${arg}'`;
    else files.push(arg);
  }
  if (files.length < 2) return files.length ? 'missing SUBMISSION.md (give the key first, then one or more submissions)' : 'missing KEY.md';
  return { key: files[0], submissions: files.slice(1), json, out, scheme };
}

export function runGrade(args: string[]): number {
  const parsed = parsedOrUsage('grade', USAGE, args, parseArgs);
  if (typeof parsed === 'number') return parsed;
  const keyText = readFile(parsed.key);
  if ('error' in keyText) return fail(`cannot read the key ${keyText.error}`);
  const key = readNote(keyText.text);
  if (!key.blocks.some((b) => b.analysis.statements.some((s) => s.kind === 'check'))) {
    return fail(`the key ${parsed.key} has no ?= check to grade; a key is the note with its answers written as checks`);
  }
  const grades: Grade[] = [];
  const names = studentNames(parsed.submissions);
  for (const [i, file] of parsed.submissions.entries()) {
    const sub = readFile(file);
    if ('error' in sub) return fail(`cannot read ${sub.error}`);
    grades.push(gradeSubmission(key, readNote(sub.text), parsed.scheme, names[i]));
  }
  if (parsed.out === undefined) {
    process.stdout.write(parsed.json ? gradesJson(grades, parsed.scheme) : grades.map((g) => markdownReport(g, parsed.scheme)).join('\n'));
    return 0;
  }
  try {
    fs.mkdirSync(parsed.out, { recursive: true });
    for (const g of grades) {
      const base = path.join(parsed.out, fileStem(g.student));
      fs.writeFileSync(`${base}.md`, markdownReport(g, parsed.scheme));
      fs.writeFileSync(`${base}.html`, htmlReport(g, parsed.scheme));
    }
    fs.writeFileSync(path.join(parsed.out, 'gradebook.csv'), gradebookCsv(grades));
    if (parsed.json) fs.writeFileSync(path.join(parsed.out, 'grades.json'), gradesJson(grades, parsed.scheme));
  } catch (e) {
    return fail(`cannot write to ${parsed.out}: ${ioMessage(e)}`);
  }
  for (const g of grades) {
    const flagged = g.flags.length ? ` (${g.flags.length} change${g.flags.length > 1 ? 's' : ''} to the question flagged)` : '';
    process.stdout.write(`${g.student}: ${g.total}/${g.max}${flagged}\n`);
  }
  process.stdout.write(
    `wrote ${grades.length} report${grades.length > 1 ? 's' : ''} (.md and .html) and gradebook.csv${parsed.json ? ' and grades.json' : ''} to ${parsed.out}\n`,
  );
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`rnn-math grade: ${message}\n`);
  return 2;
}

/** Each submission's file name without `.md`; the same name twice keeps its folder too. */
function studentNames(files: readonly string[]): string[] {
  const stem = (f: string) => path.basename(f).replace(/\.(md|markdown)$/i, '');
  const stems = files.map(stem);
  return files.map((f, i) => (stems.filter((s) => s === stems[i]).length > 1 ? path.join(path.dirname(f), stems[i]) : stems[i]));
}

/** A student's name as a file name in the output folder: no separators, no leading dot. */
function fileStem(student: string): string {
  return student.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'submission';
}
