// `params ?= 143`: a check of the block's parameter count (SPEC §5), the exam question "how many
// parameters does this network have?" — the seed's notes end their embedding example on it.
import type { Block, BlockOptions, CellKind, CheckResult, Fix, Matrix, ParameterCount } from '../types';
import type { ParamInput } from '../params';
import { setOptionEdit } from '../parse/options';
import type { Diag } from '../diagnostics';
import type { CheckDef } from './evaluate';
import { EvalError } from '../expr';
import type { Work } from '../budget';
import * as M from '../matrix';

/** Left sides that name the count: what notes and framework printouts call it. */
const COUNT_NAMES = new Set(['params', 'parameters', 'num_params', 'n_params', 'total_params', 'Total_params']);

export function isCountCheck(written: string): boolean {
  return COUNT_NAMES.has(written);
}

/** A count is exact: the stated number passes only when it is the count, and a fix writes the count. */
/** The right side may be the sum written out, over the block's sizes: `params ?= 4*(H*(D+H) + H)`. */
export function runCountCheck(
  block: Block,
  c: CheckDef,
  parameters: ParameterCount | undefined,
  options: BlockOptions,
  countWith: (change: Partial<ParamInput>) => number | undefined,
  sizes: Readonly<Record<string, number>>,
  work: Work,
  diag: Diag,
): CheckResult {
  const base = { name: 'params', written: c.written, range: c.range, valueRange: c.valueRange, formula: !c.rhs.literal, rounding: [] };
  let stated: Matrix | undefined;
  try {
    stated = c.rhs.evaluate({ get: (k) => (sizes[k] === undefined ? undefined : M.scalar(sizes[k])), work });
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    diag(
      'error',
      e.code === 'missing' ? 'unknown-name' : e.code,
      e.range,
      `${e.message}; a parameter count is checked against a number or the block's sizes (\`${c.written} ?= 143\`, \`${c.written} ?= 4*(H*(D+H) + H)\`)`,
    );
  }
  if (!stated) return { ...base, pass: false, tolerance: 'exact', mismatches: [], error: true };
  if (!parameters) {
    diag(
      'error',
      'missing',
      c.range,
      `cannot check ${c.written}: the block has no parameter count; give its sizes (H = …, D = …) or its weights`,
    );
    return { ...base, pass: false, stated, tolerance: 'exact', mismatches: [], error: true };
  }
  const computed = M.scalar(parameters.total);
  if (!M.isScalar(stated)) {
    diag(
      'error',
      'check',
      c.valueRange,
      `check ${c.written}: a parameter count is one number, not ${M.shapeText(stated)}; the block counts ${parameters.sum}`,
    );
    return { ...base, pass: false, stated, computed, tolerance: 'exact', mismatches: [] };
  }
  const value = stated.data[0];
  if (value === parameters.total) return { ...base, pass: true, stated, computed, tolerance: 'exact', mismatches: [] };
  const fixes: Fix[] = [
    {
      title: `Replace with the count ${parameters.total}`,
      kind: 'replace-check',
      edits: [{ range: c.valueRange, newText: String(parameters.total) }],
    },
  ];
  let message = `check ${c.written}: ${value} but the block counts ${parameters.sum} (${parameters.summary})`;
  // Lecture notes often count the weights alone (the seed's 143), or another framework's way:
  // the first other option whose count is the stated number is said, with its fix.
  const other = otherCounts(block.kind, options).find((o) => countWith(o.change) === value);
  if (other) {
    message += `; your ${value} is the count ${other.label}: write ${other.option}=${other.value} on the fence for it`;
    fixes.push({
      title: `Set ${other.option}=${other.value} for this block`,
      kind: 'set-option',
      edits: [setOptionEdit(block, other.option, other.value)],
    });
  }
  diag('error', 'check', c.valueRange, message, { fixes });
  const mismatch = { row: 0, col: 0, stated: value, computed: parameters.total, units: Math.abs(value - parameters.total) };
  return { ...base, pass: false, stated, computed, tolerance: 'exact', mismatches: [mismatch] };
}

interface OtherCount {
  readonly option: string;
  readonly value: string;
  readonly label: string;
  readonly change: Partial<ParamInput>;
}

/** The options that change a count, each set the other way from the block's. */
function otherCounts(kind: CellKind, o: BlockOptions): OtherCount[] {
  const out: OtherCount[] = [];
  const add = (option: string, value: string, label: string, change: Partial<ParamInput>) => out.push({ option, value, label, change });
  if (o.bias) add('bias', 'false', 'without biases', { bias: false });
  if (kind === 'gru' && o.reset === 'after')
    add('reset', 'before', 'of a reset-before GRU (Keras reset_after=False)', { resetAfter: false });
  if (kind === 'gru' && o.reset === 'before')
    add('reset', 'after', "of a reset-after GRU (Keras' default, two bias vectors)", { resetAfter: true });
  if (o.params === 'pytorch') add('params', 'keras', 'with one bias vector per gate, as Keras counts', { framework: 'keras' });
  else add('params', 'pytorch', "with PyTorch's two bias vectors (bias_ih, bias_hh)", { framework: 'pytorch' });
  if (o.out !== 'none') add('out', 'none', 'without the output layer', { noHead: true });
  return out;
}
