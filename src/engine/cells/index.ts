// Every cell and layer, by kind: the solver reads them from here.
import type { CellKind } from '../types';
import type { Cell, Layer } from './cell';
import { LSTM } from './lstm';
import { GRU } from './gru';
import { RNN } from './rnn';
import { EMBEDDING, INPUT } from './embedding';
import { OUTPUT } from './output';

export const CELLS: Record<CellKind, Cell> = { lstm: LSTM, gru: GRU, rnn: RNN };

/** The layers around every kind of cell, by target. */
export const LAYERS: ReadonlyMap<string, Layer> = new Map([EMBEDDING, INPUT, OUTPUT].map((l) => [l.target, l]));
