// `rnn-math` entry point: dispatches to the sub-commands.
import { runCheck } from './check';
import { runRender } from './render';

const USAGE = `usage: rnn-math check [--json] [--tol T] PATH...
       rnn-math render NOTES.md [-o out.html]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheck(rest);
    case 'render':
      return runRender(rest);
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

// Exit codes via process.exitCode so piped output is never cut short.
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`rnn-math: internal error: ${e instanceof Error ? e.stack : String(e)}\n`); process.exitCode = 2; },
);
