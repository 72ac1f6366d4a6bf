// `rnn-math variants EXAM.md --count N --seed S [-o DIR]`: one note per student (variant-01.md …),
// each with its page, and key.csv. The drawing is src/exam/variants.ts; this is the files.
import * as fs from 'fs';
import * as path from 'path';
import { makeVariants, MAX_VARIANTS, type VariantNote } from '../exam/variants';
import { keyCsv } from '../exam/key';
import { readNote } from './files';
import { loadAssets, pageTitle } from './render';
import { renderSheet } from '../markdown/sheet/render';
import { standalonePage } from '../markdown/solution/page';
import { parsedOrUsage } from './usage';

export const USAGE = 'usage: rnn-math variants EXAM.md --count N --seed S [-o DIR]';

interface VariantArgs {
  input: string;
  count: number;
  seed: number;
  output: string;
}

const WHOLE = /^\d+$/;

export function parseVariantArgs(args: readonly string[]): VariantArgs | string {
  let input: string | undefined;
  let count: string | undefined;
  let seed: string | undefined;
  let output: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = flag !== arg ? arg.slice(eq + 1) : undefined;
    if (flag === '--count' || flag === '--seed' || flag === '-o' || flag === '--output') {
      const value = inline ?? args[++k];
      if (value === undefined || value === '') return `${flag} needs a value`;
      if (flag === '--count') count = value;
      else if (flag === '--seed') seed = value;
      else output = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option '${arg}'`;
    } else if (input !== undefined) {
      return 'variants takes one Markdown file';
    } else input = arg;
  }
  if (!input) return 'missing EXAM.md';
  if (count === undefined) return `missing --count (how many variants, 1 to ${MAX_VARIANTS})`;
  if (!WHOLE.test(count) || Number(count) < 1 || Number(count) > MAX_VARIANTS)
    return `--count ${count} is not valid; use a whole number from 1 to ${MAX_VARIANTS}`;
  if (seed === undefined) return 'missing --seed (a whole number, e.g. --seed 2026: the same seed gives the same variants)';
  if (!WHOLE.test(seed) || Number(seed) > 0xffffffff) return `--seed ${seed} is not valid; use a whole number from 0 to 4294967295`;
  return { input, count: Number(count), seed: Number(seed), output: output ?? input.replace(/\.(md|markdown)$/i, '') + '-variants' };
}

export async function runVariants(args: string[]): Promise<number> {
  const parsed = parsedOrUsage('variants', USAGE, args, parseVariantArgs);
  if (typeof parsed === 'number') return parsed;
  const read = readNote(parsed.input);
  if ('error' in read) return fail(`cannot read ${read.error}`);
  const made = makeVariants(read.text, { count: parsed.count, seed: parsed.seed });
  if ('error' in made) return fail(`${parsed.input}: ${made.error}`);
  let assets: string[];
  try {
    assets = loadAssets(['sheet.css']);
  } catch (e) {
    return fail(`cannot find the page's styles and fonts: ${message(e)}`);
  }
  const dir = parsed.output;
  try {
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) return fail(`${dir} is not a folder; give -o a folder`);
    fs.mkdirSync(dir, { recursive: true });
    for (const v of made.variants) {
      fs.writeFileSync(path.join(dir, `${v.id}.md`), v.text);
      for (const sheet of variantSheets(v, parsed.input, assets)) fs.writeFileSync(path.join(dir, sheet.file), sheet.html);
    }
    fs.writeFileSync(path.join(dir, 'key.csv'), keyCsv(made));
  } catch (e) {
    return fail(`cannot write to ${dir}: ${message(e)}`);
  }
  const ids = made.variants.map((v) => v.id);
  process.stdout.write(
    `wrote ${ids.length} variant${ids.length === 1 ? '' : 's'} of ${parsed.input} to ${dir}: ` +
      `${ids.length > 1 ? `${ids[0]}.md … ${ids[ids.length - 1]}.md` : `${ids[0]}.md`}, their pages and key.csv (seed ${parsed.seed})\n`,
  );
  return 0;
}

/** The pages of one variant: every sheet a variant gets is written through here. */
export function variantSheets(variant: VariantNote, input: string, assets: string[]): { file: string; html: string }[] {
  const title = `${pageTitle(variant.text, input)} (${variant.id})`;
  return (['questions', 'solutions'] as const).map((kind) => ({
    file: `${variant.id}-${kind}.html`,
    html: standalonePage({
      title: `${title} — ${kind === 'questions' ? 'question' : 'solution'} sheet`,
      body: renderSheet(variant.text, kind).html,
      css: assets,
    }),
  }));
}

function fail(text: string): number {
  process.stderr.write(`rnn-math variants: ${text}\n`);
  return 2;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
