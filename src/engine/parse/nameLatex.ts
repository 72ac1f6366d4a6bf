// A canonical name as the step formulas write it in LaTeX: `h_prev` → `h_{t-1}`, `g` → `\tilde{c}_t`,
// `W_f` → `W_{f}`; a name of another layer or direction with its marks (streamNames.ts).
import { streamLatex } from './streamNames';

const SPECIAL_LATEX: Readonly<Record<string, string>> = {
  h_prev: 'h_{t-1}',
  c_prev: 'c_{t-1}',
  g: '\\tilde{c}_t',
  n: '\\tilde{h}_t',
  onehot: '\\mathrm{onehot}',
  weight_ih: 'W_{ih}',
  weight_hh: 'W_{hh}',
  bias_ih: 'b_{ih}',
  bias_hh: 'b_{hh}',
  kernel: '\\text{kernel}',
  recurrent_kernel: '\\text{recurrent\\_kernel}',
  bias: '\\text{bias}',
};
/** LaTeX for a canonical name, for step formulas. */
export function nameLatex(key: string): string {
  const stream = streamLatex(key, nameLatex);
  if (stream !== undefined) return stream;
  if (Object.hasOwn(SPECIAL_LATEX, key)) return SPECIAL_LATEX[key];
  const step = /^([a-z])_(\d+)$/.exec(key);
  if (step) return `${step[1] === 'g' ? '\\tilde{c}' : step[1] === 'n' ? '\\tilde{h}' : step[1]}_{${step[2]}}`;
  if (/^[xhcfiogrznaye]$/.test(key)) return `${key}_t`;
  const sub = /^([A-Za-z]+)_([A-Za-z0-9]+)$/.exec(key);
  if (sub) return `${sub[1]}_{${sub[2]}}`;
  return escapeLatexText(key);
}

function escapeLatexText(text: string): string {
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(text)) return text;
  return `\\text{${text.replace(/[\\{}$&#^_%~]/g, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`))}}`;
}
