// The fence completions (fenceCompletions.ts) as a CompletionItemProvider. Markdown turns quick
// suggestions off, so the provider is asked on the characters typed on a fence line: the
// backtick or tilde of the fence itself, and the space, `{`, `,` and `=` of its info string.
import * as vscode from 'vscode';
// Bundled as text (esbuild.js): the starter blocks are the snippets' own bodies, one list.
import snippetsText from '../../snippets/rnn-math.code-snippets';
import { endsInsideFence, fenceCompletions, readSnippets, type FenceItem, type Starter } from './fenceCompletions';

const ITEM_KIND: Record<FenceItem['kind'], vscode.CompletionItemKind> = {
  block: vscode.CompletionItemKind.Snippet,
  option: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
};

export class FenceCompletionProvider implements vscode.CompletionItemProvider {
  static readonly triggerCharacters = ['`', '~', ' ', '{', ',', '='];

  constructor(private readonly starters: readonly Starter[] = readSnippets(snippetsText)) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] {
    const line = doc.lineAt(pos.line).text;
    const above = () => endsInsideFence(Array.from({ length: pos.line }, (_, i) => doc.lineAt(i).text));
    return fenceCompletions(line, pos.character, this.starters, above).map((f) => {
      const item = new vscode.CompletionItem({ label: f.label, description: f.description }, ITEM_KIND[f.kind]);
      item.insertText = new vscode.SnippetString(f.insertText);
      item.range = new vscode.Range(pos.line, f.start, pos.line, f.end);
      item.filterText = f.filterText;
      item.sortText = f.sortText;
      item.documentation = new vscode.MarkdownString().appendText(f.documentation);
      // A starter block writes its own quote markers and indentation on every line.
      item.keepWhitespace = f.kind === 'block';
      if (f.kind === 'block') item.detail = `${f.label} block: ${f.description}`;
      return item;
    });
  }
}
