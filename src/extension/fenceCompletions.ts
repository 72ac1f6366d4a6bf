// What to offer while a fence is typed: Markdown turns quick suggestions off, so the snippets
// came only on Ctrl+Space. On the fence line the completions follow the typing instead: after
// ``` the kinds (each a whole starter block, the snippets' own bodies), after ```gru and a space
// the options that kind accepts, after `z=` that option's values. The options and their values
// are the engine's own table (parse/optionSpecs.ts), so the editor cannot offer what the parser refuses.
// No VS Code here: completions.ts turns the items into CompletionItems.
import type { CellKind } from '../engine/types';
import { readInfoEntries } from '../engine/parse/infoEntries';
import { OPTION_SPECS } from '../engine/parse/optionSpecs';
import { blockParser, fenceCloserLine } from '../markdown/blocks';

/** A snippet of snippets/rnn-math.code-snippets: its name, description and body lines. */
export interface Starter {
  readonly name: string;
  readonly prefix: readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}

export interface FenceItem {
  readonly kind: 'block' | 'option' | 'value';
  readonly label: string;
  /** Beside the label: which starter block, or the option's values. */
  readonly description: string;
  readonly documentation: string;
  /** Snippet syntax (tab stops, choices). */
  readonly insertText: string;
  readonly filterText: string;
  readonly sortText: string;
  /** The columns of the line the item replaces. */
  readonly start: number;
  readonly end: number;
}

const KINDS: readonly CellKind[] = ['lstm', 'gru', 'rnn'];

/** Quote markers and indentation, then a run of three or more backticks or tildes, and what follows. */
interface FenceStart {
  readonly prefix: string;
  readonly run: string;
  readonly rest: string;
}

// Scanned by loops over the characters, like blocks.ts's fenceCloserLine: a regex anchored at the
// cursor's end would be tried from every position of a long line.
function fenceStart(typed: string): FenceStart | undefined {
  let i = 0;
  while (i < typed.length && (typed[i] === '>' || typed[i] === ' ' || typed[i] === '\t')) i++;
  const marker = typed[i];
  if (marker !== '`' && marker !== '~') return undefined;
  let end = i;
  while (typed[end] === marker) end++;
  if (end - i < 3) return undefined;
  const rest = typed.slice(end);
  // A backtick fence's info string has no backtick (CommonMark).
  if (marker === '`' && rest.includes('`')) return undefined;
  return { prefix: typed.slice(0, i), run: typed.slice(i, end), rest };
}

const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isKeyChar = (c: string) => isLetter(c) || (c >= '0' && c <= '9') || c === '_' || c === '-';
const isSeparator = (c: string) => c === ' ' || c === '\t' || c === '{' || c === ',';

/** Where the run of characters `test` accepts ends, going back from `end` (exclusive). */
function backOver(text: string, end: number, test: (c: string) => boolean): number {
  let i = end;
  while (i > 0 && test(text[i - 1])) i--;
  return i;
}

/** At the end of `info`: `key=` and the start of the value typed after it, if that is what is there. */
function valueAtEnd(info: string): { key: string; start: number } | undefined {
  const start = backOver(info, info.length, (c) => !isSeparator(c) && c !== '}' && c !== '=');
  const eq = backOver(info, start, (c) => c === ' ' || c === '\t') - 1;
  if (info[eq] !== '=') return undefined;
  const keyEnd = backOver(info, eq, (c) => c === ' ' || c === '\t');
  const keyStart = backOver(info, keyEnd, isKeyChar);
  const key = info.slice(keyStart, keyEnd);
  return key && (isLetter(key[0]) || key[0] === '_') ? { key, start } : undefined;
}

/**
 * The items for the cursor at `column` of `line`. `insideFence` says whether the lines above
 * leave a fence open (then this line closes it, or is its content: nothing is offered); it is
 * asked only for a line that looks like a fence.
 */
export function fenceCompletions(line: string, column: number, starters: readonly Starter[], insideFence: () => boolean): FenceItem[] {
  const fence = fenceStart(line.slice(0, column));
  if (!fence) return [];
  const { prefix, run, rest } = fence;
  const word = backOver(rest, rest.length, isLetter) === 0;
  const kind = KINDS.find((k) => rest.slice(0, k.length).toLowerCase() === k);
  // The kind word being typed: the starter blocks. A kind and a separator: its options.
  if (!word && !(kind && isSeparator(rest[kind.length]))) return [];
  if (insideFence()) return [];
  if (word) return blockItems(line, prefix, run, starters);
  const info = rest.slice(kind!.length);
  const infoStart = column - info.length;
  const value = valueAtEnd(info);
  if (value) return valueItems(kind!, value.key, infoStart + value.start, column);
  const keyStart = backOver(info, info.length, isKeyChar);
  const partial = info.slice(keyStart);
  if (!isSeparator(info[keyStart - 1]) || (partial && !isLetter(partial[0]) && partial[0] !== '_')) return [];
  // Every key already on the line (before or after the cursor), except the one being typed.
  const others = line.slice(infoStart, infoStart + keyStart) + ' ' + line.slice(column);
  const given = new Set(readInfoEntries(others).map((e) => e.key));
  return optionItems(kind!, given, infoStart + keyStart, column);
}

