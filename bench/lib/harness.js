// A small timing harness: runs a function until a time budget and a minimum sample count are
// reached, batching very short calls so each sample is well above the timer's resolution,
// and reports the median with the 10th and 90th percentiles (per call).
'use strict';
const { performance } = require('perf_hooks');

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i),
    hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: percentile(s, 0.5), p10: percentile(s, 0.1), p90: percentile(s, 0.9), n: s.length, min: s[0] };
}

/**
 * Times fn (ms per call). opts: warmup (calls), minSamples, maxSamples, budgetMs, setup (run
 * before each sample, untimed, for cold-cache cases), batch (calls per sample; 'auto' picks one
 * so a sample lasts ≥ 0.2 ms).
 */
function measure(fn, opts = {}) {
  const { warmup = 5, minSamples = 15, maxSamples = 2000, budgetMs = 1500, setup } = opts;
  let batch = opts.batch ?? 1;
  for (let i = 0; i < warmup; i++) {
    if (setup) setup();
    fn();
  }
  if (batch === 'auto') {
    batch = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) fn();
      const dt = performance.now() - t0;
      if (dt >= 0.2 || batch >= 1 << 16) break;
      batch *= 2;
    }
  }
  const samples = [];
  const start = performance.now();
  while (samples.length < maxSamples && (samples.length < minSamples || performance.now() - start < budgetMs)) {
    if (setup) setup();
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    samples.push((performance.now() - t0) / batch);
  }
  return { ...summarize(samples), batch };
}

module.exports = { measure, summarize, percentile };
