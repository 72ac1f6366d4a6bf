// The note's Markdown as LaTeX body text, from markdown-it's tokens: headings, paragraphs,
// lists, quotes, tables, code, and `$…$` / `$$…$$` math passed through as math. Every other
// character is escaped, so prose can never start a command. Math is the author's own TeX, so it
// passes only when it cannot leave math mode or reach the file system or the shell (safeMath).
import type Token from 'markdown-it/lib/token.mjs';
import { escapeLatexText } from '../solution/escape';
import { WITHHELD, WITHHELD_NOTE } from '../sheet/withhold';

export interface ProseOptions {
  /** LaTeX of an `lstm` / `gru` / `rnn` fence (the token carries the analysis). */
  readonly block: (token: Token) => string;
  /** `\clearpage` before every `##` heading but the first: one question per page. */
  readonly pagePerSection?: boolean;
}

const HEADINGS: Record<string, string> = { h1: 'section*', h2: 'subsection*', h3: 'subsubsection*' };

/**
 * Control words math may not use: file and shell access, definitions (which could hide the
 * others), catcode and expansion tricks, and what would end the document.
 */
const DENIED = new Set(
  'input include includeonly InputIfFileExists openin openout read readline write write18 immediate ShellEscape directlua luaexec latelua special pdfprimitive catcode lccode uccode def gdef edef xdef let futurelet newcommand renewcommand providecommand DeclareRobustCommand newenvironment renewenvironment csname expandafter noexpand makeatletter makeatother usepackage RequirePackage documentclass end begin jobname endinput scantokens everyeof'.split(
    ' ',
  ),
);

/** Environments math may open (and close): amsmath's matrices and alignments, cases, arrays. */
const ENVIRONMENTS = new Set([
  'matrix',
  'pmatrix',
  'bmatrix',
  'Bmatrix',
  'vmatrix',
  'Vmatrix',
  'smallmatrix',
  'cases',
  'array',
  'aligned',
  'gathered',
  'split',
]);

/** The formula when it is safe to pass through as math, else undefined. */
export function safeMath(tex: string): string | undefined {
  let depth = 0;
  for (let k = 0; k < tex.length; k++) {
    const c = tex[k];
    if (c === '$' || c === '%' || c === '#' || (c === '^' && tex[k + 1] === '^')) return undefined;
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return undefined;
    else if (c === '\\') {
      const next = tex[k + 1] ?? '';
      if (next === '[' || next === ']' || next === '(' || next === ')') return undefined;
      if (!/[A-Za-z@]/.test(next)) {
        k++;
        continue;
      }
      let end = k + 1;
      while (end < tex.length && /[A-Za-z@]/.test(tex[end])) end++;
      const word = tex.slice(k + 1, end);
      if (word.includes('@')) return undefined;
      if (word === 'begin' || word === 'end') {
        const close = tex.indexOf('}', end);
        if (close < 0 || tex[end] !== '{' || !ENVIRONMENTS.has(tex.slice(end + 1, close))) return undefined;
      } else if (DENIED.has(word)) return undefined;
      k = end - 1;
    }
  }
  return depth === 0 ? tex.trim() : undefined;
}

/** A formula the check refused: its source as typewriter text. */
function mathAsText(tex: string): string {
  return `\\texttt{${escapeLatexText(tex)}}`;
}

export function proseToLatex(tokens: readonly Token[], options: ProseOptions): string {
  const out: string[] = [];
  let sections = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    switch (t.type) {
      case 'heading_open':
        if (t.tag === 'h2' && options.pagePerSection && sections++ > 0) out.push('\\clearpage\n');
        out.push(`\\${HEADINGS[t.tag] ?? 'paragraph*'}{`);
        break;
      case 'heading_close':
        out.push('}\n\n');
        break;
      case 'paragraph_close':
        out.push(t.hidden ? '\n' : '\n\n');
        break;
      case 'inline':
        out.push(inlineToLatex(t.children ?? []));
        break;
      case 'bullet_list_open':
        out.push('\\begin{itemize}\n');
        break;
      case 'bullet_list_close':
        out.push('\\end{itemize}\n\n');
        break;
      case 'ordered_list_open':
        out.push('\\begin{enumerate}\n');
        break;
      case 'ordered_list_close':
        out.push('\\end{enumerate}\n\n');
        break;
      case 'list_item_open':
        out.push('\\item ');
        break;
      case 'blockquote_open':
        out.push('\\begin{quote}\n');
        break;
      case 'blockquote_close':
        out.push('\\end{quote}\n\n');
        break;
      case 'hr':
        out.push('\\medskip\\noindent\\rule{\\linewidth}{0.4pt}\\medskip\n\n');
        break;
      case 'math_block':
      case 'math_block_eqno': {
        const safe = safeMath(t.content);
        out.push(safe !== undefined ? `\\[\n${safe}\n\\]\n\n` : `\\noindent ${mathAsText(t.content)}\n\n`);
        break;
      }
      case 'fence':
        out.push(t.meta?.rnnMath ? options.block(t) : codeBlock(t.content));
        break;
      case 'code_block':
        out.push(codeBlock(t.content));
        break;
      case 'table_open': {
        const end = tokens.findIndex((x, j) => j > k && x.type === 'table_close');
        out.push(tableToLatex(tokens.slice(k, end < 0 ? tokens.length : end)));
        k = end < 0 ? tokens.length : end;
        break;
      }
      case WITHHELD:
        out.push(`\\emph{${escapeLatexText(WITHHELD_NOTE)}}\n\n`);
        break;
      default:
        break;
    }
  }
  return out.join('');
}

function inlineToLatex(children: readonly Token[]): string {
  let s = '';
  for (const c of children) {
    switch (c.type) {
      case 'text':
        s += escapeLatexText(c.content);
        break;
      case 'code_inline':
        s += `\\texttt{${escapeLatexText(c.content)}}`;
        break;
      case 'math_inline': {
        const safe = safeMath(c.content);
        s += safe !== undefined ? `$${safe}$` : mathAsText(c.content);
        break;
      }
      case 'softbreak':
        s += '\n';
        break;
      case 'hardbreak':
        s += '\\\\\n';
        break;
      case 'em_open':
        s += '\\emph{';
        break;
      case 'strong_open':
        s += '\\textbf{';
        break;
      case 'em_close':
      case 'strong_close':
        s += '}';
        break;
      case 'image':
        s += escapeLatexText(c.content);
        break;
      case WITHHELD:
        s += `\\emph{${escapeLatexText(WITHHELD_NOTE)}}`;
        break;
      default:
        // links keep their text (the children between link_open and link_close)
        break;
    }
  }
  return s;
}

/** Code as typewriter lines (not verbatim: its text could end the environment). */
function codeBlock(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const body = lines.map((l) => (l ? `\\texttt{${escapeLatexText(l).replace(/ /g, '~')}}` : '~')).join('\\\\\n');
  return `\\begin{flushleft}\n${body}\n\\end{flushleft}\n\n`;
}

function tableToLatex(tokens: readonly Token[]): string {
  const rows: string[][] = [];
  for (const t of tokens) {
    if (t.type === 'tr_open') rows.push([]);
    else if (t.type === 'inline' && rows.length) rows[rows.length - 1].push(inlineToLatex(t.children ?? []));
  }
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const body = rows.map((r, i) => r.join(' & ') + ' \\\\' + (i === 0 ? ' \\hline' : '')).join('\n');
  return `\\begin{tabular}{${'l'.repeat(cols)}}\n${body}\n\\end{tabular}\n\n`;
}
