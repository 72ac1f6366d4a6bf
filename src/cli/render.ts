// `rnn-math render NOTES.md [-o out.html] [--no-source] [--compact] [--macros file.json]`: the notes as one standalone HTML page
// with the solution cards (the preview's renderer), KaTeX styles and fonts inlined, so the page
// opens offline and can be mailed or published as a single file. `--sheet questions|solutions`
// makes an exam sheet of it instead (sheet.ts), as HTML, PDF (`--pdf`) or LaTeX.
import * as fs from 'fs';
import * as path from 'path';
import { isSpace } from '../engine/parse/statements';
import { analyzeDocument } from '../markdown/document';
import { solutionPlugin } from '../markdown/previewPlugin';
import { withMacros, withMathBudget } from '../markdown/solution/math';
import { notesMarkdownIt } from '../markdown/notesMarkdown';
import type { KatexMacros } from '../markdown/solution/macros';
import { SHEET_KINDS, type SheetKind } from '../markdown/sheet/render';
import { loadMacros } from './macros';
import { standalonePage } from '../markdown/solution/page';
import { fileKind, isMarkdownName, readNote, stripBom } from './files';
import { findChromium, PAPERS, pageRule, printPdf, type Paper } from './pdf';
import { writeSheet } from './sheet';
import { parsedOrUsage, usageError } from './usage';

export const USAGE = `usage: rnn-math render NOTES.md [-o FILE] [--no-source] [--compact] [--macros file.json]
         [--sheet questions|solutions [--keep-prose]] [--pdf [--chromium PATH]] [--paper a4|letter] [--format html|latex]`;

export type OutputFormat = 'html' | 'pdf' | 'latex';

export interface RenderArgs {
  input: string;
  output: string;
  showSource: boolean;
  /** A handout: each card's steps collapsed, checks one line each. */
  compact: boolean;
  /** A JSON file of KaTeX macros, as VS Code's `markdown.math.macros` holds them. */
  macros?: string;
  sheet?: SheetKind;
  format: OutputFormat;
  paper: Paper;
  chromium?: string;
  /** Question sheet: print prose that gives an answer away as written. */
  keepProse: boolean;
}

const VALUE_FLAGS: Record<string, string> = {
  '-o': 'a file name',
  '--output': 'a file name',
  '--macros': 'a JSON file',
  '--sheet': 'questions or solutions',
  '--paper': 'a4 or letter',
  '--chromium': 'the path of a Chromium executable',
  '--format': 'html or latex',
};

const ENUMERATED = new Set(['--sheet', '--paper', '--format']);

