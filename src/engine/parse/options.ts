// A block's options (SPEC §2): its info string read into BlockOptions, each problem at its exact
// column and every value echoed into a message bounded; and the edit that sets one option.
import type { Block, BlockOptions, Range, RelatedLocation, Tolerance, TextEdit } from '../types';
import type { Reading } from './names';
import { readInfoEntries } from './infoEntries';
import { MAX_LAYERS, MAX_OPTION_VALUE, OPTION_SPECS } from './optionSpecs';
import { parseTolerance } from './tolerance';
import { parseVary } from './vary';

export interface OptionProblem {
  readonly message: string;
  readonly range: Range;
  /** Other places the problem involves (the first occurrence of a duplicated option). */
  readonly related?: readonly RelatedLocation[];
}

/** Problems reported for one info string; past these, one more says how many were left out. */
const MAX_PROBLEMS = 10;

/**
 * A value as quoted in a message: as written when short, else its first characters, an
 * ellipsis (`11111111111111111111111…`). Never longer than `n` characters.
 */
export function quoteValue(text: string, n = 24): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

export interface ParsedOptions {
  readonly options: BlockOptions;
  readonly problems: readonly OptionProblem[];
  /** Packed gate order override, when `order=` was given. */
  readonly order?: string;
}

export function parseOptions(block: Block, defaults: { precision?: number; tol?: Tolerance } = {}): ParsedOptions {
  const problems: OptionProblem[] = [];
  let leftOut = 0;
  const problem = (p: OptionProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else leftOut++;
  };
  const values: Record<string, string> = {};
  const ranges: Record<string, Range> = {};
  /** Per key, the last occurrence with a value, and how many there were. */
  const seen = new Map<string, { range: Range; text: string; count: number }>();
  const line = block.infoRange.start.line;
  const base = block.infoRange.start.character;
  // Read the options from the fence line itself so every problem gets its exact column.
  const fenceLine = fenceLineOf(block);
  const body = fenceLine.slice(base, block.infoRange.end.character);
  const rangeOf = (a: number, b: number): Range => ({ start: { line, character: base + a }, end: { line, character: base + b } });
  for (const entry of readInfoEntries(body)) {
    const key = entry.key;
    const range = rangeOf(entry.start, entry.end);
    // Own keys only: `constructor=1` or `__proto__=1` must not find Object.prototype's members.
    const spec = Object.hasOwn(OPTION_SPECS, key) ? OPTION_SPECS[key] : undefined;
    if (!spec) {
      const written = key.length > MAX_OPTION_VALUE ? quoteValue(key) : key;
      problem({ message: `unknown option \`${written}\`; valid options are ${Object.keys(OPTION_SPECS).join(', ')}`, range });
      continue;
    }
    if (spec.kinds && !spec.kinds.includes(block.kind)) {
      problem({ message: `\`${key}\` applies to ${spec.kinds.join('/')} blocks, not ${block.kind}`, range });
      continue;
    }
    if (entry.value === undefined && spec.flag) {
      values[key] = 'true';
      ranges[key] = range;
      seen.set(key, { range, text: key, count: (seen.get(key)?.count ?? 0) + 1 });
      continue;
    }
    if (entry.value === undefined) {
      problem({ message: `\`${key}\` needs a value: ${key}=… with ${spec.what}`, range });
      continue;
    }
    const raw = entry.value;
    const text = `${key}=${quoteValue(entry.written!)}`;
    const tooLong = raw.length > MAX_OPTION_VALUE;
    const valid = !tooLong && (!spec.values || spec.values.includes(raw.toLowerCase()));
    const before = seen.get(key);
    if (before) {
      const count = before.count + 1;
      const used = valid ? text : values[key] !== undefined ? `${key}=${values[key]}` : undefined;
      const which =
        used === text
          ? `the last one, \`${text}\`, is used`
          : used
            ? `\`${used}\` is used, since \`${text}\` is not valid`
            : `neither is valid`;
      problem({
        message:
          `\`${key}\` is given ${count === 2 ? 'twice' : `${count} times`} (\`${before.text}\` at column ${before.range.start.character + 1} ` +
          `and \`${text}\` at column ${range.start.character + 1}); ${which} — remove one`,
        range,
        related: [{ range: before.range, message: `\`${before.text}\`, given before` }],
      });
    }
    seen.set(key, { range, text, count: (before?.count ?? 0) + 1 });
    if (tooLong) {
      problem({
        message: `the value of \`${text}\` is ${raw.length.toLocaleString('en')} characters long (an option value has at most ${MAX_OPTION_VALUE}); use ${spec.what}`,
        range,
      });
      continue;
    }
    if (!valid) {
      problem({ message: `\`${key}=${raw}\` is not valid; use ${spec.what}`, range });
      continue;
    }
    values[key] = spec.values ? raw.toLowerCase() : raw;
    ranges[key] = range;
  }
  let precision = defaults.precision ?? 4;
  if (values.precision !== undefined) {
    const p = Number(values.precision);
    if (Number.isInteger(p) && p >= 0 && p <= 15) precision = p;
    else
      problem({
        message: `\`precision=${values.precision}\` is not valid; use ${OPTION_SPECS.precision.what}`,
        range: ranges.precision ?? block.infoRange,
      });
  }
  let tol = defaults.tol;
  if (values.tol !== undefined) {
    const t = parseTolerance(values.tol);
    if (t) tol = t;
    else problem({ message: `\`tol=${values.tol}\` is not valid; use ${OPTION_SPECS.tol.what}`, range: ranges.tol ?? block.infoRange });
  }
  let layers = 1;
  if (values.layers !== undefined) {
    const l = Number(values.layers);
    if (Number.isInteger(l) && l >= 1 && l <= MAX_LAYERS) layers = l;
    else
      problem({
        message: `\`layers=${values.layers}\` is not valid; use ${OPTION_SPECS.layers.what}`,
        range: ranges.layers ?? block.infoRange,
      });
  }
  const vary = values.vary === undefined ? undefined : parseVary(values.vary);
  if (typeof vary === 'string') problem({ message: vary, range: ranges.vary ?? block.infoRange });
  let order: string | undefined = values.order?.toLowerCase();
  if (order !== undefined) {
    const gates = block.kind === 'lstm' ? 'cfgio' : block.kind === 'gru' ? 'hnrz' : '';
    const letters = block.kind === 'lstm' ? 4 : 3;
    const norm = order.replace(/c/g, 'g').replace(/h/g, 'n');
    const ok = gates !== '' && order.length === letters && [...order].every((ch) => gates.includes(ch)) && new Set(norm).size === letters;
    if (!ok) {
      problem({
        message: `\`order=${order}\` is not valid; use ${block.kind === 'gru' ? 'a permutation of r, z, n (rzn)' : 'a permutation of i, f, g, o (ifgo)'}`,
        range: ranges.order ?? block.infoRange,
      });
      order = undefined;
    } else order = norm;
  }
  if (leftOut > 0) {
    problems.push({
      message: `${leftOut} more ${leftOut === 1 ? 'problem' : 'problems'} in this info string are not listed; fix the ones above first`,
      range: block.infoRange,
    });
  }
  const options: BlockOptions = {
    layout: (values.layout as BlockOptions['layout']) ?? 'column',
    layoutInferred: values.layout === undefined,
    reset: (values.reset as BlockOptions['reset']) ?? 'before',
    z: (values.z as BlockOptions['z']) ?? 'keep',
    concat: (values.concat as BlockOptions['concat']) ?? 'hx',
    act: (values.act as BlockOptions['act']) ?? 'tanh',
    bias: values.bias !== 'false',
    ...(values.names ? { names: values.names as BlockOptions['names'] } : {}),
    out: (values.out as BlockOptions['out']) ?? 'softmax',
    params: values.params as BlockOptions['params'],
    layers,
    bidirectional: values.bidirectional === 'true',
    ...(values.a ? { a: values.a as Reading } : {}),
    ...(vary && typeof vary !== 'string' ? { vary } : {}),
    precision,
    tol,
    explicit: Object.keys(values),
  };
  return { options, problems, order };
}

