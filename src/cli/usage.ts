// The preamble every sub-command shares (`check`, `grade`, `render`, `variants`): `-h`/`--help`
// anywhere prints the usage, and arguments that do not parse are a usage error (exit 2) that
// names the command and repeats the usage, so every sub-command answers a slip the same way.

/** `rnn-math COMMAND: why` and the usage on stderr; exit code 2. */
export function usageError(command: string, usage: string, why: string): number {
  process.stderr.write(`rnn-math ${command}: ${why}\n${usage}\n`);
  return 2;
}

/**
 * The parsed arguments, or the exit code when the run ends here: 0 after `--help` (the usage on
 * stdout), 2 after a usage error. `parse` returns why the arguments are wrong as a string.
 */
export function parsedOrUsage<T extends object>(
  command: string,
  usage: string,
  args: readonly string[],
  parse: (args: readonly string[]) => T | string,
): T | number {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  const parsed = parse(args);
  return typeof parsed === 'string' ? usageError(command, usage, parsed) : parsed;
}
