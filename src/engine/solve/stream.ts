// A stacked or bidirectional block solves each further layer and direction (streams.ts) with a
// solver of its own over the same cell table, so the solver stays one cell-agnostic loop: that
// solver sees its stream's givens under the plain keys (W_f[2] is its W_f), reads its inputs from
// the block's solve (layer 2's x_t is layer 1's h_t, or [→h_t; ←h_t] below a bidirectional
// layer), and hands its steps and diagnostics back under the block's keys. A backward stream is a
// forward solve over the reversed sequence: its step τ is the sequence's step T + 1 − τ.
import * as M from '../matrix';
import type { Matrix, Step, StepOperand } from '../types';
import { allocate } from '../budget';
import { nameLatex } from '../parse/nameLatex';
import { displayKey, flipTime, splitTag, streamName, streamsOf, tagOf, type Stream } from '../streams';
import { at, splitKey } from './keys';
import { stackParts } from './batch';
import type { SolveSetup } from './setup';
import type { Solver } from './solver';

/** The setup of a stream's solve: the block's, with the stream's givens (and overrides) under their plain keys. */
export function streamSetup(setup: SolveSetup, st: Stream): SolveSetup {
  const T = setup.T;
  const inner = (key: string): string | undefined => {
    const s = splitTag(key);
    return s && s.tag === st.tag ? flipTime(s.inner, st.backward, T) : undefined;
  };
  function own<V>(m: ReadonlyMap<string, V> | undefined): Map<string, V> | undefined {
    if (!m) return undefined;
    const out = new Map<string, V>();
    for (const [k, v] of m) {
      const i = inner(k);
      if (i !== undefined) out.set(i, v);
    }
    return out;
  }
  const givens = new Map([...own(setup.givens)!].map(([k, g]) => [k, { ...g, key: k }]));
  return {
    kind: setup.kind,
    options: setup.options,
    order: setup.order,
    givens,
    sizes: setup.sizes,
    T,
    canon: setup.canon,
    deadline: setup.deadline,
    overrides: own(setup.overrides),
    quiet: setup.quiet,
    record: setup.record,
    known: own(setup.known),
    stepRanges: own(setup.stepRanges),
    work: setup.work,
  };
}

const STEP = /^([a-z]+)_(\d+)$/;
const LOCAL = /^(?:[a-z]|h_prev|c_prev|logits|onehot|W|U|b|weight_|bias|kernel|recurrent_kernel|[WUb]_)/;

/** How a stream's solve is joined to the block's: its inputs, and its keys, steps and messages in the block's terms. */
export class StreamLink {
  constructor(
    readonly root: Solver,
    readonly stream: Stream,
  ) {}

  /** The block's key of one of the stream's (`h_1` of the backward stream is h_T[bwd]). */
  outer(key: string): string {
    if (!LOCAL.test(key)) return key;
    const timed = flipTime(key, this.stream.backward, this.root.T);
    // Layer 1 reads the block's own x in either direction.
    return this.stream.layer === 1 && splitKey(key).base === 'x' ? timed : timed + this.stream.tag;
  }

  /** A name of a step or message (a key, `(r ⊙ h_2)`, `[h_2; x_3]`) with each of the stream's keys in the block's. */
  outerName(name: string): string {
    return name.replace(/[A-Za-z][A-Za-z0-9_]*(?:\[[0-9a-z,]*\])?/g, (k) => (k.includes('[') ? k : this.outer(k)));
  }

  /** The sequence's step of the stream's step τ. */
  time(t: number | undefined): number | undefined {
    return t !== undefined && this.stream.backward && this.root.T !== undefined ? this.root.T + 1 - t : t;
  }

  step(step: Step): Step {
    const operand = (o: StepOperand): StepOperand => {
      const name = this.outerName(o.name);
      return { name, latex: compositeLatex(name, this.root.layout === 'row'), value: o.value };
    };
    // linear: each match starts at `\operand{`, and its body stops at the first `}`.
    const names = (latex: string) => latex.replace(/\\operand\{([^}]*)\}/g, (_, n: string) => `\\operand{${this.outerName(n)}}`);
    const pre = step.preActivation;
    return {
      ...step,
      target: this.outer(step.target),
      text: this.message(step.text),
      latex: names(step.latex),
      preActivation: pre && { latex: names(pre.latex), value: pre.value },
      operands: step.operands.map(operand),
      time: this.time(step.time),
      range: step.range,
    };
  }

  /** A message of the stream's solve, naming what to write: `W_f^[2]`, `weight_ih_l1`, `h_bwd_3`. */
  message(text: string): string {
    const named = text.replace(/[A-Za-z][A-Za-z0-9_]*/g, (k) =>
      STEP.test(k) || this.root.setup.givens.has(this.outer(k)) || k === 'x' || k === 'h_prev' || k === 'c_prev'
        ? displayKey(this.outer(k))
        : k,
    );
    const head = /^(shape|numeric): /.exec(named);
    return head ? `${head[0]}${streamName(this.stream)}: ${named.slice(head[0].length)}` : `${streamName(this.stream)}: ${named}`;
  }

  /**
   * The stream's input at its step τ: the block's x at that step for layer 1, else the layer
   * below's h at that step, [→h; ←h] when that layer is bidirectional (as torch.nn.LSTM stacks).
   */
  input(s: Solver, key: string): Matrix | undefined {
    const t = this.time(splitKey(key).t);
    const { layer } = this.stream;
    const root = this.root;
    if (layer === 1) {
      const v = root.get(at('x', t));
      if (!v) s.noteMissing(key, key);
      return v;
    }
    const below = root.options.bidirectional ? [false, true] : [false];
    const keys = below.map((backward) => at('h', t) + tagOf(layer - 1, backward));
    const parts: Matrix[] = [];
    for (const k of keys) {
      const v = root.get(k);
      if (v) parts.push(v);
      else for (const m of root.missing.get(k) ?? [k]) s.noteMissing(key, m);
    }
    if (parts.length < keys.length) return undefined;
    if (parts.length === 1) return parts[0];
    allocate(
      s.work,
      parts.reduce((n, p) => n + M.length(p), 0),
    );
    const value = s.N === undefined ? M.orient(M.concatData(parts.map((p) => p.data)), s.layout) : stackParts(parts, s.N, s.layout);
    const target = this.outer(key);
    root.noteReads(target, keys);
    if (root.recording) {
      const operands = keys.map((k, j) => root.operand(k, parts[j]));
      const row = s.layout === 'row';
      root.recordStep({
        target,
        text: `${streamName(this.stream)}: x = [${keys.map(displayKey).join(row ? ', ' : '; ')}] (the layer below, both directions)`,
        latex: `\\begin{bmatrix} ${keys.map((k) => `\\operand{${k}}`).join(row ? ' & ' : ' \\\\ ')} \\end{bmatrix}`,
        operands,
        shapes: `${operands.map((o) => `(${M.shapeText(o.value)})`).join(' ++ ')} = ${M.shapeText(value)}`,
        result: value,
        time: t,
      });
    }
    return value;
  }
}

