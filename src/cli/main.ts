// `rnn-math` entry point: dispatches to the sub-commands.
import { setFlagsFromString } from 'v8';
import { CHECK_USAGE, runCheck } from './check';
import { runGrade } from './grade';
import { internalError } from './errors';

// A CLI run is one pass over the notes, and at V8's default budget its optimising compiler spent
// more CPU on the analysis's many lukewarm functions than it saved them. With 16 times the budget,
// `check` on the 1,000-block note took ~40 % less time (bench section 5 times it against issue
// 13's target); the loops that run long (numeric kernels, literal scanner) are still optimised,
// a little later: one H=D=256, T=50 block, whose time is those loops, took ~15 % more.
setFlagsFromString('--interrupt-budget=1081344');

const USAGE = `${CHECK_USAGE}
       rnn-math render NOTES.md [-o FILE] [--no-source] [--compact] [--macros file.json]
         [--sheet questions|solutions [--keep-prose]] [--pdf [--chromium PATH]] [--paper a4|letter] [--format html|latex]
       rnn-math variants EXAM.md --count N --seed S [-o DIR]
       rnn-math grade KEY.md SUBMISSION.md... [--json] [-o DIR] [--ecf F] [--convention F] [--transposed F]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest);
    case 'render':
      // Required here, not imported: its page code (markdown-it, the solution cards, KaTeX's
      // plugin) is dist/cli-render.js, which `check` never loads (see esbuild.js).
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded for `render` only
      return (require('./render') as typeof import('./render')).runRender(rest);
    case 'variants':
      // Required, like render: dist/cli-variants.js holds the page code it writes sheets with.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded for `variants` only
      return (require('./variants') as typeof import('./variants')).runVariants(rest);
    case 'grade':
      return runGrade(rest);
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return 0;
    default:
      process.stderr.write((command ? `rnn-math: unknown command '${command}'\n` : '') + USAGE + '\n');
      return 2;
  }
}

let reported = false;
function fail(e: unknown): void {
  process.exitCode = 2;
  if (reported) return;
  reported = true;
  try {
    process.stderr.write(internalError(e));
  } catch {
    /* stderr is gone too */
  }
}

// The reader of stdout going away (`| head`) ends the output; any other stream error is internal.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') fail(e);
});
process.stderr.on('error', () => {
  /* nowhere left to report */
});
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

// Exit codes via process.exitCode so piped output is never cut short.
main(process.argv.slice(2)).then((code) => {
  if (!reported) process.exitCode = code;
}, fail);