export function parseArgs(args: readonly string[]): RenderArgs | string {
  let input: string | undefined;
  const values = new Map<string, string>();
  let showSource = true;
  let compact = false;
  let pdf = false;
  let keepProse = false;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag in VALUE_FLAGS) {
      const value = eq > 0 ? arg.slice(eq + 1) : args[++k];
      // `--sheet -o x.html`: the next option is not a value (file names may start with -)
      if (!value || (ENUMERATED.has(flag) && value.startsWith('-'))) return `${flag} needs ${VALUE_FLAGS[flag]}`;
      values.set(flag === '-o' ? '--output' : flag, value);
    } else if (arg === '--no-source') {
      showSource = false;
    } else if (arg === '--compact') {
      compact = true;
    } else if (arg === '--pdf') {
      pdf = true;
    } else if (arg === '--keep-prose') {
      keepProse = true;
    } else if (arg === '--') {
      if (args.length > k + 2 || input) return 'render takes one Markdown file';
      input = args[k + 1];
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option '${arg}'`;
    } else if (input !== undefined) {
      return 'render takes one Markdown file';
    } else {
      input = arg;
    }
  }
  if (!input) return 'missing NOTES.md';
  const sheetValue = values.get('--sheet');
  if (sheetValue !== undefined && !(SHEET_KINDS as readonly string[]).includes(sheetValue)) {
    return `unknown --sheet value '${sheetValue}' (questions or solutions)`;
  }
  const sheet = sheetValue as SheetKind | undefined;
  const formatValue = values.get('--format') ?? 'html';
  if (formatValue !== 'html' && formatValue !== 'latex') return `unknown --format value '${formatValue}' (html or latex)`;
  const paperValue = (values.get('--paper') ?? 'a4').toLowerCase();
  if (!(PAPERS as readonly string[]).includes(paperValue)) return `unknown --paper value '${values.get('--paper')}' (a4 or letter)`;
  if (formatValue === 'latex' && !sheet) return '--format latex writes a sheet: add --sheet questions or --sheet solutions';
  if (formatValue === 'latex' && pdf) return '--pdf prints the HTML sheet; --format latex writes a .tex file (pdflatex makes its PDF)';
  if (values.has('--paper') && !pdf && formatValue !== 'latex') return '--paper sets the paper of --pdf or --format latex';
  if (values.has('--chromium') && !pdf) return '--chromium is the browser --pdf prints with: add --pdf';
  if (keepProse && sheet !== 'questions') return '--keep-prose applies to --sheet questions';
  if (sheet && !showSource) return "--no-source is for the notes page: a sheet never shows the blocks' source";
  const format: OutputFormat = pdf ? 'pdf' : formatValue;
  const extension = format === 'latex' ? '.tex' : `.${format}`;
  const output = values.get('--output') ?? input.replace(/\.(md|markdown)$/i, '') + (sheet ? `-${sheet}` : '') + extension;
  return {
    input,
    output,
    showSource,
    compact,
    macros: values.get('--macros'),
    sheet,
    format,
    paper: paperValue as Paper,
    chromium: values.get('--chromium'),
    keepProse,
  };
}

export async function runRender(args: string[]): Promise<number> {
  const parsed = parsedOrUsage('render', USAGE, args, parseArgs);
  if (typeof parsed === 'number') return parsed;
  const read = readNote(parsed.input);
  if ('error' in read) {
    process.stderr.write(`rnn-math render: cannot read ${read.error}\n`);
    return 2;
  }
  const text = read.text;
  let macros: KatexMacros | undefined;
  if (parsed.macros !== undefined) {
    const loaded = loadMacros(parsed.macros);
    if ('error' in loaded) {
      process.stderr.write(`rnn-math render: ${loaded.error}\n`);
      return 2;
    }
    macros = loaded.macros;
  }
  const refused = refuseOutput(parsed.input, parsed.output);
  if (refused) return usageError('render', USAGE, refused);
  if (parsed.sheet) return writeSheet(parsed, parsed.sheet, text, macros);
  let assets: string[];
  try {
    // sheet.css has the print rules (no card split across pages), for any PDF
    assets = loadAssets(parsed.format === 'pdf' ? ['sheet.css'] : []);
  } catch (e) {
    process.stderr.write(`rnn-math render: cannot find the page's styles and fonts: ${errorMessage(e)}\n`);
    return 2;
  }
  const { html, blocks, failed } = renderNotes(text, { showSource: parsed.showSource, compact: parsed.compact, macros });
  if (parsed.format === 'pdf') assets.push(pageRule(parsed.paper));
  const page = standalonePage({ title: pageTitle(text, parsed.input), body: html, css: assets });
  const written = await writeOutput(parsed, page);
  if (written) {
    process.stderr.write(`rnn-math render: ${written}\n`);
    return 2;
  }
  process.stdout.write(
    `wrote ${parsed.output} (${blocks} block${blocks === 1 ? '' : 's'}${failed ? `, ${failed} failed check${failed === 1 ? '' : 's'}` : ''})\n`,
  );
  return 0;
}

