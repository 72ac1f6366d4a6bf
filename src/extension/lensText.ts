// What a block's CodeLens says. The actions come first and the summary after them, kept short: in
// an editor half the window wide the lens is cut at its end, and the detail (sizes, layout, what
// was computed, each check) is in the tooltip, the hover and the step panel. No VS Code here.
import type { BlockAnalysis } from '../engine/types';
import { blockSpellings, spell } from '../engine/spelling';

/** The summary a lens shows after its actions: `LSTM · 2/3 ✓ · 1 ✗`, `GRU · 4/4 ✓`, `LSTM · 143 parameters` (shapes only). */
export function summarize(a: BlockAnalysis): string {
  const parts: string[] = [a.kind.toUpperCase()];
  if (a.shapesOnly && !a.parameters) parts.push('shapes only');
  // A check that could not be evaluated is counted once, among the errors.
  const total = a.checks.filter((c) => !c.error).length;
  if (total) {
    const passed = a.checks.filter((c) => c.pass).length;
    parts.push(`${passed}/${total} ✓`);
    if (passed < total) parts.push(`${total - passed} ✗`);
  } else if (a.parameters) {
    parts.push(`${a.parameters.total} parameters`);
  }
  const errors = a.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'check').length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Names the cell computed (not given), as the note writes them, in the engine's order, without step numbers. */
export function computedNames(a: BlockAnalysis): string[] {
  const spellings = blockSpellings(a);
  const seen = new Set<string>();
  for (const q of a.quantities) if (q.origin === 'computed') seen.add(q.base);
  const names = [...seen].map((n) => spell(spellings, n));
  return a.sequenceLength ? names.map((n) => `${n}_1…${a.sequenceLength}`) : names;
}

/** The lens's tooltip: what the summary leaves out, one line each, then every check with its verdict. */
export function lensTooltip(a: BlockAnalysis): string {
  const head: string[] = [a.kind.toUpperCase()];
  const sizes = Object.entries(a.sizes).map(([k, v]) => `${k}=${v}`);
  if (sizes.length) head.push(sizes.join(', '));
  if (a.sequenceLength !== undefined && !('T' in a.sizes)) head.push(`T=${a.sequenceLength}`);
  head.push(`${a.options.layout} layout`);
  const lines = [head.join(' · ')];
  if (a.shapesOnly) {
    lines.push('shapes only (no values given)');
  } else {
    const computed = computedNames(a);
    lines.push(computed.length ? `computed ${computed.join(', ')}` : 'nothing computed');
  }
  if (a.parameters) lines.push(`parameters: ${a.parameters.sum}`);
  if (a.parameters && a.parameters.layers.length > 1) lines.push(`by layer: ${a.parameters.summary}`);
  for (const c of a.checks) lines.push(`${c.pass ? '✓' : c.error ? '⚠ cannot evaluate' : '✗'} ${c.written.trim()}`);
  return lines.join('\n');
}