/** Each starter block for each kind it opens, its fence and closing fence written as the user began it. */
function blockItems(line: string, prefix: string, run: string, starters: readonly Starter[]): FenceItem[] {
  const start = prefix.length;
  const items: FenceItem[] = [];
  starters.forEach((s, order) => {
    for (const kind of startsKinds(s)) {
      const [first, ...rest] = s.body;
      const opening = run + first.replace(/^```(?:\$\{1\|[a-z,]+\|\}|lstm|gru|rnn)/, kind);
      const body = rest.map((l) => (l === '```' ? prefix + run : prefix + l));
      items.push({
        kind: 'block',
        label: kind,
        description: s.name,
        documentation: s.description,
        insertText: [opening, ...body].join('\n'),
        filterText: run + kind,
        // The kind's own starter (prefix `gru`) first, then the others in the file's order.
        sortText: `${KINDS.indexOf(kind)}${s.prefix.includes(kind) ? 0 : 1}${String(order).padStart(3, '0')}`,
        start,
        end: line.length,
      });
    }
  });
  return items;
}

/** The kinds a starter's first line opens: its kind, or every kind of a choice (```${1|lstm,gru,rnn|}). */
function startsKinds(s: Starter): CellKind[] {
  const m = /^```(?:\$\{1\|([a-z,]+)\|\}|(lstm|gru|rnn))/.exec(s.body[0] ?? '');
  if (!m) return [];
  const names = m[1] ? m[1].split(',') : [m[2]];
  return KINDS.filter((k) => names.includes(k));
}

function applies(kinds: readonly CellKind[] | undefined, kind: CellKind): boolean {
  return !kinds || kinds.includes(kind);
}

function optionItems(kind: CellKind, given: ReadonlySet<string>, start: number, end: number): FenceItem[] {
  return Object.entries(OPTION_SPECS)
    .filter(([key, spec]) => applies(spec.kinds, kind) && !given.has(key))
    .map(([key, spec], i) => ({
      kind: 'option',
      label: key,
      description: spec.values ? spec.values.join(' | ') : spec.what,
      documentation: spec.doc,
      insertText: spec.values ? `${key}=\${1|${spec.values.join(',')}|}` : `${key}=$1`,
      filterText: key,
      sortText: String(i).padStart(2, '0'),
      start,
      end,
    }));
}

function valueItems(kind: CellKind, key: string, start: number, end: number): FenceItem[] {
  const spec = Object.hasOwn(OPTION_SPECS, key) ? OPTION_SPECS[key] : undefined;
  if (!spec?.values || !applies(spec.kinds, kind)) return [];
  return spec.values.map((v, i) => ({
    kind: 'value',
    label: v,
    description: `${key}=${v}`,
    documentation: spec.doc,
    insertText: v,
    filterText: v,
    sortText: String(i),
    start,
    end,
  }));
}

/** Whether the Markdown `lines` (those above the fence being typed) end inside a fence, as markdown-it reads them. */
export function endsInsideFence(lines: readonly string[]): boolean {
  if (!lines.length) return false;
  const tokens = blockParser().parse(lines.join('\n'), {});
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k];
    if (t.type !== 'fence' || !t.map) continue;
    const [open, end] = t.map;
    // A fence that runs to the last line is open unless that line closes it.
    if (end < lines.length) return false;
    const last = end - 1;
    const closer = last > open ? fenceCloserLine(lines[last]) : undefined;
    return !(closer && closer.marker === t.markup.charCodeAt(0) && closer.run >= t.markup.length);
  }
  return false;
}

/**
 * The starters of a `.code-snippets` file (JSON with comments and trailing commas, as Prettier
 * writes it), in the file's order; a snippet without a body is left out.
 */
export function readSnippets(text: string): Starter[] {
  const parsed = JSON.parse(stripJsonc(text)) as Record<
    string,
    { prefix?: string | string[]; description?: string; body?: string | string[] }
  >;
  return Object.entries(parsed).flatMap(([name, s]) => {
    const body = typeof s.body === 'string' ? s.body.split('\n') : s.body;
    if (!body?.length) return [];
    const prefix = typeof s.prefix === 'string' ? [s.prefix] : (s.prefix ?? []);
    return [{ name, prefix, description: s.description ?? '', body }];
  });
}

/** JSON from JSONC: comments and the commas before a closing bracket removed, strings kept as they are. */
function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === ',' && /^\s*[\]}]/.test(text.slice(i + 1, i + 200))) {
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
