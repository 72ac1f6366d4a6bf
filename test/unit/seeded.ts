// A small seeded generator for tests that make their cases, so a failure names a reproducible one.
// (bench/lib/gen.js holds the same mulberry32 for the bench, which is plain JavaScript outside out/.)

/** mulberry32: uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
