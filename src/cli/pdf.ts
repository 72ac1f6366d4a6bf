// `--pdf`: prints a standalone page to PDF with headless Chromium (Debian's `chromium`, found on
// PATH or given with --chromium). Chromium is spawned with its own --print-to-pdf rather than
// driven through playwright-core: that is a development dependency, and the CLI's package has
// no dependencies, while --print-to-pdf honours the page's CSS `@page { size }` (the paper) and
// `break-*` rules, which is all a sheet needs. The page has no scripts and loads nothing (its
// CSP), so the browser runs in a throwaway profile with networking off.
import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

export type Paper = 'a4' | 'letter';
export const PAPERS: readonly Paper[] = ['a4', 'letter'];

/** The CSS that sets the paper: Chromium's --print-to-pdf takes its page size from `@page`. */
export function pageRule(paper: Paper): string {
  return `@page { size: ${paper === 'a4' ? 'A4' : 'letter'}; margin: 16mm 15mm; }`;
}

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
/** How long one print may take before the browser is stopped. */
const PRINT_TIMEOUT_MS = 120_000;

export function findChromium(explicit?: string, envPath = process.env.PATH ?? ''): { path: string } | { error: string } {
  if (explicit !== undefined) {
    const why = notExecutable(explicit);
    return why ? { error: `--chromium ${explicit}: ${why}` } : { path: explicit };
  }
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const name of NAMES) {
      const candidate = path.join(dir, name);
      if (!notExecutable(candidate)) return { path: candidate };
    }
  }
  return {
    error: `--pdf needs headless Chromium, and none of ${NAMES.join(', ')} is on PATH: install Debian's chromium (apt-get install chromium) or give --chromium PATH`,
  };
}

function notExecutable(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'no such file';
  }
  if (!stat.isFile()) return 'not a file';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'not executable';
  }
  return undefined;
}

/** Printable width and height of a page in CSS pixels (96 per inch), inside pageRule's margins. */
const PRINTABLE: Record<Paper, { width: number; height: number }> = {
  a4: { width: mm(210 - 30), height: mm(297 - 32) },
  letter: { width: 8.5 * 96 - mm(30), height: 11 * 96 - mm(32) },
};

function mm(x: number): number {
  return Math.floor((x * 96) / 25.4);
}

/** Print text is 11pt where the screen's is 16px: heights shrink by about this much. */
const PRINT_SCALE = (11 * 96) / 72 / 16;

/**
 * `break-inside: avoid` moves a card that is taller than a page to a fresh page and splits it
 * there anyway, leaving the page before it empty. CSS cannot ask whether an element fits, so
 * the page printed gets one script (its CSP allows only that one, by nonce): after the load
 * (fonts included), it marks each card taller than a page `rnn-card--tall`, which may break.
 * The browser's window has the printable width, so the cards are laid out as they print.
 */
export function printablePage(html: string, paper: Paper, nonce: string): string {
  const limit = Math.floor(PRINTABLE[paper].height / PRINT_SCALE);
  const script =
    `<script nonce="${nonce}">addEventListener('load',function(){document.querySelectorAll('.rnn-card').forEach(function(c){` +
    `if(c.getBoundingClientRect().height>${limit})c.classList.add('rnn-card--tall');});});</script>`;
  return html
    .replace(/(<meta http-equiv="Content-Security-Policy" content="default-src 'none';)/, `$1 script-src 'nonce-${nonce}';`)
    .replace('</body>', `${script}\n</body>`);
}

/** Prints `html` (a standalone page) to `output`; resolves with an error message or undefined. */
export async function printPdf(chromium: string, html: string, output: string, paper: Paper): Promise<string | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-math-pdf-'));
  try {
    const page = path.join(dir, 'sheet.html');
    const pdf = path.join(dir, 'sheet.pdf');
    fs.writeFileSync(page, printablePage(html, paper, randomBytes(16).toString('hex')));
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-sync',
      '--hide-scrollbars',
      `--window-size=${PRINTABLE[paper].width},${PRINTABLE[paper].height}`,
      `--user-data-dir=${path.join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ];
    // Chromium refuses its sandbox as root (containers, CI); the page runs no script either way.
    if (typeof process.getuid === 'function' && process.getuid() === 0) args.unshift('--no-sandbox');
    const failed = await run(chromium, args);
    if (!fs.existsSync(pdf) || fs.statSync(pdf).size === 0) return `${path.basename(chromium)} wrote no PDF${failed ? `: ${failed}` : ''}`;
    fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
    fs.copyFileSync(pdf, output);
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the browser to its end; resolves with why it failed (its last stderr line), or undefined. */
function run(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), PRINT_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(e.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) resolve(`stopped by ${signal}${signal === 'SIGKILL' ? ` after ${PRINT_TIMEOUT_MS / 1000} s` : ''}`);
      else if (code) resolve(lastLine(stderr) ?? `exit code ${code}`);
      else resolve(undefined);
    });
  });
}

function lastLine(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim());
  return lines.reverse().find((l) => l) || undefined;
}
