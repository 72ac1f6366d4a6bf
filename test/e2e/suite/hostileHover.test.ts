// Hovers on the hostile corpus (test/fixtures/hostile/cases.json), in a real VS Code: every
// hover the extension gives is plain Markdown — not trusted (no command links run), no HTML —
// and, parsed as VS Code would, holds no link and no HTML at all (a backtick fence in a LaTeX
// cell must not close the hover's code block and let Markdown links through).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activate, ROOT } from './helpers';
import { notes } from './index';

// markdown-it from the repository's node_modules (the suite runs from out/test/e2e/suite)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require(path.join(ROOT, 'node_modules/markdown-it')) as new (opts?: object) => {
  parse(src: string, env: object): { type: string; attrGet(name: string): string | null; children: { type: string; attrGet(name: string): string | null }[] | null }[];
};

interface HostileCase { id: string; markdown: string }

function isOurCommandLink(href: string): boolean {
  return /^command:rnnMath\./.test(href);
}

/** Positions worth hovering on a line: its start, every word and bracket start, the fence options. */
function positions(line: string): number[] {
  const out = new Set<number>([0]);
  const re = /(^|[^A-Za-z0-9_])([A-Za-z\\[($<&`])/g;
  for (let m = re.exec(line); m && out.size < 10; m = re.exec(line)) out.add(m.index + m[1].length);
  return [...out].filter((c) => c < line.length);
}

describe('Hovers on hostile notes', function () {
  this.timeout(240000);

  it('are untrusted plain Markdown with no links or HTML, on every name, literal, fence and LaTeX matrix', async () => {
    await activate();
    const cases = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/hostile/cases.json'), 'utf8')) as { cases: HostileCase[] }).cases;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: cases.map((c) => c.markdown).join('\n\n') });
    await vscode.window.showTextDocument(doc);
    const md = new MarkdownIt({ html: true, linkify: false });
    let requests = 0;
    let hovers = 0;
    const problems: string[] = [];
    const t0 = Date.now();
    let inBlock = false;
    const seen = new Set<string>();
    const targets: vscode.Position[] = [];
    for (let line = 0; line < doc.lineCount; line++) {
      const text = doc.lineAt(line).text;
      const fence = /^[\s>]*(```|~~~)/.test(text);
      const math = /\$\$|\\begin\{/.test(text);
      if (!(inBlock || fence || math)) continue;
      if (fence) inBlock = inBlock ? !/^[\s>]*(```|~~~)\s*$/.test(text) : true;
      if (seen.has(text) && !fence) continue; // the same line in another note hovers the same
      seen.add(text);
      for (const character of positions(text.slice(0, 3000))) targets.push(new vscode.Position(line, character));
    }
    // several requests in flight at once: the extension host answers them one after the other
    for (let k = 0; k < targets.length; k += 16) {
      const batch = targets.slice(k, k + 16);
      const results = await Promise.all(batch.map((p) => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, p)));
      requests += batch.length;
      results.forEach((result, j) => {
        const where = `line ${batch[j].line + 1}:${batch[j].character + 1}`;
        for (const h of result ?? []) {
          for (const c of h.contents) {
            if (typeof c === 'string' || !('value' in c)) continue;
            const m = c as vscode.MarkdownString;
            // VS Code's own Markdown image preview (markdown-language-features' hover on the
            // `![pixel](https://…)` in the note's prose: `[![](url|width=300)](url)`), not ours
            if (/^\[?!\[[^\]]*\]\([^)\s]*\|width=\d+\)(\]\([^)\s]*\))?$/.test(m.value.trim())) continue;
            hovers++;
            const trusted = m.isTrusted;
            if (trusted === true) problems.push(`${where}: isTrusted true`);
            else if (trusted && typeof trusted === 'object' && !(trusted.enabledCommands ?? []).every((id) => id.startsWith('rnnMath.'))) {
              problems.push(`${where}: trusts commands ${JSON.stringify(trusted.enabledCommands)}`);
            }
            if (m.supportHtml) problems.push(`${where}: supportHtml in ${JSON.stringify(m.value.slice(0, 120))}`);
            for (const t of md.parse(m.value, {})) {
              if (t.type === 'html_block') problems.push(`${where}: HTML block in ${JSON.stringify(m.value.slice(0, 120))}`);
              for (const k2 of t.children ?? []) {
                if (k2.type === 'html_inline') problems.push(`${where}: inline HTML in ${JSON.stringify(m.value.slice(0, 120))}`);
                if (k2.type === 'link_open' && !isOurCommandLink(k2.attrGet('href') ?? '')) problems.push(`${where}: link to ${k2.attrGet('href')}`);
                if (k2.type === 'image') problems.push(`${where}: image ${k2.attrGet('src')}`);
              }
            }
          }
        }
      });
    }
    notes.push(`hostile hovers: ${requests} hover requests on ${cases.length} hostile notes, ${hovers} hover contents checked in ${Date.now() - t0} ms`);
    assert.ok(requests > 300, `${requests} hover requests`);
    assert.ok(hovers > 200, `${hovers} hovers`);
    assert.deepStrictEqual(problems.slice(0, 20), []);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
