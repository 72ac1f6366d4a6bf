// The analysis every surface renders. Pure data: no VS Code, no DOM.
// Positions are 0-based (line, character) like VS Code's, relative to the block: `line` counts
// from the block's opening fence (line 0), `character` is the document column. A block that moves
// up or down keeps its analysis as it is; a surface adds the fence's document line (`Block.line`)
// when it shows a position (and the CLI 1 more when it prints one).

export type CellKind = 'lstm' | 'gru' | 'rnn';
export type Layout = 'column' | 'row';
export type Severity = 'error' | 'warning' | 'info';
export type DiagnosticCode =
  | 'parse'
  | 'shape'
  | 'check'
  | 'missing'
  | 'unknown-name'
  | 'assumed'
  | 'given-overrides'
  | 'cycle'
  | 'numeric'
  | 'limit'
  | 'option'
  | 'rounding'
  | 'placeholder';

export interface Position {
  readonly line: number;
  readonly character: number;
}
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A dense row-major float64 matrix; vectors are n×1 (column layout) or 1×n (row layout). */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A quick fix the engine already knows how to make; editors apply `edits` as one step. */
export interface Fix {
  readonly title: string;
  readonly kind: 'replace-check' | 'set-option' | 'insert-results' | 'rename';
  readonly edits: readonly TextEdit[];
}

export interface RelatedLocation {
  readonly range: Range;
  readonly message: string;
}

export interface BlockDiagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly range: Range;
  readonly message: string;
  readonly related: readonly RelatedLocation[];
  readonly fixes: readonly Fix[];
}

export type Origin =
  | 'given' // written by the author (`NAME = …`)
  | 'computed' // derived by the cell or by a user expression
  | 'default'; // assumed (zero bias, zero initial state)

/** One named value of the block: a given, a default or a computed result. */
export interface Quantity {
  /** Canonical name, numbered in sequences (`h_2`); user-defined names as written. */
  readonly name: string;
  /** Canonical name without the step number (`h`). */
  readonly base: string;
  /** Time step for sequence quantities (1-based; 0 for h_0 / c_0). */
  readonly step?: number;
  readonly meaning: string; // "new hidden state"
  readonly origin: Origin;
  readonly value: Matrix;
  /** Where the author wrote it (givens) — the statement's name span. */
  readonly range?: Range;
  /** The spelling the author used (`\tilde{C}_t`), when given. */
  readonly written?: string;
  /** Per element, the decimals a literal given wrote (`0.2090`: 4), so surfaces show it as written. */
  readonly places?: readonly number[];
}

/** A named operand of a step: its name (canonical) and the value substituted. */
export interface StepOperand {
  readonly name: string;
  /** How the operand is written in the symbolic formula (`W_f`, `[h_{t-1}; x_t]`). */
  readonly latex: string;
  readonly value: Matrix;
}

/**
 * One line of the solution: `target = formula`.
 * `latex` uses `\operand{name}` placeholders (see markdown renderers) so surfaces can show
 * either the symbolic formula or the one with matrices substituted.
 */
export interface Step {
  readonly target: string;
  readonly text: string; // `i = σ(W_i·[h_prev; x] + b_i)`
  /** LaTeX of the right-hand side with `\operand{name}` for each operand. */
  readonly latex: string;
  readonly operands: readonly StepOperand[];
  /** The argument of the outer activation, when there is one (σ(…), tanh(…)). */
  readonly preActivation?: { readonly latex: string; readonly value: Matrix };
  /** Shape arithmetic: `(4×8)·(8×1) + (4×1) = 4×1`. */
  readonly shapes: string;
  readonly result: Matrix;
  readonly time?: number;
  /** The statement the step answers (a check on it) or defines (a user expression). */
  readonly range?: Range;
}

export interface ElementMismatch {
  readonly row: number; // 0-based
  readonly col: number;
  readonly stated: number;
  readonly computed: number;
  /** |stated − computed| in units of the last written decimal place. */
  readonly units: number;
  /** The stated number as the note wrote it (`0.2090` keeps its last zero), when it was a literal. */
  readonly written?: string;
}