/** The fence line: the raw text up to its first line break (without splitting the whole block). */
function fenceLineOf(block: Block): string {
  const nl = block.raw.indexOf('\n');
  return nl < 0 ? block.raw : block.raw.slice(0, nl);
}

/**
 * The edit that sets `key=value` in the fence's info string. When the key is written, its last
 * occurrence is replaced: the one the parser reads, so the fix takes effect even when the key is
 * given twice (the duplicate stays, with its warning).
 */
export function setOptionEdit(block: Block, key: string, value: string): TextEdit {
  const start = block.infoRange.start.character;
  const end = block.infoRange.end.character;
  const text = fenceLineOf(block).slice(start, end);
  const line = block.infoRange.start.line;
  const edit = (from: number, to: number, newText: string): TextEdit => ({
    range: { start: { line, character: from }, end: { line, character: to } },
    newText,
  });
  const existing = readInfoEntries(text)
    .filter((e) => e.key === key)
    .pop();
  if (existing) return edit(start + existing.start, start + existing.end, `${key}=${value}`);
  const close = text.lastIndexOf('}');
  if (text.trim().startsWith('{') && close >= 0) {
    const inner = text.slice(text.indexOf('{') + 1, close).trim();
    return edit(start + close, start + close, `${inner ? ' ' : ''}${key}=${value}`);
  }
  return edit(end, end, ` ${key}=${value}`);
}
