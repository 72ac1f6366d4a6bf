// LSTM (SPEC §5), column layout, v = [h_prev; x]. The candidate g uses the weights W_c, b_c.
import type { Cell } from './cell';

export const LSTM: Cell = {
  state: ['h', 'c'],
  equations: [
    { target: 'f', gate: 'f', act: 'sigmoid' }, // f = σ(W_f v + b_f)
    { target: 'i', gate: 'i', act: 'sigmoid' }, // i = σ(W_i v + b_i)
    { target: 'o', gate: 'o', act: 'sigmoid' }, // o = σ(W_o v + b_o)
    { target: 'g', gate: 'c', act: 'tanh' }, // g = tanh(W_c v + b_c)
    { target: 'c', formula: 'f ⊙ c_prev + i ⊙ g' },
    { target: 'h', formula: 'o ⊙ tanh(c)' },
  ],
};