/** Writes the page (HTML or LaTeX) or prints it to PDF; resolves with an error message or undefined. */
export async function writeOutput(parsed: RenderArgs, page: string): Promise<string | undefined> {
  if (parsed.format === 'pdf') {
    const chromium = findChromium(parsed.chromium);
    if ('error' in chromium) return chromium.error;
    const failed = await printPdf(chromium.path, page, parsed.output, parsed.paper);
    return failed ? `cannot print ${parsed.output}: ${failed}` : undefined;
  }
  try {
    fs.mkdirSync(path.dirname(path.resolve(parsed.output)), { recursive: true });
    fs.writeFileSync(parsed.output, page);
  } catch (e) {
    return `cannot write ${parsed.output}: ${errorMessage(e)}`;
  }
  return undefined;
}

export interface RenderedNotes {
  readonly html: string;
  readonly blocks: number;
  readonly failed: number;
}

/** The notes' body HTML: markdown-it like VS Code's preview (notesMarkdownIt), prose math, cards. */
export function renderNotes(text: string, options: { showSource?: boolean; compact?: boolean; macros?: KatexMacros } = {}): RenderedNotes {
  let blocks = 0;
  let failed = 0;
  const md = notesMarkdownIt();
  solutionPlugin(md, {
    analyze: (src) => {
      const doc = analyzeDocument(src);
      blocks = doc.blocks.length;
      failed = doc.blocks.reduce((n, b) => n + b.analysis.checks.filter((c) => !c.pass && !c.error).length, 0);
      return doc;
    },
    showSource: () => options.showSource !== false,
    compact: () => options.compact === true,
  });
  // the macros reach the prose's formulas (safeKatex) and the cards' alike
  const html = withMathBudget(() => withMacros(options.macros, () => md.render(stripBom(text))));
  return { html, blocks, failed };
}

/**
 * Why the page may not be written to `output`, or undefined: never over the notes themselves
 * (the same file by real path, or by device and inode: symlinks, `./x.md`, hard links), never
 * over any Markdown file (`-o other.md`, or a link to one), never over a folder or special file.
 */
export function refuseOutput(input: string, output: string): string | undefined {
  if (isMarkdownName(output)) return `refusing to write the page to ${output}: it is a Markdown file (give -o NAME.html)`;
  let target: fs.Stats | undefined;
  try {
    target = fs.statSync(output);
  } catch {
    /* a new file, or a broken link */
  }
  let real: string | undefined;
  try {
    real = fs.realpathSync(output);
  } catch {
    // A new file: its folder's real path and its name.
    try {
      real = path.join(fs.realpathSync(path.dirname(path.resolve(output))), path.basename(output));
    } catch {
      /* folder made below */
    }
  }
  if (real && isMarkdownName(real)) return `refusing to write the page to ${output}: it leads to the Markdown file ${real}`;
  if (!target) {
    // A dangling symlink would be written through to where it points.
    try {
      const link = fs.lstatSync(output);
      if (link.isSymbolicLink()) {
        const dest = fs.readlinkSync(output);
        if (isMarkdownName(dest)) return `refusing to write the page to ${output}: it links to the Markdown file ${dest}`;
      }
    } catch {
      /* no such path */
    }
    return undefined;
  }
  if (target.isDirectory()) return `cannot write the page to ${output}: it is a folder`;
  if (!target.isFile()) return `refusing to write the page to ${output}: it is ${fileKind(target)}, not a regular file`;
  let source: fs.Stats | undefined;
  try {
    source = fs.statSync(input);
  } catch {
    /* read above */
  }
  let realInput: string | undefined;
  try {
    realInput = fs.realpathSync(input);
  } catch {
    /* read above */
  }
  if ((source && source.dev === target.dev && source.ino === target.ino) || (realInput && real && realInput === real)) {
    return `refusing to write the page over its own notes ${input} (give -o NAME.html)`;
  }
  return undefined;
}

/** Longest page title, in characters (code points); longer headings are cut with … */
export const MAX_TITLE = 200;

