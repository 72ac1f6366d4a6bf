// `rnn-math variants`: one note per student, each with new givens in the same shapes and its
// answers recomputed, drawn from one seed. A draw is kept only when the engine, run on the
// variant, passes every check against the recomputed answers and finds no σ or tanh output that
// shows as 0, 1 or −1 at the sheet's precision (saturation.ts); otherwise the block is drawn
// again, a bounded number of times, and then the run stops with an error naming the block.
import type { AnalysisSettings, AnalysisWithSteps, Matrix } from '../engine/types';
import { withSteps } from '../engine/analyze';
import { DocumentAnalyzer } from '../markdown/document';
import { splitLines } from '../markdown/blocks';
import { planBlock, type BlockPlan, type CheckPlan } from './plan';
import { drawGiven } from './givens';
import { fixed, writeLiteral, writtenDecimals } from './literalText';
import { findSaturation } from './saturation';
import { proseEdits } from './prose';
import { applyEdits, type Edit } from './edits';
import { variantRandom, type Random } from './random';

/** Draws of one block before the run gives up on it. */
export const MAX_ATTEMPTS = 200;
/** Whole variants drawn again because they repeated an earlier one, before giving up. */
const MAX_REPEATS = 50;
export const MAX_VARIANTS = 999;

export interface VariantNote {
  /** `variant-01` */
  readonly id: string;
  readonly text: string;
  /** Per key column, the answer as the variant writes it (a formula check's formula as written). */
  readonly answers: readonly string[];
}

export interface Variants {
  /** The key's columns: `b1.x_t`, `b1.C_t`, `b1.C_t#2`, one per check, by block and check name. */
  readonly columns: readonly string[];
  readonly variants: readonly VariantNote[];
}

export interface VariantRequest {
  readonly count: number;
  readonly seed: number;
  readonly settings?: AnalysisSettings;
}

export function makeVariants(text: string, request: VariantRequest): Variants | { error: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  const analyzer = new DocumentAnalyzer(request.settings ?? {});
  const found = analyzer.analyze(text).blocks;
  const plans = found.map((b, k) =>
    planBlock(b.block, b.analysis, k + 1, lines, k ? found[k - 1].block.line + found[k - 1].block.range.end.line + 1 : 0),
  );
  if (!plans.length) return { error: 'the note has no lstm, gru or rnn block to vary' };
  const broken = plans.find((p) => p.problem);
  if (broken) return { error: `${blockName(broken)} does not evaluate (${broken.problem}); fix it first (rnn-math check shows it)` };
  if (!plans.some((p) => p.vary?.kind !== 'none' && p.givens.length)) return { error: 'no block has a given written as numbers to vary' };
  const columns = keyColumns(plans);
  const seen = new Set<string>([text]);
  const variants: VariantNote[] = [];
  const width = Math.max(2, String(request.count).length);
  for (let v = 0; v < request.count; v++) {
    const random = variantRandom(request.seed, v);
    let made: { lines: string[]; answers: string[] } | { error: string } | undefined;
    for (let repeat = 0; repeat <= MAX_REPEATS; repeat++) {
      made = drawVariant(plans, lines, random, analyzer);
      if ('error' in made || !seen.has(made.lines.join(eol))) break;
      made = undefined;
    }
    if (!made)
      return { error: `only ${variants.length} distinct variants could be drawn: give the blocks more to vary (a wider vary= range)` };
    if ('error' in made) return made;
    const variantText = made.lines.join(eol);
    seen.add(variantText);
    variants.push({ id: `variant-${String(v + 1).padStart(width, '0')}`, text: variantText, answers: made.answers });
  }
  return { columns, variants };
}

function blockName(plan: BlockPlan): string {
  return `the ${plan.kind} block at line ${plan.block.line + 1}`;
}