/** LaTeX of a step operand's name: a key, `(r ⊙ h_prev)` or the stacked `[h_prev; x]`. */
export function compositeLatex(name: string, row: boolean): string {
  const stacked = /^\[(.*)\]$/.exec(name);
  if (stacked) {
    const parts = stacked[1].split(row ? /,\s*/ : /;\s*/);
    return `\\begin{bmatrix} ${parts.map(nameLatex).join(row ? ' & ' : ' \\\\ ')} \\end{bmatrix}`;
  }
  if (!/[ ⊙()]/.test(name)) return nameLatex(name);
  return name.replace(/[A-Za-z][A-Za-z0-9_]*(?:\[[0-9a-z,]*\])?/g, nameLatex).replace(/⊙/g, '\\odot');
}

/** The solves of a block's other layers and directions, each made when first asked for. */
export class Streams {
  private readonly solvers = new Map<string, Solver>();

  constructor(
    private readonly root: Solver,
    private readonly make: (setup: SolveSetup, link: StreamLink) => Solver,
  ) {}

  /** The block's `key`, a quantity of the stream `tag` (what it lacks noted under `key`). */
  get(key: string, tag: string, inner: string): Matrix | undefined {
    const sub = this.solver(tag);
    if (!sub) return undefined;
    const root = this.root;
    const local = flipTime(inner, sub.link!.stream.backward, root.T);
    const v = sub.get(local);
    if (v) root.origins.set(key, sub.origins.get(local) ?? 'computed');
    else for (const m of sub.missing.get(local) ?? [local]) root.noteMissing(key, sub.link!.outer(m));
    return v;
  }

  private solver(tag: string): Solver | undefined {
    const made = this.solvers.get(tag);
    if (made) return made;
    const root = this.root;
    const stream = streamsOf(root.options).find((st) => st.tag === tag);
    if (!stream) return undefined;
    const sub = this.make(streamSetup(root.setup, stream), new StreamLink(root, stream));
    sub.inferSizes();
    // Every layer has the block's hidden size; layer 1 reads the block's input, a layer above the
    // states below it, H wide, or 2H below a bidirectional layer (as PyTorch stacks them).
    sub.N = root.N;
    sub.H = root.H ?? sub.H;
    sub.D = stream.layer === 1 ? root.D : sub.H === undefined ? undefined : sub.H * (root.options.bidirectional ? 2 : 1);
    this.solvers.set(tag, sub);
    return sub;
  }

  /** The streams' solves made so far. */
  solves(): Iterable<Solver> {
    return this.solvers.values();
  }

  collect(): void {
    const root = this.root;
    for (const sub of this.solvers.values()) {
      const link = sub.link!;
      for (const [k, v] of sub.values) {
        // Layer 1's input in either direction is the block's own x.
        if (link.stream.layer === 1 && splitKey(k).base === 'x') continue;
        const key = link.outer(k);
        if (root.values.has(key)) continue;
        root.values.set(key, v);
        root.origins.set(key, sub.origins.get(k) ?? 'computed');
      }
      for (const b of sub.assumed) root.assumed.push(displayKey(link.outer(b)));
    }
  }
}

/**
 * What an output layer reads at step t: the top layer's h, or [→h_t; ←h_t] of a bidirectional
 * top layer (torch.nn's output), under a name for its step; what is missing noted under `asker`.
 */
export function topState(s: Solver, t: number | undefined, asker: string): { key: string; value?: Matrix } {
  const { layers, bidirectional } = s.options;
  const keys = (bidirectional ? [false, true] : [false]).map((backward) => at('h', t) + tagOf(layers, backward));
  const parts: Matrix[] = [];
  for (const k of keys) {
    const v = s.get(k);
    if (v) parts.push(v);
    else s.noteMissing(asker, k);
  }
  const key = keys.length === 1 ? keys[0] : `[${keys.join(s.layout === 'row' ? ', ' : '; ')}]`;
  if (parts.length < keys.length) return { key };
  if (parts.length === 1) return { key, value: parts[0] };
  allocate(
    s.work,
    parts.reduce((n, p) => n + M.length(p), 0),
  );
  const value = s.N === undefined ? M.orient(M.concatData(parts.map((p) => p.data)), s.layout) : stackParts(parts, s.N, s.layout);
  return { key, value };
}
