// `rnn-math render NOTES.md [-o out.html] [--no-source]`: the notes as one standalone HTML page
// with the solution cards (the preview's renderer), KaTeX styles and fonts inlined, so the page
// opens offline and can be mailed or published as a single file.
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import type markdownItKatex from '@vscode/markdown-it-katex';
import { analyzeDocument } from '../markdown/document';
import { solutionPlugin } from '../markdown/previewPlugin';
import { safeKatex } from '../markdown/solution/math';
import { standalonePage } from '../markdown/solution/page';

const USAGE = 'usage: rnn-math render NOTES.md [-o out.html] [--no-source]';

interface RenderArgs {
  input: string;
  output: string;
  showSource: boolean;
}

function parseArgs(args: readonly string[]): RenderArgs | string {
  let input: string | undefined;
  let output: string | undefined;
  let showSource = true;
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (arg === '-o' || arg === '--output') {
      const value = args[++k];
      if (!value) return `${arg} needs a file name`;
      output = value;
    } else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
      if (!output) return '--output needs a file name';
    } else if (arg === '--no-source') {
      showSource = false;
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
  if (!output) output = input.replace(/\.(md|markdown)$/i, '') + '.html';
  return { input, output, showSource };
}

export async function runRender(args: string[]): Promise<number> {
  if (args.includes('-h') || args.includes('--help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`rnn-math render: ${parsed}\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    const stat = fs.statSync(parsed.input);
    if (!stat.isFile()) throw new Error('not a file');
    text = fs.readFileSync(parsed.input, 'utf8');
  } catch (e) {
    process.stderr.write(`rnn-math render: cannot read ${parsed.input}: ${errorMessage(e)}\n`);
    return 2;
  }
  let assets: string[];
  try {
    assets = loadAssets();
  } catch (e) {
    process.stderr.write(`rnn-math render: cannot find the page's styles and fonts: ${errorMessage(e)}\n`);
    return 2;
  }
  const { html, blocks, failed } = renderNotes(text, { showSource: parsed.showSource });
  const page = standalonePage({ title: pageTitle(text, parsed.input), body: html, css: assets });
  try {
    fs.mkdirSync(path.dirname(path.resolve(parsed.output)), { recursive: true });
    fs.writeFileSync(parsed.output, page);
  } catch (e) {
    process.stderr.write(`rnn-math render: cannot write ${parsed.output}: ${errorMessage(e)}\n`);
    return 2;
  }
  process.stdout.write(`wrote ${parsed.output} (${blocks} block${blocks === 1 ? '' : 's'}${failed ? `, ${failed} failed check${failed === 1 ? '' : 's'}` : ''})\n`);
  return 0;
}

export interface RenderedNotes {
  readonly html: string;
  readonly blocks: number;
  readonly failed: number;
}

/**
 * The notes' body HTML: markdown-it like VS Code's preview, prose math, cards. Raw HTML in the
 * prose is shown as text: notes are untrusted, and the page has no sanitizer behind it.
 */
export function renderNotes(text: string, options: { showSource?: boolean } = {}): RenderedNotes {
  let blocks = 0;
  let failed = 0;
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  // Required here, not imported: the plugin loads KaTeX as it loads, which `rnn-math check` never needs.
  const katexPlugin = (require('@vscode/markdown-it-katex') as { default: typeof markdownItKatex }).default;
  md.use(katexPlugin, { katex: safeKatex, enableBareBlocks: true, enableFencedBlocks: true });
  solutionPlugin(md, {
    analyze: (src) => {
      const doc = analyzeDocument(src);
      blocks = doc.blocks.length;
      failed = doc.blocks.reduce((n, b) => n + b.analysis.checks.filter((c) => !c.pass).length, 0);
      return doc;
    },
    showSource: () => options.showSource !== false,
  });
  return { html: md.render(text), blocks, failed };
}

function pageTitle(text: string, file: string): string {
  const heading = /^ {0,3}#\s+(.+?)\s*#*\s*$/m.exec(text);
  return heading ? heading[1] : path.basename(file);
}

/** KaTeX's CSS with its woff2 fonts as data: URLs, then the card and page styles. */
export function loadAssets(): string[] {
  const media = findMedia();
  const katexDir = fs.existsSync(path.join(media, 'katex', 'katex.min.css'))
    ? path.join(media, 'katex')
    : path.dirname(require.resolve('katex/dist/katex.min.css'));
  const katexCss = inlineFonts(fs.readFileSync(path.join(katexDir, 'katex.min.css'), 'utf8'), katexDir);
  return [
    katexCss,
    fs.readFileSync(path.join(media, 'solution.css'), 'utf8'),
    fs.readFileSync(path.join(media, 'page.css'), 'utf8'),
  ];
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
    const file = /url\(\s*["']?([^"')]+)["']?\s*\)/.exec(woff2)?.[1];
    if (!file) return whole;
    const data = fs.readFileSync(path.join(dir, file)).toString('base64');
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

function errorMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return 'no such file';
  if (err && err.code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}
