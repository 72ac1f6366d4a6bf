// Every cell and layer, by kind: the solver reads them from here.
import type { CellKind } from '../types';
import { isAffine, type Cell, type Layer } from './cell';
import { LSTM } from './lstm';
import { GRU } from './gru';
import { RNN } from './rnn';
import { EMBEDDING, INPUT } from './embedding';
import { LOGITS, OUTPUT } from './output';

export const CELLS: Record<CellKind, Cell> = { lstm: LSTM, gru: GRU, rnn: RNN };

/** The layers around every kind of cell, by target (e = E·onehot, x = e, logits = W_y h + b_y, y = out(logits)). */
export const LAYERS: ReadonlyMap<string, Layer> = new Map([EMBEDDING, INPUT, LOGITS, OUTPUT].map((l) => [l.target, l]));

const eachKind = <T>(f: (cell: Cell) => T): Record<CellKind, T> => ({ lstm: f(LSTM), gru: f(GRU), rnn: f(RNN) });

/** Each kind's targets, each once, in the table's order (f i o g c h; r z n h; a h). */
export const TARGETS = eachKind((cell) => [...new Set(cell.equations.map((eq) => eq.target))]);

/** Each kind's gates (weight subscripts), in the order its affine equations name them: f i o c, r z h, a. */
export const GATES = eachKind((cell) => [...new Set(cell.equations.filter(isAffine).map((eq) => eq.gate))]);

/** The target of gate k's equation (the LSTM's gate c computes g), and the gate of a target. */
export function targetOf(kind: CellKind, k: string): string | undefined {
  return CELLS[kind].equations.find((eq) => isAffine(eq) && eq.gate === k)?.target;
}

export function gateOf(kind: CellKind, target: string): string | undefined {
  const eq = CELLS[kind].equations.find((e) => e.target === target);
  return eq && isAffine(eq) ? eq.gate : undefined;
}
