// The variants' one source of randomness: a seeded generator, so a seed gives the same exam on
// every machine and Node version (Math.random can be neither seeded nor replayed).
import type { VarySpec } from '../engine/types';

export type Random = () => number;

/** mulberry32: 32 bits of state, uniform in [0, 1), and the same sequence for the same state everywhere. */
export function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The generator of one variant: the seed and the variant's number mixed (splitmix32's finaliser),
 * so variant 7 is the same whether 10 or 30 are asked for, and neighbouring seeds share no stream.
 */
export function variantRandom(seed: number, variant: number): Random {
  let h = (Math.imul(seed >>> 0, 0x9e3779b9) ^ Math.imul(variant + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad);
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97);
  return mulberry32((h ^ (h >>> 15)) >>> 0);
}

/** A whole number from 0 to n − 1. */
export function pick(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** One number of a range: its grid of steps 10^−digits from lo to hi, each equally likely. */
export function draw(random: Random, range: Exclude<VarySpec, { kind: 'none' }>): number {
  const scale = Math.pow(10, range.digits);
  const first = Math.ceil(range.lo * scale - 1e-9);
  const last = Math.floor(range.hi * scale + 1e-9);
  const k = first + pick(random, last - first + 1);
  // Divided, not multiplied by 10^−digits, so 0.3 is the double the note's `0.3` reads as.
  return k / scale || 0;
}
