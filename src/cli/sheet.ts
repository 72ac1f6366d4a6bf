// `rnn-math render NOTES.md --sheet questions|solutions`: an exam sheet of the notes as a
// standalone HTML page, a PDF (--pdf) or a LaTeX document (--format latex). What the question
// sheet leaves out is said on stderr with the note's line, so the author can fix the prose.
import type { KatexMacros } from '../markdown/solution/macros';
import { standalonePage } from '../markdown/solution/page';
import { renderSheet, type RenderedSheet, type SheetKind } from '../markdown/sheet/render';
import { latexSheet } from '../markdown/latex/sheet';
import { errorMessage, loadAssets, pageTitle, writeOutput, type RenderArgs } from './render';
import { pageRule } from './pdf';

const SHEET_TITLE = { questions: 'question sheet', solutions: 'solution sheet' } as const;

export async function writeSheet(parsed: RenderArgs, kind: SheetKind, text: string, macros?: KatexMacros): Promise<number> {
  const title = `${pageTitle(text, parsed.input)} — ${SHEET_TITLE[kind]}`;
  let page: string;
  let sheet: Omit<RenderedSheet, 'html'>;
  if (parsed.format === 'latex') {
    const tex = latexSheet(text, kind, { title, paper: parsed.paper, keepProse: parsed.keepProse });
    page = tex.latex;
    sheet = tex;
  } else {
    let assets: string[];
    try {
      assets = loadAssets(['sheet.css']);
    } catch (e) {
      process.stderr.write(`rnn-math render: cannot find the page's styles and fonts: ${errorMessage(e)}\n`);
      return 2;
    }
    if (parsed.format === 'pdf') assets.push(pageRule(parsed.paper));
    const rendered = renderSheet(text, kind, { macros, keepProse: parsed.keepProse, compact: parsed.compact });
    page = standalonePage({ title, body: rendered.html, css: assets });
    sheet = rendered;
  }
  for (const w of sheet.withheld) {
    process.stderr.write(
      `${parsed.input}:${w.line + 1}: info sheet-withheld: this prose gives away ${w.number}, the answer to ${w.answer} (line ${w.answerLine + 1}), so the question sheet leaves it out: reword it, or pass --keep-prose to print it as written\n`,
    );
  }
  if (sheet.blocksWithErrors) {
    process.stderr.write(
      `${parsed.input}: warning: ${sheet.blocksWithErrors} block${sheet.blocksWithErrors === 1 ? ' has' : 's have'} errors the sheet does not show: \`rnn-math check ${parsed.input}\` lists them\n`,
    );
  }
  const failed = await writeOutput(parsed, page);
  if (failed) {
    process.stderr.write(`rnn-math render: ${failed}\n`);
    return 2;
  }
  const paper = parsed.format === 'html' ? '' : `, ${parsed.paper === 'a4' ? 'A4' : 'Letter'}`;
  process.stdout.write(`wrote ${parsed.output} (${SHEET_TITLE[kind]}, ${sheet.blocks} block${sheet.blocks === 1 ? '' : 's'}${paper})\n`);
  return 0;
}