function keyColumns(plans: readonly BlockPlan[]): string[] {
  const out: string[] = [];
  for (const p of plans) {
    const count = new Map<string, number>();
    for (const c of p.checks) {
      const n = (count.get(c.label) ?? 0) + 1;
      count.set(c.label, n);
      out.push(`b${p.index}.${c.label}${n > 1 ? `#${n}` : ''}`);
    }
  }
  return out;
}

/** One variant: the blocks drawn from the last to the first, so an earlier block's lines are where the plan read them. */
function drawVariant(
  plans: readonly BlockPlan[],
  original: readonly string[],
  random: Random,
  analyzer: DocumentAnalyzer,
): { lines: string[]; answers: string[] } | { error: string } {
  let lines = [...original];
  const answers: string[][] = [];
  for (let k = plans.length - 1; k >= 0; k--) {
    const drawn = drawBlock(plans[k], lines, random, analyzer);
    if ('error' in drawn) return drawn;
    answers[k] = drawn.answers;
    lines = drawn.lines;
  }
  return { lines, answers: answers.flat() };
}

function drawBlock(
  plan: BlockPlan,
  lines: readonly string[],
  random: Random,
  analyzer: DocumentAnalyzer,
): { lines: string[]; answers: string[] } | { error: string } {
  const keep = plan.vary?.kind === 'none';
  const vary = plan.vary && plan.vary.kind !== 'none' ? plan.vary : undefined;
  let last = '';
  for (let attempt = 0; attempt < (keep ? 1 : MAX_ATTEMPTS); attempt++) {
    const givenEdits: Edit[] = [];
    const drawn: { from: Matrix; to: Matrix }[] = [];
    if (!keep) {
      for (const g of plan.givens) {
        const { value, integers } = g.written.literal;
        const whole = Array.from(integers).every((i) => i === 1);
        const next = drawGiven(random, value, g.role, whole, vary);
        drawn.push({ from: value, to: next });
        if (next !== value)
          givenEdits.push({ range: g.range, text: writeLiteral(next, g.written.style, (x) => String(Number(x.toFixed(6)))) });
      }
    }
    const first = analyzeAt(analyzer, applyEdits(lines, givenEdits), plan);
    if (!first) return { error: `${blockName(plan)}: the block was not found again in its variant; please report it` };
    const answerEdits: Edit[] = [];
    const answers: string[] = [];
    const decimals = new Map<string, number>();
    first.checks.forEach((c, j) => {
      const check = plan.checks[j];
      const answer = check && c.computed ? answerText(check, c.computed, plan.precision) : undefined;
      if (!check || !answer) {
        answers.push(check?.text ?? '');
        return;
      }
      answerEdits.push({ range: check.range, text: answer.text });
      answers.push(answer.text);
      decimals.set(check.name, Math.min(decimals.get(check.name) ?? Infinity, answer.decimals));
    });
    const next = applyEdits(lines, [...givenEdits, ...answerEdits]);
    const final = analyzeAt(analyzer, next, plan);
    if (!final) return { error: `${blockName(plan)}: the block was not found again in its variant; please report it` };
    const failed = final.checks.find((c) => !c.pass);
    const saturated = keep ? undefined : findSaturation(final, (name) => decimals.get(name) ?? plan.precision);
    // The prose is above the block, so its edits leave the block's lines where they are.
    if (!failed && !saturated) return { lines: applyEdits(next, proseEdits(plan, lines, drawn)), answers };
    last = failed
      ? `check ${failed.written} (line ${plan.block.line + failed.range.start.line + 1}) fails against its recomputed answer`
      : saturated!.message;
  }
  return keep
    ? { error: `${blockName(plan)} is vary=none, but ${last}; correct the block or let it vary` }
    : {
        error:
          `${blockName(plan)}: none of ${MAX_ATTEMPTS} draws avoided a saturated gate or a failing check (the last: ${last}); ` +
          'give the block a narrower range (vary=dec(-1,1,1)) or smaller inputs',
      };
}

/** The block of the plan in `lines`, analysed with its steps. */
function analyzeAt(analyzer: DocumentAnalyzer, lines: readonly string[], plan: BlockPlan): AnalysisWithSteps | undefined {
  const found = analyzer.analyze(lines.join('\n')).blocks.find((b) => b.block.line === plan.block.line);
  return found && withSteps(found.block, found.analysis);
}

/**
 * A recomputed answer at the decimals the note's answer used. An answer written in whole numbers
 * whose new value is not whole is written at the block's precision: 0 decimals would show every
 * gate as 0 or 1.
 */
function answerText(check: CheckPlan, computed: Matrix, precision: number): { text: string; decimals: number } | undefined {
  const written = check.written;
  if (!written || written.literal.value.data.length !== computed.data.length) return undefined;
  let decimals = writtenDecimals(written.literal.units);
  if (decimals === 0 && computed.data.some((x) => Math.abs(x - Math.round(x)) > 1e-9)) decimals = precision;
  const shaped: Matrix = { rows: written.literal.value.rows, cols: written.literal.value.cols, data: computed.data };
  return { text: writeLiteral(shaped, written.style, (x) => fixed(x, decimals)), decimals };
}