/**
 * The page title: the text of the first `# ` heading (an ATX level-1 heading: up to three
 * spaces, one `#`, a space or tab, the text, an optional closing run of `#` after a space), else
 * the file's name. A loop over each line's characters, never a regular expression: the old
 * `/^ {0,3}#\s+(.+?)\s*#*\s*$/m` was cubic on a heading of many spaces.
 */
export function pageTitle(text: string, file: string): string {
  const heading = firstHeading(text);
  return heading === undefined ? path.basename(file) : boundTitle(heading);
}

export function firstHeading(text: string): string | undefined {
  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = start;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    let i = start;
    while (i < end && i - start < 3 && text.charCodeAt(i) === 32) i++;
    if (i < end && text.charCodeAt(i) === 35 && i + 1 < end && isSpace(text.charCodeAt(i + 1))) {
      let a = i + 1;
      while (a < end && isSpace(text.charCodeAt(a))) a++;
      let b = end;
      while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      // A closing run of # counts when a blank is before it (or it is all there is).
      let h = b;
      while (h > a && text.charCodeAt(h - 1) === 35) h--;
      if (h < b && (h === a || isSpace(text.charCodeAt(h - 1)))) {
        b = h;
        while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      }
      if (b > a) return text.slice(a, b);
    }
    start = end;
    if (start < n && text.charCodeAt(start) === 13) start++;
    if (start < n && text.charCodeAt(start) === 10) start++;
  }
  return undefined;
}

/** At most MAX_TITLE code points, cut between two (never inside a surrogate pair), with … when cut. */
export function boundTitle(title: string): string {
  if (title.length <= MAX_TITLE) return title;
  let units = 0;
  for (let count = 0; count < MAX_TITLE && units < title.length; count++) {
    const c = title.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < title.length ? 2 : 1;
  }
  return units >= title.length ? title : title.slice(0, units).trimEnd() + '…';
}

/** KaTeX's CSS with its woff2 fonts as data: URLs, then the card and page styles, then `extra` (media/ files). */
export function loadAssets(extra: readonly string[] = []): string[] {
  const media = findMedia();
  const katexDir = fs.existsSync(path.join(media, 'katex', 'katex.min.css'))
    ? path.join(media, 'katex')
    : path.dirname(require.resolve('katex/dist/katex.min.css'));
  const katexCss = inlineFonts(fs.readFileSync(path.join(katexDir, 'katex.min.css'), 'utf8'), katexDir);
  return [katexCss, ...['solution.css', 'page.css', ...extra].map((file) => fs.readFileSync(path.join(media, file), 'utf8'))];
}

/** The extension's media/ folder, looked for above this file (dist/cli.js or out/src/cli/render.js). */
function findMedia(): string {
  let dir = __dirname;
  for (let up = 0; up < 6; up++) {
    const candidate = path.join(dir, 'media');
    if (fs.existsSync(path.join(candidate, 'solution.css'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`no media/solution.css above ${__dirname}`);
}

/** Keeps only the woff2 source of each @font-face and inlines it. */
export function inlineFonts(css: string, dir: string): string {
  return css.replace(/src:([^;}]+)/g, (whole, list: string) => {
    const sources = list.split(/,(?=\s*url\()/);
    const woff2 = sources.find((s) => /\.woff2\)/.test(s));
    if (!woff2) return whole;
    const file = urlOf(woff2);
    if (!file) return whole;
    const data = fs.readFileSync(path.join(dir, file)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

/** The address in a stylesheet's `url(…)`, quotes and spaces aside (indexOf, not a backtracking regex). */
function urlOf(source: string): string | undefined {
  const open = source.indexOf('url(');
  const close = open < 0 ? -1 : source.indexOf(')', open);
  if (close < 0) return undefined;
  const inner = source.slice(open + 4, close).trim();
  const unquoted = /^["']/.test(inner) ? inner.slice(1, inner.endsWith(inner[0]) ? -1 : undefined) : inner;
  return unquoted || undefined;
}

export function errorMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file';
  if (err && err.code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}
