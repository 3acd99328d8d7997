/** Latency summaries. Nearest-rank percentiles: p99 of 200 samples is the second-worst, not an interpolation. */
export interface Summary {
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.length === 0 ? 0 : sorted.reduce((s, x) => s + x, 0) / sorted.length;
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean, max: sorted[sorted.length - 1] ?? 0 };
}

/** Median of `repeats` timings of `fn` (ms per call over `calls` calls), so one GC pause does not skew a micro-benchmark. */
export function timePerCall(fn: () => void, calls: number, repeats = 5): number {
  const runs: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    runs.push((performance.now() - t) / calls);
  }
  return percentile(
    runs.sort((a, b) => a - b),
    50,
  );
}
