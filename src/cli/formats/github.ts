// `--format github`: GitHub Actions workflow commands, one per diagnostic, which the runner turns
// into annotations on the pull request's diff and the run's summary:
//   ::error file=notes.md,line=65,col=6,endLine=65,endColumn=22,title=rnn-math check::message
// Escaping follows the runner's rules (actions/toolkit command.ts): in the message `%`, CR and LF;
// in property values also `:` and `,`, which would otherwise end the property.
import type { FileReport, Summary } from '../check';
import { place } from './location';
import { shown, summaryLine, type ReportWriter } from './writer';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The lines of one note: a workflow command per diagnostic shown. */
export function githubLines(r: FileReport, verbose: boolean): string {
  let out = '';
  for (const { block, analysis } of r.blocks) {
    for (const d of analysis.diagnostics) {
      if (!shown(d.severity, verbose)) continue;
      const p = place(block, d.range);
      const props = [
        `file=${escapeProperty(r.path)}`,
        `line=${p.line}`,
        `col=${p.column}`,
        `endLine=${p.endLine}`,
        `endColumn=${p.endColumn}`,
        `title=${escapeProperty(`rnn-math ${d.code}`)}`,
      ];
      out += `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}\n`;
    }
  }
  return out;
}

export function githubWriter(verbose: boolean): ReportWriter {
  return {
    begin: () => [],
    file: (r) => [githubLines(r, verbose)],
    // The closing line stays plain text: it reads in the log, and is no command.
    end: (s: Summary) => [summaryLine(s)],
  };
}