export interface CheckResult {
  /** Canonical name when the left side is a name, else the expression as written. */
  readonly name: string;
  readonly written: string;
  readonly range: Range; // the whole statement
  readonly valueRange: Range; // the right-hand side (what a quick fix replaces)
  readonly pass: boolean;
  readonly stated?: Matrix; // undefined when the right side could not be evaluated
  readonly computed?: Matrix; // undefined when the left side could not be computed
  readonly tolerance: string; // `±0.0001 (last written digit)`
  readonly mismatches: readonly ElementMismatch[];
  /** Per element of `stated`, the decimals a literal right side wrote (shown as written). */
  readonly places?: readonly number[];
  /**
   * Elements of a passing check that are within one unit of their last written digit but more
   * than half a unit off: not the correctly rounded value (0.6 for a computed 0.6548).
   */
  readonly rounding: readonly ElementMismatch[];
  /** Error carried forward: the stated value is right for the author's own earlier values. */
  readonly carriedForward?: string;
  /** Why a failing check is a first wrong step: it does not follow from the author's own stated inputs either. */
  readonly note?: string;
  /** Another convention under which the stated value passes. */
  readonly convention?: ConventionHint;
  /** Whether the right side was a formula (`?= f ⊙ c_prev + i ⊙ g`) rather than numbers. */
  readonly formula: boolean;
  /** The check could not be evaluated: its diagnostic is the error, and it is neither passed nor failed. */
  readonly error?: true;
  /** The earlier checks (keys) whose wrong stated values make this one right (error carried forward); empty when only their rounding does. */
  readonly carriedFrom?: readonly string[];
  /** `{points=N}` written after the value: what the check is worth in an exam key. */
  readonly points?: number;
}

export interface ConventionHint {
  readonly option: string; // 'z'
  readonly value: string; // 'write'
  readonly label: string; // 'the Colah/Chung update (z=write)'
}

export interface BlockOptions {
  readonly layout: Layout;
  readonly layoutInferred: boolean;
  readonly reset: 'before' | 'after';
  readonly z: 'keep' | 'write';
  readonly concat: 'hx' | 'xh';
  readonly act: 'tanh' | 'sigmoid' | 'relu';
  readonly bias: boolean;
  /** Which matrices an RNN's bare U, W and V are (`names=`); undefined: read from their shapes. */
  readonly names?: 'goodfellow' | 'elman' | 'standard';
  /** The output layer's activation: y = out(W_y·h + b_y); none: the block has no output layer. */
  readonly out: 'softmax' | 'linear' | 'sigmoid' | 'none';
  /** Whose parameter count (one bias per gate, or PyTorch's bias_ih + bias_hh); undefined: from the weights' names. */
  readonly params?: 'keras' | 'pytorch';
  /** Stacked layers (`layers=2`) and `bidirectional`: counted per layer and direction. */
  readonly layers: number;
  readonly bidirectional: boolean;
  /** `a=`: how the letter a reads (hidden state or RNN pre-activation); inferred from the block when not set. */
  readonly a?: 'hidden' | 'pre';
  /** `vary=`: how `rnn-math variants` draws this block's givens; undefined: its defaults by role. */
  readonly vary?: VarySpec;
  readonly precision: number;
  /** Explicit tolerance, when `tol=` or a setting/CLI flag gave one. */
  readonly tol?: Tolerance;
  readonly explicit: readonly string[];
}

/** A range of new numbers for exam variants (`vary=int(-3,3)`, `vary=dec(-1,1,1)`), or `vary=none`. */
export type VarySpec =
  { readonly kind: 'none' } | { readonly kind: 'int' | 'dec'; readonly lo: number; readonly hi: number; readonly digits: number };

export type Tolerance = { readonly kind: 'abs'; readonly value: number } | { readonly kind: 'rel'; readonly value: number };

export interface ParameterTerm {
  readonly label: string; // 'W_i' or 'E'
  readonly rows: number;
  readonly cols: number; // 1 for a bias vector
  readonly count: number; // rows × cols
}

/** One row of a Keras-style model.summary(): `bidirectional (Bidirectional(GRU)) 3072`. */
export interface ParameterLayer {
  readonly name: string; // 'lstm', 'lstm_1', 'dense'
  readonly type: string; // 'Embedding', 'LSTM', 'Bidirectional(GRU)', 'Dense'
  readonly params: number;
}

export interface ParameterCount {
  readonly total: number;
  readonly terms: readonly ParameterTerm[];
  /** `6×8 + 5×6 + 5×5 + 8×5 = 143` */
  readonly sum: string;
  /** The layers that hold parameters, in order. */
  readonly layers: readonly ParameterLayer[];
  /** `embedding (Embedding) 80 · lstm (LSTM) 1,600 · dense (Dense) 170`, for hovers and lenses. */
  readonly summary: string;
}

