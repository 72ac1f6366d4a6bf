// GRU (SPEC §5), column layout, v = [h_prev; x]. The candidate n uses the weights W_h, b_h.
import type { Cell } from './cell';

export const GRU: Cell = {
  state: ['h'],
  equations: [
    { target: 'r', gate: 'r', act: 'sigmoid' }, // r = σ(W_r v + b_r)
    { target: 'z', gate: 'z', act: 'sigmoid' }, // z = σ(W_z v + b_z)
    // n = tanh(W_h [r ⊙ h_prev; x] + b_h)
    { target: 'n', gate: 'h', act: 'tanh', reset: { by: 'r', at: 'before' }, when: { reset: 'before' } },
    // n = tanh(W_in x + b_in + r ⊙ (W_hn h_prev + b_hn))
    {
      target: 'n',
      gate: 'h',
      act: 'tanh',
      reset: { by: 'r', at: 'after' },
      when: { reset: 'after' },
      text: 'n = tanh(W_xh·x + b_in + r ⊙ (W_hh·h_prev + b_hn))',
    },
    { target: 'h', formula: 'z ⊙ h_prev + (1 − z) ⊙ n', when: { z: 'keep' } },
    { target: 'h', formula: '(1 − z) ⊙ h_prev + z ⊙ n', when: { z: 'write' } },
  ],
};
