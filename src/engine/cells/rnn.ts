// Elman RNN (SPEC §5), column layout: the activation is the block's `act=` option.
import type { Cell } from './cell';

export const RNN: Cell = {
  state: ['h'],
  equations: [
    { target: 'a', gate: 'a', act: 'identity', recurrentFirst: true }, // a = W_h h_prev + W_x x + b
    { target: 'h', formula: 'tanh(a)', when: { act: 'tanh' } },
    { target: 'h', formula: 'σ(a)', when: { act: 'sigmoid' } },
    { target: 'h', formula: 'relu(a)', when: { act: 'relu' } },
  ],
};
