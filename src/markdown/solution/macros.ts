// KaTeX macros the user brings: VS Code's `markdown.math.macros` setting (the same one the
// built-in Markdown math uses, so the step panel and the solution cards typeset with the notation
// of the user's preview) and `rnn-math render --macros file.json`. Both are a JSON object from
// a control sequence to its expansion: { "\\R": "\\mathbb{R}" }.

/** Macros KaTeX may use: control sequence (`\R`) → expansion. */
export type KatexMacros = Readonly<Record<string, string>>;

/** Most macros taken; a course's preamble has tens. */
export const MAX_MACROS = 500;
/** Longest expansion taken, in characters (KaTeX's maxExpand still bounds what it expands to). */
export const MAX_EXPANSION = 2_000;

/** `\name` (letters, as TeX reads a control word) or `\` and one other character (a control symbol). */
const CONTROL_SEQUENCE = /^\\(?:[A-Za-z@]+|[^A-Za-z@\s])$/;

export interface ReadMacros {
  readonly macros: KatexMacros;
  /** What was left out and why, one line each (empty when everything was taken). */
  readonly problems: readonly string[];
}

/**
 * The macros in `value` (a parsed JSON value): every entry whose name is a control sequence and
 * whose expansion is a string of at most MAX_EXPANSION characters, up to MAX_MACROS of them;
 * each entry left out is named in `problems`. Anything but an object gives no macros.
 */
export function readMacros(value: unknown): ReadMacros {
  if (value === undefined || value === null) return { macros: {}, problems: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { macros: {}, problems: [`the macros must be a JSON object such as {"\\\\R": "\\\\mathbb{R}"}, not ${describe(value)}`] };
  }
  const macros: Record<string, string> = Object.create(null);
  const problems: string[] = [];
  let taken = 0;
  for (const [name, expansion] of Object.entries(value as Record<string, unknown>)) {
    const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
    if (!CONTROL_SEQUENCE.test(name)) {
      problems.push(
        `${shown} is not a control sequence: write it with a backslash, such as "\\\\R" (in JSON, a backslash is written \\\\)`,
      );
    } else if (typeof expansion !== 'string') {
      problems.push(`${shown}: its expansion must be a string of TeX, not ${describe(expansion)}`);
    } else if (expansion.length > MAX_EXPANSION) {
      problems.push(`${shown}: its expansion has ${expansion.length} characters, more than ${MAX_EXPANSION}`);
    } else if (taken >= MAX_MACROS) {
      problems.push(`${shown}: more than ${MAX_MACROS} macros; the rest are left out`);
      break;
    } else {
      macros[name] = expansion;
      taken++;
    }
  }
  return { macros, problems };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
