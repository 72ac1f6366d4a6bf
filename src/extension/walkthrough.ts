// What the "Get started" walkthrough (package.json contributes.walkthroughs) needs from the
// extension: a command that opens an example note, and a context key set at the first hover
// the extension gives, which completes the "hover a matrix" step.
import * as vscode from 'vscode';
// Bundled as text: the walkthrough works where no examples/ folder is around (an installed
// .vsix, vscode.dev), and opens as an untitled note the user can edit and throw away.
import exampleNote from '../../examples/lstm-exam.md';
import { Command } from './commands';

/** Set (true) once the extension has shown a hover: `onContext:` completes the walkthrough step. */
export const HOVERED_CONTEXT = 'rnnMath.walkthrough.hovered';

export function registerWalkthrough(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(Command.OpenExample, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: exampleNote });
      await vscode.window.showTextDocument(doc, { preview: false });
    }),
  );
}

/** The provider, reporting its first hover to the walkthrough. */
export function reportingFirstHover(provider: vscode.HoverProvider): vscode.HoverProvider {
  let reported = false;
  return {
    provideHover(doc, pos, token) {
      const hover = provider.provideHover(doc, pos, token);
      if (!reported && hover) {
        reported = true;
        void vscode.commands.executeCommand('setContext', HOVERED_CONTEXT, true);
      }
      return hover;
    },
  };
}
