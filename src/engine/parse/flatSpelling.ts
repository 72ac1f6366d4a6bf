// A name's LaTeX decoration stripped into the flat spelling the resolver (names.ts) reads:
// `\tilde{C}_{t-1}` → `C~_t-1`, `e^{(t)}` → `e_t`, `h^{[2]}_t` → `h^[2]_t`.
import { skipSpace } from './statements';
import { superscript } from './nameGrammar';

/** Strips LaTeX decoration into a flat spelling: `\\tilde{C}_{t-1}` → `C~_t-1`. */
export function flatten(written: string): string {
  let s = written.trim();
  // One pass per decoration, in this order (`\\hat{\\tilde{C}}` is `C~^`), each a loop over the
  // characters that reads every one once: no regex that rescans an unclosed `{` or `(`.
  if (s.includes('\\')) {
    s = unwrapCommand(s, ['tilde', 'widetilde'], '~');
    s = unwrapCommand(s, ['hat'], '^');
    s = unwrapCommand(s, ['mathbf', 'mathrm', 'boldsymbol', 'bm'], '');
    s = unwrapCommand(s, ['overleftarrow'], '_bwd');
    s = unwrapCommand(s, ['overrightarrow'], '_fwd');
  }
  if (s.includes('^')) s = unwrapStepSuperscript(s);
  return s.replace(/[{}\s]/g, '');
}

/**
 * Every `\\cmd { body }` (one of `commands`, spaces allowed before and inside the brace, `body`
 * without braces) → body (its leading spaces dropped) + `suffix`, left to right.
 */
function unwrapCommand(s: string, commands: readonly string[], suffix: string): string {
  let out = '';
  let copied = 0;
  const n = s.length;
  for (let i = s.indexOf('\\'); i >= 0; i = s.indexOf('\\', i + 1)) {
    const cmd = commands.find((c) => s.startsWith(c, i + 1));
    if (!cmd) continue;
    let j = skipSpace(s, i + 1 + cmd.length);
    if (s.charCodeAt(j) !== 123) continue; // {
    j = skipSpace(s, j + 1);
    const bodyStart = j;
    while (j < n && s.charCodeAt(j) !== 123 && s.charCodeAt(j) !== 125) j++;
    // No `}` before a `{` or the end. A command inside can still match with its `{` at j: the
    // search goes on from i + 1, and each body is read once (bodies hold no brace, so never overlap).
    if (j >= n || s.charCodeAt(j) !== 125) continue;
    out += s.slice(copied, i) + s.slice(bodyStart, j) + suffix;
    copied = j + 1;
    i = j;
  }
  return copied === 0 ? s : out + s.slice(copied);
}

/**
 * Every time superscript (lexer.ts) → `_step`: `e^{(t)}` is `e_t`, `a^{<t-1>}` is `a_t-1`; a
 * layer's → `^[2]` and a direction's → `_fwd` / `_bwd` (parse/streamNames.ts reads them).
 */
function unwrapStepSuperscript(s: string): string {
  let out = '';
  let copied = 0;
  for (let i = s.indexOf('^'); i >= 0; i = s.indexOf('^', i + 1)) {
    const sup = superscript(s, i);
    if (!sup) continue;
    const step = sup.step === undefined ? '' : '_' + sup.step;
    const mark = sup.layer !== undefined ? `^[${sup.layer}]` : sup.direction ? `_${sup.direction}wd` : '';
    out += s.slice(copied, i) + step + mark;
    copied = sup.end;
    i = sup.end - 1;
  }
  return copied === 0 ? s : out + s.slice(copied);
}
