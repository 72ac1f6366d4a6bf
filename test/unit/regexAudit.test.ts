// Issue 12: no regular expression in the product may backtrack super-linearly on note text.
// Every regex literal (and `new RegExp` of a literal string) in src/ is read with the TypeScript
// parser and scored by redos-detector, which walks the pattern's backtracking paths: nested or
// adjacent overlapping quantifiers (`(a|a)*`, `\s*#*\s*$`, `(?:_x|_\w+)*`) fail here with their
// line. Where a pattern cannot be made safe, the code should scan with a loop instead. The
// detector gives up on some patterns it cannot score (`hitMaxSteps`, `hitMaxScore`) that are
// linear for a reason it cannot see (one sticky attempt, a bounded slice); such a regex passes
// only with a comment `// linear: <why>` on its line or the line above, which a reviewer reads.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { isSafe } from 'redos-detector';

const ROOT = path.resolve(__dirname, '../../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

interface Found {
  readonly line: number;
  readonly text: string;
  readonly regex?: RegExp;
  readonly invalid?: string;
  /** The reason given in a `// linear:` comment, if any. */
  readonly linear?: string;
}

const LINEAR = '// linear:';

/** The reason of a `// linear: …` comment on line `line` (1-based) or the line above. */
function linearReason(lines: readonly string[], line: number): string | undefined {
  for (const l of [lines[line - 1], lines[line - 2]]) {
    const at = l?.indexOf(LINEAR) ?? -1;
    if (at >= 0) return l.slice(at + LINEAR.length).trim() || undefined;
  }
  return undefined;
}

/** The regular expressions a file writes literally: `/…/flags` and `new RegExp('…', 'flags')`. */
function regexesIn(file: string): Found[] {
  const source = fs.readFileSync(file, 'utf8');
  const lines = source.split('\n');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: Found[] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const make = (n: ts.Node, source: string, flags: string) => {
    // The detector scores a search that may start anywhere; a sticky (`y`) regex is tried at one
    // place, so it is scored anchored there. `g` changes where the next search starts, not a match.
    try {
      const line = lineOf(n);
      const anchored = flags.includes('y') && !source.startsWith('^') ? `^(?:${source})` : source;
      out.push({ line, text: n.getText(sf), regex: new RegExp(anchored, flags.replace(/[gy]/g, '')), linear: linearReason(lines, line) });
    } catch (e) {
      out.push({ line: lineOf(n), text: n.getText(sf), invalid: String(e) });
    }
  };
  const visit = (n: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(n)) {
      const t = n.text;
      const end = t.lastIndexOf('/');
      make(n, t.slice(1, end), t.slice(end + 1));
    } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      const [source, flags] = n.arguments ?? [];
      if (source && ts.isStringLiteralLike(source)) make(n, source.text, flags && ts.isStringLiteralLike(flags) ? flags.text : '');
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('regular expressions in src/ (issue 12)', () => {
  for (const file of sourceFiles(SRC)) {
    const rel = path.relative(ROOT, file);
    const found = regexesIn(file);
    if (found.length === 0) continue;
    it(`${rel}: none of its ${found.length} regular expressions can backtrack super-linearly`, () => {
      const unsafe = found.flatMap((f) => {
        if (f.invalid) return [`${rel}:${f.line} ${f.text} does not compile: ${f.invalid}`];
        const verdict = isSafe(f.regex!);
        if (verdict.safe || f.linear) return [];
        return [`${rel}:${f.line} ${f.text} (${verdict.error ?? 'backtracks'})`];
      });
      assert.deepStrictEqual(unsafe, []);
    });
  }
});
