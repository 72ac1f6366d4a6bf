// A weight the cell does not read is never silent (issue 14): a block that gives W_f and W_xf,
// or b and the pair b_ih + b_hh, computes with one of them, and says which and why.
import type { CellKind } from './types';
import type { Solver } from './solve';
import type { CheckDef } from './checks/evaluate';
import type { Diag } from './diagnostics';
import { GATES, gateNames, type AffineForm } from './cells/forms';
import { meaning } from './parse/nameTables';
import { displayKey, splitTag } from './streams';

const PACKED = ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh', 'kernel', 'recurrent_kernel', 'bias'];

/** Warns on each given weight of the cell that no gate's form reads (only once every gate has its form). */
export function noteUnusedWeights(solver: Solver, checks: readonly CheckDef[], diag: Diag): void {
  const { kind, givens } = solver.setup;
  const forms: AffineForm[] = [];
  for (const k of GATES[kind]) {
    const f = solver.forms.get(k);
    // A gate without its form (given as a value, or missing weights) leaves open which weights it would read.
    if (!f || 'code' in f) return;
    forms.push(f);
  }
  const used = new Set(forms.flatMap((f) => f.uses));
  // A weight a formula names (`a ?= W_x*x + b_ih`, a formula per step) is used by the note itself (a stream's, under its plain key).
  const link = solver.link;
  const own = (key: string) => {
    const s = link && splitTag(key);
    return !link ? key : s && s.tag === link.stream.tag ? s.inner : undefined;
  };
  const note = (key: string) => (link ? displayKey(link.outer(key)) : key);
  for (const g of [...solver.setup.givens.values(), ...(solver.setup.perStep?.values() ?? [])])
    for (const u of g.expr.names) used.add(own(solver.setup.canon(u.resolved.key)) ?? '');
  for (const c of checks) for (const u of [...c.lhs.names, ...c.rhs.names]) used.add(own(solver.setup.canon(u.resolved.key)) ?? '');
  for (const [key, g] of givens) {
    if (used.has(key) || !isCellWeight(kind, key)) continue;
    const reads = (forms.find((_, i) => gateOf(kind, GATES[kind][i], key))?.uses ?? [...new Set(forms.flatMap((f) => f.uses))]).map(note);
    diag(
      'warning',
      'unknown-name',
      g.nameRange,
      `${g.written}, the ${meaning(kind, key, key)}, is given but the cell reads ${reads.join(', ')} instead, so ${g.written} is not used; ` +
        `remove it, or give the weights one way (${alternatives(kind, key)})`,
    );
  }
}

function isCellWeight(kind: CellKind, key: string): boolean {
  return PACKED.includes(key) || GATES[kind].some((k) => gateOf(kind, k, key));
}

function gateOf(kind: CellKind, k: string, key: string): boolean {
  return Object.values(gateNames(kind, k)).includes(key);
}

/** The ways of writing a gate's weights, as the hint names them. */
function alternatives(kind: CellKind, key: string): string {
  if (PACKED.includes(key)) return 'packed, or per gate';
  if (key.startsWith('b')) return kind === 'rnn' ? 'b, or the pair b_ih + b_hh' : 'b_k, or the pair b_ik + b_hk';
  return kind === 'rnn' ? 'W on [h_prev; x], or W_x with W_h' : 'W_k on [h_prev; x], W_xk with W_hk, or W_k with U_k';
}
