// `rnn-math render --macros file.json`: KaTeX macros from a JSON file, in the shape of VS Code's
// `markdown.math.macros` setting, so a course can keep one file for its preamble. Anything wrong
// with the file is one clear error naming the place and the fix; the page is not written.
import { readMacros, type KatexMacros } from '../markdown/solution/macros';
import { readNote } from './files';

const EXAMPLE = '{"\\\\R": "\\\\mathbb{R}"}';

export function loadMacros(file: string): { macros: KatexMacros } | { error: string } {
  const read = readNote(file); // the notes' reader: stat first, no FIFOs, bounded size
  if ('error' in read) return { error: `cannot read the macros file ${read.error}` };
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (e) {
    const where = jsonErrorPlace(read.text, e);
    return { error: `${file}${where}: not valid JSON (${jsonErrorText(e)}); write the macros as a JSON object such as ${EXAMPLE}` };
  }
  const { macros, problems } = readMacros(value);
  if (problems.length) {
    const lines = problems.map((p) => `${file}${placeOfKey(read.text, p)}: ${p}`);
    return { error: `the macros file has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}` };
  }
  return { macros };
}

/** `:line:col` of a JSON.parse error, from the position V8 reports, or ''. */
function jsonErrorPlace(text: string, e: unknown): string {
  const m = /at position (\d+)/.exec(e instanceof Error ? e.message : '');
  return m ? `:${lineCol(text, Number(m[1]))}` : '';
}

function jsonErrorText(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n', 1)[0];
  const at = message.indexOf(' in JSON at position ');
  return (at < 0 ? message : message.slice(0, at)).slice(0, 200);
}

/** `:line:col` of the key a problem line starts with (its JSON spelling in the file), or ''. */
function placeOfKey(text: string, problem: string): string {
  const m = /^("(?:[^"\\]|\\.)*")/.exec(problem);
  if (!m) return '';
  let key: string;
  try {
    key = JSON.stringify(JSON.parse(m[1]) as string);
  } catch {
    return '';
  }
  const at = text.indexOf(key);
  return at < 0 ? '' : `:${lineCol(text, at)}`;
}

function lineCol(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return `${line}:${offset - start + 1}`;
}
