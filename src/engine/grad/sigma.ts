// The largest singular value of a square matrix, at float64: the largest eigenvalue of EᵀE by
// cyclic Jacobi rotations, which converge quadratically and to full precision even when the two
// largest singular values are close (power iteration would need thousands of steps there).
import { allocate, operate, type Work } from '../budget';

/** σ_max of the n×n row-major matrix E. */
export function largestSingularValue(E: Float64Array, n: number, work: Work): number {
  allocate(work, n * n);
  operate(work, n * n * n);
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += E[k * n + i] * E[k * n + j];
      A[i * n + j] = A[j * n + i] = sum;
    }
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0,
      diag = 0;
    for (let i = 0; i < n; i++) {
      diag += A[i * n + i] * A[i * n + i];
      for (let j = i + 1; j < n; j++) off += A[i * n + j] * A[i * n + j];
    }
    if (off <= 1e-32 * diag) break;
    // A sweep rotates every pair once: n²/2 rotations of 4n multiply-adds.
    operate(work, 2 * n * n * n);
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p],
            akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k],
            aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
      }
  }
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, A[i * n + i]);
  return Math.sqrt(max);
}
