// What every `rnn-math check --format` writer does: the report is written as it is made, a note
// at a time (runCheck waits for stdout to drain between pieces), so no format ever holds the
// whole report as one string.
import type { FileReport, Summary } from '../check';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportWriter {
  /** What comes before the first note. */
  begin(): Iterable<string>;
  /** One analysed note's part of the report. */
  file(report: FileReport): Iterable<string>;
  /**
   * What comes after the last note. `problems` are the paths that could not be read (already on
   * stderr); a format with a place for them (SARIF's tool notifications) repeats them there.
   */
  end(summary: Summary, problems: readonly string[]): Iterable<string>;
}

/** Diagnostics a report shows: information notes only when --verbose asks for them. */
export function shown(severity: string, verbose: boolean): boolean {
  return severity !== 'info' || verbose;
}

/** The closing line of the text report (SPEC §9), also the plain last line of `--format github`. */
export function summaryLine(s: Summary): string {
  return `${s.blocks} blocks, ${s.checks} checks: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors\n`;
}
