// The CLI's one-line report of an internal error (SPEC §9: never a stack trace).

/**
 * An internal error as the one line SPEC §9 promises (never a stack trace): the error's first
 * line, bounded, and exit 2.
 */
export function internalError(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}` : String(e);
  } catch {
    text = 'unknown error';
  }
  const line = text.split(/\r?\n/, 1)[0].trim() || 'unknown error';
  const bounded = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  return `rnn-math: internal error: ${bounded}; please report it\n`;
}
