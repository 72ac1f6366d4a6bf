// The options of a fence's info string (SPEC §2), bare (`layout=row z=keep`) or in braces
// (`{precision=6 tol=1e-3}`).
import type { Block, BlockOptions, CellKind, Range, Tolerance, TextEdit } from '../types';

export interface OptionProblem { readonly message: string; readonly range: Range }

interface OptionSpec { readonly values?: readonly string[]; readonly kinds?: readonly CellKind[]; readonly what: string }

const SPECS: Record<string, OptionSpec> = {
  layout: { values: ['column', 'row'], what: 'column (W·v) or row (v·W)' },
  reset: { values: ['before', 'after'], kinds: ['gru'], what: 'before or after' },
  z: { values: ['keep', 'write'], kinds: ['gru'], what: 'keep or write' },
  concat: { values: ['hx', 'xh'], what: 'hx ([h_prev; x]) or xh ([x; h_prev])' },
  act: { values: ['tanh', 'sigmoid', 'relu'], kinds: ['rnn'], what: 'tanh, sigmoid or relu' },
  bias: { values: ['true', 'false'], what: 'true or false' },
  precision: { what: 'a whole number of digits from 0 to 15' },
  tol: { what: 'an absolute (1e-3) or relative (0.1%) tolerance' },
  order: { what: 'the packed gate order, e.g. ifgo (LSTM) or rzn (GRU)' },
};

export function parseTolerance(text: string): Tolerance | undefined {
  const t = text.trim();
  const pct = /^(\d*\.?\d+(?:[eE][+-]?\d+)?)\s*%$/.exec(t);
  if (pct) return { kind: 'rel', value: Number(pct[1]) / 100 };
  if (/^(\d*\.?\d+(?:[eE][+-]?\d+)?)$/.test(t)) return { kind: 'abs', value: Number(t) };
  return undefined;
}

export interface ParsedOptions {
  readonly options: BlockOptions;
  readonly problems: readonly OptionProblem[];
  /** Packed gate order override, when `order=` was given. */
  readonly order?: string;
}

// The options of a fence without any (most blocks), by precision: one object that every such
// block's analysis shares instead of keeping its own copy of the defaults. Not frozen: a frozen
// object has a map of its own, and the solver's hot loops read options from both kinds.
const unwritten = new Map<number, ParsedOptions>();

export function parseOptions(block: Block, defaults: { precision?: number; tol?: Tolerance } = {}): ParsedOptions {
  if (block.infoRange.start.character !== block.infoRange.end.character || defaults.tol !== undefined) return readOptions(block, defaults);
  const precision = defaults.precision ?? 4;
  let parsed = unwritten.get(precision);
  if (!parsed) {
    parsed = readOptions(block, defaults);
    if (unwritten.size < 32) unwritten.set(precision, parsed);
  }
  return parsed;
}

