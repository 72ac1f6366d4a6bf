// Gradient norms and Jacobians as text: the card's table, the chart's description and the hover
// read them the same way.
import type { BlockAnalysis, Quantity } from '../../engine/types';
import { formatNumber } from '../../engine/format';
import { frobenius, shapeText } from '../../engine/matrix';

/**
 * A norm with at least three significant digits and never fewer decimals than the block's
 * precision: norms span decades, and 0.000123 at four decimals would read 0.0001.
 */
export function normText(v: number, precision = 4): string {
  if (!Number.isFinite(v) || v === 0) return formatNumber(v, precision);
  const abs = Math.abs(v);
  // formatNumber writes these as 1.23e-5 / 2.5e7 at three significant digits.
  if (abs < 1e-4 || abs >= 1e7) return formatNumber(v, 3);
  return formatNumber(v, Math.max(precision, 2 - Math.floor(Math.log10(abs))));
}

const GRAD = /^grad\(\s*([^,()\s]+)\s*,\s*([^,()\s]+)\s*\)$/;

/**
 * The hover's line for a gradient quantity (`grad(h_4, h_1)`): "Jacobian ∂h_4/∂h_1, 2×2,
 * ‖·‖ = 0.0123"; "gradient ∂L/∂W_h, …" when the differentiated quantity is a scalar (a loss).
 * Undefined for any other quantity.
 */
export function gradientSummary(q: Quantity, a: Pick<BlockAnalysis, 'quantities' | 'shapes' | 'options'>): string | undefined {
  const m = GRAD.exec(q.name);
  if (!m) return undefined;
  const [, of, wrt] = m;
  // The engine's meaning starts with the symbol as the note writes it (`∂h_4/∂h_1`).
  const written = /^∂\S+\/∂[^\s,;:]+/.exec(q.meaning ?? '');
  const symbol = written ? written[0] : `∂${of}/∂${wrt}`;
  const ofShape = a.quantities.find((x) => x.name === of)?.value ?? shapeOf(a.shapes[of]);
  const kind = ofShape && ofShape.rows === 1 && ofShape.cols === 1 ? 'gradient' : 'Jacobian';
  return `${kind} ${symbol}, ${shapeText(q.value)}, ‖·‖ = ${normText(frobenius(q.value.data), a.options.precision)}`;
}

function shapeOf(shape: readonly [number, number] | undefined): { rows: number; cols: number } | undefined {
  return shape ? { rows: shape[0], cols: shape[1] } : undefined;
}
