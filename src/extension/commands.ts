// Every command id the extension contributes, in one place (as usernamehw/vscode-error-lens does).
// package.json's contributes.commands must list the same ids.
export const enum Command {
  /** Opens the step panel for a block: args (uri: vscode.Uri, fenceLine: number). Registered by the panel. */
  ShowSteps = 'rnnMath.showSteps',
  /** Appends `name ?= value` for every computed result of a block: args (uri?, fenceLine?, version?) — a stale version inserts nothing. */
  InsertResults = 'rnnMath.insertResults',
  /** Flips the `rnnMath.inlineResults` setting. */
  ToggleInlineResults = 'rnnMath.toggleInlineResults',
  /** Opens examples/lstm-exam.md (bundled) as an untitled note: the walkthrough's first step. */
  OpenExample = 'rnnMath.openExample',
  /** Opens the question sheet of a note in a webview: args (uri?: vscode.Uri), default the active editor's note. */
  PreviewQuestionSheet = 'rnnMath.previewQuestionSheet',
}

/** Settings section and keys. */
export const enum Setting {
  Section = 'rnnMath',
  Precision = 'precision',
  Tolerance = 'tolerance',
  InlineResults = 'inlineResults',
  CodeLens = 'codeLens',
}