function readOptions(block: Block, defaults: { precision?: number; tol?: Tolerance }): ParsedOptions {
  const problems: OptionProblem[] = [];
  const values: Record<string, string> = {};
  const ranges: Record<string, Range> = {};
  const line = block.infoRange.start.line;
  const base = block.infoRange.start.character;
  // Read the options from the fence line itself so every problem gets its exact column.
  const fenceLine = fenceLineOf(block);
  const re = /([A-Za-z_][\w-]*)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s{},]+))?/g;
  const body = fenceLine.slice(base, block.infoRange.end.character).replace(/[{},]/g, ' ');
  const offsetInLine = (i: number): number => base + i;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const key = m[1];
    const raw = (m[2] ?? '').replace(/^["']|["']$/g, '');
    const range: Range = { start: { line, character: offsetInLine(m.index) }, end: { line, character: offsetInLine(m.index + m[0].trimEnd().length) } };
    // Own keys only: `constructor=1` or `__proto__=1` must not find Object.prototype's members.
    const spec = Object.hasOwn(SPECS, key) ? SPECS[key] : undefined;
    if (!spec) {
      problems.push({ message: `unknown option \`${key}\`; valid options are ${Object.keys(SPECS).join(', ')}`, range });
      continue;
    }
    if (spec.kinds && !spec.kinds.includes(block.kind)) {
      problems.push({ message: `\`${key}\` applies to ${spec.kinds.join('/')} blocks, not ${block.kind}`, range });
      continue;
    }
    if (m[2] === undefined) {
      problems.push({ message: `\`${key}\` needs a value: ${key}=… with ${spec.what}`, range });
      continue;
    }
    if (spec.values && !spec.values.includes(raw.toLowerCase())) {
      problems.push({ message: `\`${key}=${raw}\` is not valid; use ${spec.what}`, range });
      continue;
    }
    values[key] = spec.values ? raw.toLowerCase() : raw;
    ranges[key] = range;
  }
  let precision = defaults.precision ?? 4;
  if (values.precision !== undefined) {
    const p = Number(values.precision);
    if (Number.isInteger(p) && p >= 0 && p <= 15) precision = p;
    else problems.push({ message: `\`precision=${values.precision}\` is not valid; use ${SPECS.precision.what}`, range: ranges.precision ?? block.infoRange });
  }
  let tol = defaults.tol;
  if (values.tol !== undefined) {
    const t = parseTolerance(values.tol);
    if (t) tol = t;
    else problems.push({ message: `\`tol=${values.tol}\` is not valid; use ${SPECS.tol.what}`, range: ranges.tol ?? block.infoRange });
  }
  let order: string | undefined = values.order?.toLowerCase();
  if (order !== undefined) {
    const gates = block.kind === 'lstm' ? 'cfgio' : block.kind === 'gru' ? 'hnrz' : '';
    const letters = block.kind === 'lstm' ? 4 : 3;
    const norm = order.replace(/c/g, 'g').replace(/h/g, 'n');
    const ok = gates !== '' && order.length === letters && [...order].every((ch) => gates.includes(ch)) && new Set(norm).size === letters;
    if (!ok) {
      problems.push({ message: `\`order=${order}\` is not valid; use ${block.kind === 'gru' ? 'a permutation of r, z, n (rzn)' : 'a permutation of i, f, g, o (ifgo)'}`, range: ranges.order ?? block.infoRange });
      order = undefined;
    } else order = norm;
  }
  const options: BlockOptions = {
    layout: (values.layout as BlockOptions['layout']) ?? 'column',
    layoutInferred: values.layout === undefined,
    reset: (values.reset as BlockOptions['reset']) ?? 'before',
    z: (values.z as BlockOptions['z']) ?? 'keep',
    concat: (values.concat as BlockOptions['concat']) ?? 'hx',
    act: (values.act as BlockOptions['act']) ?? 'tanh',
    bias: values.bias !== 'false',
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

/** The edit that sets `key=value` in the fence's info string (replacing an existing value). */
export function setOptionEdit(block: Block, key: string, value: string): TextEdit {
  const fenceLine = fenceLineOf(block);
  const start = block.infoRange.start.character;
  const end = block.infoRange.end.character;
  const text = fenceLine.slice(start, end);
  const existing = new RegExp(`(^|[\\s{,])(${key})\\s*=\\s*[^\\s{},]+`).exec(text);
  const line = block.infoRange.start.line;
  if (existing) {
    const at = start + existing.index + existing[1].length;
    return { range: { start: { line, character: at }, end: { line, character: at + existing[0].length - existing[1].length } }, newText: `${key}=${value}` };
  }
  const close = text.lastIndexOf('}');
  if (text.trim().startsWith('{') && close >= 0) {
    const at = start + close;
    const inner = text.slice(text.indexOf('{') + 1, close).trim();
    return { range: { start: { line, character: at }, end: { line, character: at } }, newText: `${inner ? ' ' : ''}${key}=${value}` };
  }
  return { range: { start: { line, character: end }, end: { line, character: end } }, newText: ` ${key}=${value}` };
}