export interface BlockAnalysis {
  readonly kind: CellKind;
  readonly options: BlockOptions;
  /** Fence line through closing fence line (starts at line 0, like every range here). */
  readonly range: Range;
  /** The opening fence line (where CodeLens goes): line 0. */
  readonly fenceRange: Range;
  readonly sizes: Readonly<Record<string, number>>;
  readonly shapesOnly: boolean;
  readonly sequenceLength?: number;
  /** Every given, default and computed quantity, in a stable display order. */
  readonly quantities: readonly Quantity[];
  /**
   * The solution's steps, in the order the solve made them: only in an analysis asked for them
   * (`analyzeBlock(block, settings, { steps: true })`, or `withSteps`), undefined otherwise.
   * Recording every block's steps made a 1,000-block note's analysis a third slower, and a
   * surface shows the steps of one block at a time.
   */
  readonly steps?: readonly Step[];
  readonly checks: readonly CheckResult[];
  readonly diagnostics: readonly BlockDiagnostic[];
  readonly parameters?: ParameterCount;
  /** Backpropagation through time, for a sequence block whose state the solver unrolled (issue 17). */
  readonly gradients?: GradientReport;
  /** Shapes of every quantity (including ones without values in shapes-only blocks). */
  readonly shapes: Readonly<Record<string, readonly [number, number]>>;
  /** Every statement as written, in order, with the names it uses: what hovers and inline results read (they never parse). */
  readonly statements: readonly IndexedStatement[];
}

/**
 * How the gradient of the last state with respect to each earlier one behaves over the unrolled
 * sequence: what the panel, preview and `render` draw as a table and a log-scale chart.
 */
export interface GradientReport {
  /** T, the last step: every series is ∂(state at T)/∂(state at k) for k = 0…T. */
  readonly steps: number;
  /** ‖∂h_T/∂h_k‖ first; an LSTM adds its cell-state path ‖∂c_T/∂c_k‖. */
  readonly series: readonly GradientSeries[];
  /** The recurrent weight as the note writes it (`W_h`, `W_hh`, `U`). */
  readonly recurrentName: string;
  /** Its largest singular value: below 1 with tanh, the product of one-step factors shrinks geometrically. */
  readonly recurrentNorm: number;
  readonly verdict: 'vanishing' | 'exploding' | 'neither';
  /** One sentence a lecturer can read aloud: "σ_max(W_h) = 0.54 < 1 with tanh: ‖∂h_4/∂h_k‖ shrinks geometrically (vanishing)". */
  readonly explanation: string;
}

export interface GradientSeries {
  /** The state as the note names it at T, `h_4` or `c_4`. */
  readonly of: string;
  /** Plain-text label of the plotted quantity: `‖∂h_4/∂h_k‖`. */
  readonly label: string;
  /** The same in LaTeX: `\lVert \partial h_4 / \partial h_k \rVert`. */
  readonly latex: string;
  /** Frobenius norms (the same norm as `norm(...)` in a check), k ascending from 0 to T. */
  readonly points: readonly { readonly k: number; readonly norm: number }[];
}

/** An analysis with its steps, for the surfaces that show them (cards, the step panel, exports, hovers). */
export interface AnalysisWithSteps extends BlockAnalysis {
  readonly steps: readonly Step[];
}

/** A name where a statement writes it, with the quantity key it resolves to (`C_{t-1}` → `c_prev`). */
export interface IndexedName {
  readonly key: string;
  readonly written: string;
  readonly range: Range;
}

/**
 * One statement of a block: `given` (`NAME = value`), `size` (`H = 5`), `check` (`… ?= value`), or
 * `invalid` (not a statement, or a left side that is no name). Names not read (an expression that
 * did not compile) are not listed.
 */
export interface IndexedStatement {
  readonly kind: 'given' | 'check' | 'size' | 'invalid';
  readonly range: Range;
  readonly nameRange?: Range;
  readonly valueRange?: Range;
  /** The key the left side resolves to, when it is a name. */
  readonly key?: string;
  readonly written?: string;
  readonly names: readonly IndexedName[];
  /** A check's `{points=N}`. */
  readonly points?: number;
}

/**
 * A fenced block found in a Markdown document: where its fence is in the document (`line`), and
 * everything else relative to that fence, so the block moved up or down differs only in `line`.
 */
export interface Block {
  readonly kind: CellKind;
  /** The info string after the language word (`layout=row z=keep`). */
  readonly info: string;
  /** The document line of the opening fence (0-based): line 0 of every range below. */
  readonly line: number;
  readonly fenceRange: Range;
  readonly infoRange: Range;
  /** Fence line through closing fence line (or the container's last line, when not closed). */
  readonly range: Range;
  /** Content lines with their position (blockquote/list prefixes removed). */
  readonly lines: readonly BlockLine[];
  /** The raw document text of the block, fences included: the cache key. */
  readonly raw: string;
}

export interface BlockLine {
  readonly line: number; // lines after the fence (the first content line is 1)
  readonly character: number; // document column where `text` starts
  readonly text: string;
}

/** Settings that a surface (editor, CLI) passes to the engine. */
export interface AnalysisSettings {
  readonly precision?: number;
  readonly tolerance?: Tolerance;
}
